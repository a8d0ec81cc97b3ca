// libFuzzer target: DocumentFromJson (pipeline/document_json.h), the parser of
// what an isolated extraction child sends back (pipeline/isolate.h) and of the
// cache: the parent must survive any reply. Seeds: `evcov extract` dumps made
// by scripts/fuzz-smoke.sh.
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>

#include "pipeline/document_json.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto j = nlohmann::json::parse(data, data + size, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return 0;
  auto doc = evcov::DocumentFromJson(j);
  if (doc.ok())
    (void)evcov::ToJson(*doc).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return 0;
}
