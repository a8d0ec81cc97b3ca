// Document: the one format-neutral model every extractor produces.
//
// Plain data only: nothing here knows PDF, OOXML, XML or OCR, and nothing knows
// checklists. A Document is a list of Blocks in reading order; each Block knows
// where it came from (Locator), so evidence is never re-derived later.
// Serialised as JSON by pipeline/document_json.h (schema "evcov-document/1").
#pragma once

#include <map>
#include <string>
#include <vector>

namespace evcov {

enum class BlockKind {
  kHeading,       // a heading; its text is also in later blocks' heading_path
  kParagraph,     // running text
  kListItem,      // a bullet or numbered item
  kTableRow,      // one table or spreadsheet row, cells joined by " | "
  kSlideText,     // text of a slide's shape
  kNotes,         // speaker notes
  kDiagramLabel,  // a shape or edge label in a diagram
  kOcrLine,       // a line of text read by OCR
};

const char* ToString(BlockKind kind);

// Where a block sits in its file. Unused fields stay at their zero value.
struct Locator {
  int page = 0;                           // 1-based PDF page, slide number, diagram page; 0 = n/a
  std::string sheet;                      // spreadsheet sheet name
  std::string cell;                       // first cell of the row, e.g. "A7"
  bool notes = false;                     // speaker notes of `page` (a slide)
  std::vector<std::string> heading_path;  // enclosing headings, outermost first
  bool ocr = false;                       // text came from OCR
  float confidence = -1;                  // OCR mean word confidence 0..100; -1 = n/a

  // A short human form: "p. 3", "slide 4 (notes)", "Sheet1!A7", "§ Scope > Out".
  std::string ToString() const;
};

struct Block {
  BlockKind kind = BlockKind::kParagraph;
  std::string text;  // UTF-8, NFC after normalisation
  Locator loc;
};

// A problem that did not stop extraction: the document is usable but partial.
struct Warning {
  std::string code;     // stable, e.g. "ocr-low-confidence", "page-no-text"
  std::string message;  // for people
  Locator loc;
};

// What kind of source the document is; the matcher uses this for evidence
// items such as "an architecture diagram" without knowing any file format.
enum class SourceKind { kText, kSpreadsheet, kSlides, kDiagram, kImage };

const char* ToString(SourceKind kind);

struct Document {
  std::string path;        // as given (relative to the applicant folder in a run)
  std::string media_type;  // sniffed from content, e.g. "application/pdf"
  std::string extractor;   // name of the extractor that read it
  SourceKind source = SourceKind::kText;
  int page_count = 0;                           // pages, slides, sheets or diagram pages
  std::vector<int> ocr_pages;                   // pages read by OCR (1-based)
  std::map<std::string, std::string> metadata;  // title, author, created, ...
  std::vector<Block> blocks;
  std::vector<Warning> warnings;
};

}  // namespace evcov
