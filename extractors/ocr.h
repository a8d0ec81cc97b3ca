// OCR with Tesseract: images and PDF pages that have no text layer.
//
// Every OCR'd block is one Tesseract paragraph (kOcrLine, its lines joined by
// spaces so sentences stay together) with Locator::ocr = true and the mean
// confidence of its words. Words below kOcrDropConfidence are dropped;
// paragraphs below kOcrLowConfidence add one "ocr-low-confidence" warning per
// page. Pixel counts are checked against ExtractOptions::max_pixels before
// decoding or rendering, so a huge image fails or is rendered smaller instead
// of exhausting memory. One Tesseract engine per thread (Init is slow), so
// several threads may OCR at once.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "extractors/extractor.h"

struct Pix;  // Leptonica

namespace poppler {
class document;
}

namespace evcov {

inline constexpr float kOcrDropConfidence = 30;  // words below this are noise
inline constexpr float kOcrLowConfidence = 60;   // paragraphs below this are doubtful

struct PixDeleter {
  void operator()(Pix* pix) const;
};
using PixPtr = std::unique_ptr<Pix, PixDeleter>;

// Renders page `index` (0-based) of `pdf` at options.ocr_dpi (less when the page
// would exceed max_pixels), OCRs it and appends its blocks to `doc` (and its page
// number to doc->ocr_pages). Failures become warnings on that page: the rest of
// the document is still usable.
void OcrPdfPage(const poppler::document& pdf, int index, const ExtractContext& ctx, Document* doc,
                std::vector<std::string>* heading_path);

// OCRs `pix` (any depth; 8-bit gray is best), the image of page `page` (1-based),
// and returns one kOcrLine block per paragraph. The Pix resolution, when set, is
// passed to Tesseract; otherwise Tesseract estimates it. Low-confidence pages add
// a warning to `warnings`. An Error means OCR could not run at all (Tesseract or
// its language data unavailable); callers turn it into an "ocr-unavailable" warning.
Result<std::vector<Block>> OcrPix(Pix* pix, int page, const ExtractContext& ctx,
                                  std::vector<Warning>* warnings);

}  // namespace evcov
