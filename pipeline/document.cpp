#include "pipeline/document.h"

namespace evcov {

const char* ToString(BlockKind kind) {
  switch (kind) {
    case BlockKind::kHeading:
      return "heading";
    case BlockKind::kParagraph:
      return "paragraph";
    case BlockKind::kListItem:
      return "list-item";
    case BlockKind::kTableRow:
      return "table-row";
    case BlockKind::kSlideText:
      return "slide-text";
    case BlockKind::kNotes:
      return "notes";
    case BlockKind::kDiagramLabel:
      return "diagram-label";
    case BlockKind::kOcrLine:
      return "ocr-line";
  }
  return "paragraph";
}

const char* ToString(SourceKind kind) {
  switch (kind) {
    case SourceKind::kText:
      return "text";
    case SourceKind::kSpreadsheet:
      return "spreadsheet";
    case SourceKind::kSlides:
      return "slides";
    case SourceKind::kDiagram:
      return "diagram";
    case SourceKind::kImage:
      return "image";
  }
  return "text";
}

std::string Locator::ToString() const {
  std::string out;
  auto add = [&](const std::string& part) {
    if (part.empty()) return;
    if (!out.empty()) out += ", ";
    out += part;
  };
  if (!sheet.empty()) {
    add(sheet + (cell.empty() ? "" : "!" + cell));
  } else if (!cell.empty()) {
    add(cell);
  }
  if (page > 0) add((notes ? "slide " : "p. ") + std::to_string(page) + (notes ? " (notes)" : ""));
  if (!heading_path.empty()) {
    std::string path = "\xC2\xA7 ";
    for (size_t i = 0; i < heading_path.size(); ++i) {
      path += (i ? " > " : "") + heading_path[i];
    }
    add(path);
  }
  if (ocr) add("OCR");
  return out;
}

}  // namespace evcov
