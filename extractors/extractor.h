// Extractor: turns the bytes of one file of a known media type into a Document.
//
// One extractor per format, each in its own file, registered by media type in
// extractors/registry.cpp. An extractor knows nothing of checklists or of the
// applicant; it never writes files and never reads any file but the one given.
// It fails with an Error (kind + reason), never with a silently empty Document:
// a file that yields no text at all is an error unless the extractor says why
// in a Warning.
#pragma once

#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/document.h"
#include "pipeline/result.h"

namespace evcov {

struct ExtractOptions {
  bool ocr = true;                      // OCR images and PDF pages without text
  int ocr_dpi = 300;                    // render resolution for scanned PDF pages
  int min_page_chars = 32;              // fewer characters on a PDF page => OCR it
  long max_pixels = 60L * 1000 * 1000;  // refuse larger images / renders
  int max_pages = 2000;                 // refuse PDFs with more pages
  std::string ocr_lang = "eng";
};

struct ExtractContext {
  std::string path;        // for messages and Document::path; never opened by extractors
  std::string media_type;  // as sniffed by the registry
  ExtractOptions options;
};

class Extractor {
 public:
  virtual ~Extractor() = default;
  // A stable name, recorded in Document::extractor and cache keys.
  virtual std::string_view name() const = 0;
  // Bumped when output changes, so cached Documents are refreshed.
  virtual int version() const { return 1; }
  // Media types this extractor reads, e.g. "application/pdf".
  virtual std::vector<std::string> media_types() const = 0;
  virtual Result<Document> Extract(std::span<const std::byte> bytes,
                                   const ExtractContext& ctx) const = 0;
};

}  // namespace evcov
