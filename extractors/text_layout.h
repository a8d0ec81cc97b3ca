// Turning a page's plain lines into blocks: paragraphs, list items, headings.
//
// Shared by extractors whose source is a flat list of lines (a PDF text layer,
// OCR output, plain text). The rules are deliberately simple and documented:
// - a blank line ends a paragraph;
// - a line starting with a bullet or "1." / "a)" starts a list item;
// - a short line without final punctuation that is numbered ("3.2 Scope"), in
//   capitals, or followed by a longer line is a heading;
// - otherwise a line continues the paragraph unless the previous line ended a
//   sentence and was clearly shorter than the page's typical line.
#pragma once

#include <string>
#include <vector>

#include "pipeline/document.h"

namespace evcov {

struct LayoutOptions {
  bool detect_headings = true;
  BlockKind paragraph_kind = BlockKind::kParagraph;
};

// Appends blocks for `lines` to `out`; `base` is copied into each block's locator
// and `heading_path` is updated in place as headings are found.
void LinesToBlocks(const std::vector<std::string>& lines, const Locator& base,
                   std::vector<std::string>* heading_path, std::vector<Block>* out,
                   const LayoutOptions& options = {});

// Splits text on '\n', trimming '\r' and trailing spaces.
std::vector<std::string> SplitLines(const std::string& text);

}  // namespace evcov
