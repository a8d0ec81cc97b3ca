// Placeholder until the OCR extractor lands: records that the page was not read.
#include "extractors/ocr.h"

namespace evcov {

void OcrPdfPage(const poppler::document& /*pdf*/, int index, const ExtractContext& /*ctx*/,
                Document* doc, std::vector<std::string>* /*heading_path*/) {
  Locator loc;
  loc.page = index + 1;
  doc->warnings.push_back({"page-no-text", "page has no text layer and OCR is not available", loc});
}

}  // namespace evcov
