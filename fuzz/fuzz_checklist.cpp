// libFuzzer target: the checklist loader (pipeline/checklist.h). The input is a
// checklist file read with the real lexicon (checklists/lexicon.xml); any
// Result is fine, a crash, hang, leak or sanitizer report is not. Seeds: the
// checklists/*.xml of the source tree.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <string>

#include "pipeline/checklist.h"

namespace {

const std::string& Path() {
  static const std::string path = [] {
    char tmpl[] = "/tmp/evcov-fuzz-checklist-XXXXXX";
    const char* made = mkdtemp(tmpl);
    if (!made) std::abort();
    return std::string(made) + "/fuzz.xml";
  }();
  return path;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  {
    std::ofstream out(Path(), std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  (void)evcov::LoadChecklistFile(Path(), std::string(EVCOV_DATA_DIR) + "/checklists/lexicon.xml");
  return 0;
}
