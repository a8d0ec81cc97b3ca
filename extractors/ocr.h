// OCR with Tesseract: images and PDF pages that have no text layer.
//
// Every OCR'd block carries Locator::ocr = true and the mean word confidence;
// lines below the confidence floor add an "ocr-low-confidence" warning. Pixel
// counts are checked against ExtractOptions::max_pixels before decoding or
// rendering, so a huge image fails with a warning instead of exhausting memory.
#pragma once

#include <string>
#include <vector>

#include "extractors/extractor.h"

namespace poppler {
class document;
}

namespace evcov {

// Renders page `index` (0-based) of `pdf` at options.ocr_dpi, OCRs it and appends
// its blocks to `doc` (and its page number to doc->ocr_pages). Failures become
// warnings on that page: the rest of the document is still usable.
void OcrPdfPage(const poppler::document& pdf, int index, const ExtractContext& ctx,
                Document* doc, std::vector<std::string>* heading_path);

}  // namespace evcov
