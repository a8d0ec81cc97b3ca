// libFuzzer target: the applicant.yaml loader (pipeline/applicant.h). The input
// is written to <tmp>/applicant.yaml and loaded; any Result is fine, a crash,
// hang, leak or sanitizer report is not. Seeds: the samples' applicant.yaml.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <string>

#include "pipeline/applicant.h"

namespace {

const std::string& Dir() {
  static const std::string dir = [] {
    char tmpl[] = "/tmp/evcov-fuzz-applicant-XXXXXX";
    const char* made = mkdtemp(tmpl);
    if (!made) std::abort();
    return std::string(made);
  }();
  return dir;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  {
    std::ofstream out(Dir() + "/applicant.yaml", std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  (void)evcov::LoadApplicant(Dir());
  return 0;
}
