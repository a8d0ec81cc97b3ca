// libFuzzer target: every extractor, through the registry.
//
// The first byte picks the route, the rest is the file: 0 sniffs the content
// and dispatches as a run does (seeds are fixture files behind a 0 byte, see
// scripts/fuzz-smoke.sh); k > 0 hands the bytes straight to the extractor of
// media type (k - 1) mod n, so every extractor also sees what the sniffer
// would have sent elsewhere. OCR is off: Tesseract costs ~1 s per input, and
// image decoding (Leptonica) only happens for OCR, so images are fuzzed up to
// their header checks.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <string>
#include <vector>

#include "extractors/registry.h"

namespace {

struct Route {
  const evcov::Extractor* extractor;
  std::string media_type;
};

const std::vector<Route>& Routes() {
  static const std::vector<Route> routes = [] {
    std::vector<Route> r;
    for (const auto& e : evcov::ExtractorRegistry::Builtin().extractors()) {
      for (const auto& t : e->media_types()) r.push_back({e.get(), t});
    }
    return r;
  }();
  return routes;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const auto bytes = std::as_bytes(std::span<const uint8_t>(data + 1, size - 1));
  evcov::ExtractContext ctx;
  ctx.path = "fuzz-input";
  ctx.options.ocr = false;
  if (data[0] == 0) {
    (void)evcov::ExtractorRegistry::Builtin().Extract(bytes, ctx);
    return 0;
  }
  const Route& route = Routes()[(data[0] - 1u) % Routes().size()];
  ctx.media_type = route.media_type;
  (void)route.extractor->Extract(bytes, ctx);
  return 0;
}
