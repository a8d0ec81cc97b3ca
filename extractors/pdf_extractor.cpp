// PdfExtractor: the text layer of each page via poppler-cpp.
//
// Handles: text per page in reading order, split into paragraphs, list items
// and headings (extractors/text_layout.h); document info (title, author,
// dates). Pages whose text layer is thinner than ExtractOptions::min_page_chars
// are also handed to OCR (extractors/ocr.h) when OCR is on; otherwise they get a
// "page-no-text" warning. Refuses: encrypted/locked PDFs (kEncrypted), files
// poppler cannot open (kCorrupt), more than max_pages pages (kLimit).
#include <poppler-document.h>
#include <poppler-page.h>

#include <memory>

#include "extractors/extractor.h"
#include "extractors/ocr.h"
#include "extractors/text_layout.h"

namespace evcov {

namespace {

std::string Utf8(const poppler::ustring& s) {
  auto bytes = s.to_utf8();
  return std::string(bytes.begin(), bytes.end());
}

// Characters, not bytes: min_page_chars is a count of characters, and Arabic or
// CJK text takes two or three UTF-8 bytes a character.
size_t CountVisible(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) {
    if (!std::isspace(c) && (c & 0xC0) != 0x80) ++n;
  }
  return n;
}

class PdfExtractor final : public Extractor {
 public:
  std::string_view name() const override { return "pdf"; }
  int version() const override { return 2; }
  std::vector<std::string> media_types() const override { return {"application/pdf"}; }

  Result<Document> Extract(std::span<const std::byte> bytes,
                           const ExtractContext& ctx) const override {
    poppler::byte_array data(reinterpret_cast<const char*>(bytes.data()),
                             reinterpret_cast<const char*>(bytes.data()) + bytes.size());
    std::unique_ptr<poppler::document> pdf(poppler::document::load_from_data(&data));
    if (!pdf) {
      return MakeError(ErrorKind::kCorrupt, ctx.path,
                       "poppler cannot open this PDF (damaged or not a PDF)");
    }
    if (pdf->is_locked() || pdf->is_encrypted()) {
      if (pdf->is_locked()) {
        return MakeError(ErrorKind::kEncrypted, ctx.path, "PDF is password-protected");
      }
    }
    const int pages = pdf->pages();
    if (pages > ctx.options.max_pages) {
      return MakeError(ErrorKind::kLimit, ctx.path,
                       "PDF has " + std::to_string(pages) + " pages (limit " +
                           std::to_string(ctx.options.max_pages) + ")");
    }
    Document doc;
    doc.source = SourceKind::kText;
    doc.page_count = pages;
    for (const char* key : {"Title", "Author", "Subject", "Creator", "Producer"}) {
      std::string v = Utf8(pdf->info_key(key));
      if (!v.empty()) doc.metadata[key] = v;
    }
    std::vector<std::string> heading_path;
    for (int i = 0; i < pages; ++i) {
      std::unique_ptr<poppler::page> page(pdf->create_page(i));
      if (!page) {
        doc.warnings.push_back({"page-unreadable", "page could not be read", {i + 1}});
        continue;
      }
      std::string text = Utf8(page->text());
      Locator loc;
      loc.page = i + 1;
      // A thin text layer (a title on a scanned page, a slide label) is kept,
      // and the page is OCR'd as well, so neither source is lost.
      if (CountVisible(text) > 0) LinesToBlocks(SplitLines(text), loc, &heading_path, &doc.blocks);
      if (CountVisible(text) < static_cast<size_t>(ctx.options.min_page_chars)) {
        if (ctx.options.ocr) {
          OcrPdfPage(*pdf, i, ctx, &doc, &heading_path);
        } else {
          doc.warnings.push_back(
              {"page-no-text", "page has little or no text layer; OCR is off", loc});
        }
      }
    }
    if (doc.blocks.empty() && doc.warnings.empty()) {
      return MakeError(ErrorKind::kCorrupt, ctx.path, "PDF has no text on any page");
    }
    return doc;
  }
};

}  // namespace

std::unique_ptr<Extractor> MakePdfExtractor() { return std::make_unique<PdfExtractor>(); }

}  // namespace evcov
