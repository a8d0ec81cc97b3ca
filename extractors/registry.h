// The extractor registry: media type -> Extractor, and the one dispatch call.
//
// Types come from content (libmagic; for ZIP containers the OOXML
// [Content_Types].xml; for XML the root element), never from the extension
// alone: a DOCX named .pdf is read as DOCX. The extension only separates text
// flavours libmagic cannot tell apart (Markdown vs plain text) and adds a
// warning when it disagrees with the content. A type with no extractor is an
// ErrorKind::kUnsupported error ("no extractor for <type>"), never silence.
#pragma once

#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "extractors/extractor.h"

namespace evcov {

// Media type of `bytes`; `name` (a file name) is a hint only.
std::string SniffMediaType(std::span<const std::byte> bytes, std::string_view name);

class ExtractorRegistry {
 public:
  // Every built-in extractor; the list is in registry.cpp.
  static const ExtractorRegistry& Builtin();

  explicit ExtractorRegistry(std::vector<std::unique_ptr<Extractor>> extractors);

  // Exact media type first, then the supertype's wildcard ("text/*"); nullptr if none.
  const Extractor* Find(std::string_view media_type) const;
  const std::vector<std::unique_ptr<Extractor>>& extractors() const { return extractors_; }

  // Sniff, dispatch and extract. The Document's path, media_type and extractor are
  // filled in here; an extension that disagrees with the content adds a warning.
  Result<Document> Extract(std::span<const std::byte> bytes, const ExtractContext& ctx) const;

 private:
  std::vector<std::unique_ptr<Extractor>> extractors_;
};

}  // namespace evcov
