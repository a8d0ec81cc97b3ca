#include "pipeline/extract.h"

#include "extractors/registry.h"
#include "pipeline/atomic_file.h"
#include "pipeline/normalise.h"

namespace evcov {

Result<Document> ExtractFileInProcess(const std::string& path, const std::string& relative,
                                      const ExtractOptions& options) {
  auto bytes = ReadFile(path);
  if (!bytes.ok()) return Error{bytes.error().kind, relative, bytes.error().message};
  ExtractContext ctx;
  ctx.path = relative;
  ctx.options = options;
  try {
    auto doc = ExtractorRegistry::Builtin().Extract(
        std::as_bytes(std::span<const char>(bytes->data(), bytes->size())), ctx);
    if (doc.ok()) {
      for (auto& b : doc->blocks) b.text = NormaliseNfc(b.text);
    }
    return doc;
  } catch (const std::exception& e) {
    return MakeError(ErrorKind::kInternal, relative, std::string("extractor failed: ") + e.what());
  }
}

}  // namespace evcov
