// DocxExtractor: Word documents (OOXML) via libzip + libxml2.
//
// Handles: body paragraphs in order; headings from paragraph styles (built-in
// "Heading N"/"Title" names or an outline level in styles.xml) kept as the
// heading path of what follows; numbered and bulleted paragraphs as list
// items; tables as one block per row, cells joined by " | " (nested tables are
// flattened into their cell); content controls (w:sdt) around paragraphs,
// tables, table rows and cells; core properties (title, creator, dates).
// Partly: text boxes are read where they sit.
// Skips: headers, footers, comments, footnotes, tracked deletions.
#include <algorithm>
#include <map>

#include "extractors/extractor.h"
#include "extractors/opc.h"
#include "extractors/text_util.h"
#include "extractors/xml_util.h"
#include "extractors/zip_archive.h"

namespace evcov {

namespace {

// Parsed container: what the mapping needs, nothing of OOXML beyond it.
struct DocxStyles {
  std::map<std::string, int> heading_level;  // styleId -> 1..9
};

int LevelFromStyleName(std::string name) {
  for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (name == "title") return 1;
  if (name.rfind("heading", 0) == 0) {
    std::string rest = name.substr(7);
    while (!rest.empty() && rest[0] == ' ') rest.erase(0, 1);
    if (!rest.empty() && std::isdigit(static_cast<unsigned char>(rest[0]))) {
      return std::clamp(std::stoi(rest.substr(0, 1)), 1, 9);
    }
  }
  return 0;
}

DocxStyles ParseStyles(xmlNode* root) {
  DocxStyles styles;
  for (xmlNode* s : Children(root, "style")) {
    std::string id = Attr(s, "styleId");
    int level = LevelFromStyleName(Attr(FirstChild(s, "name"), "val"));
    if (level == 0) level = LevelFromStyleName(id);
    if (xmlNode* ppr = FirstChild(s, "pPr")) {
      if (xmlNode* ol = FirstChild(ppr, "outlineLvl")) {
        std::string v = Attr(ol, "val");
        if (!v.empty() && std::isdigit(static_cast<unsigned char>(v[0]))) level = std::stoi(v) + 1;
      }
    }
    if (level > 0 && level <= 9) styles.heading_level[id] = level;
  }
  return styles;
}

// Text of a paragraph: runs, tabs and breaks; deleted text is skipped.
void AppendRunText(xmlNode* node, std::string* out) {
  for (xmlNode* c = node->children; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE) continue;
    auto name = LocalName(c);
    if (name == "t") {
      *out += TextOf(c);
    } else if (name == "tab") {
      *out += ' ';
    } else if (name == "br" || name == "cr") {
      *out += ' ';
    } else if (name == "p") {
      // Paragraphs inside a table cell or a text box: without the space the last
      // word of one and the first of the next become one ("1.0August").
      AppendRunText(c, out);
      *out += ' ';
    } else if (name == "del" || name == "delText" || name == "instrText" || name == "rPr" ||
               name == "pPr") {
      continue;
    } else {
      AppendRunText(c, out);
    }
  }
}

// Rows of a table or cells of a row: direct children, and those wrapped in
// content controls (w:sdt/w:sdtContent) or custom XML, as templates' editable
// rows and cells are.
std::vector<xmlNode*> TableChildren(xmlNode* node, std::string_view name) {
  std::vector<xmlNode*> out;
  for (xmlNode* c = node->children; c; c = c->next) {
    if (IsElement(c, name)) {
      out.push_back(c);
    } else if (IsElement(c, "sdt") || IsElement(c, "customXml")) {
      xmlNode* content = IsElement(c, "sdt") ? FirstChild(c, "sdtContent") : c;
      if (!content) continue;
      auto inner = TableChildren(content, name);
      out.insert(out.end(), inner.begin(), inner.end());
    }
  }
  return out;
}

class DocxMapper {
 public:
  DocxMapper(const DocxStyles& styles, Document* doc) : styles_(styles), doc_(doc) {}

  void Body(xmlNode* body) {
    for (xmlNode* c = body->children; c; c = c->next) {
      if (IsElement(c, "p")) {
        Paragraph(c);
      } else if (IsElement(c, "tbl")) {
        Table(c);
      } else if (IsElement(c, "sdt")) {
        if (xmlNode* content = FirstChild(c, "sdtContent")) Body(content);
      }
    }
  }

 private:
  void Paragraph(xmlNode* p) {
    std::string text;
    AppendRunText(p, &text);
    text = CollapseWhitespace(text);
    if (text.empty()) return;
    int level = 0;
    bool list = false;
    if (xmlNode* ppr = FirstChild(p, "pPr")) {
      std::string style = Attr(FirstChild(ppr, "pStyle"), "val");
      auto it = styles_.heading_level.find(style);
      if (it != styles_.heading_level.end()) level = it->second;
      if (level == 0) level = LevelFromStyleName(style);
      if (xmlNode* ol = FirstChild(ppr, "outlineLvl")) {
        std::string v = Attr(ol, "val");
        if (!v.empty() && std::isdigit(static_cast<unsigned char>(v[0])) && v[0] < '9') {
          level = std::stoi(v) + 1;
        }
      }
      list = FirstChild(ppr, "numPr") != nullptr || style.find("List") != std::string::npos;
    }
    Block b;
    b.text = text;
    if (level > 0) {
      path_.resize(std::min<size_t>(path_.size(), level - 1));
      b.kind = BlockKind::kHeading;
      b.loc.heading_path = path_;
      doc_->blocks.push_back(b);
      path_.push_back(text);
      return;
    }
    b.kind = list ? BlockKind::kListItem : BlockKind::kParagraph;
    b.loc.heading_path = path_;
    doc_->blocks.push_back(std::move(b));
  }

  void Table(xmlNode* tbl) {
    for (xmlNode* tr : TableChildren(tbl, "tr")) {
      std::string row;
      for (xmlNode* tc : TableChildren(tr, "tc")) {
        std::string cell;
        AppendRunText(tc, &cell);
        cell = CollapseWhitespace(cell);
        if (!row.empty()) row += " | ";
        row += cell;
      }
      if (CollapseWhitespace(row).find_first_not_of(" |") == std::string::npos) continue;
      Block b;
      b.kind = BlockKind::kTableRow;
      b.text = row;
      b.loc.heading_path = path_;
      doc_->blocks.push_back(std::move(b));
    }
  }

  const DocxStyles& styles_;
  Document* doc_;
  std::vector<std::string> path_;
};

class DocxExtractor final : public Extractor {
 public:
  std::string_view name() const override { return "docx"; }
  int version() const override { return 2; }
  std::vector<std::string> media_types() const override {
    return {"application/vnd.openxmlformats-officedocument.wordprocessingml.document"};
  }

  Result<Document> Extract(std::span<const std::byte> bytes,
                           const ExtractContext& ctx) const override {
    auto zip = ZipArchive::Open(bytes, ctx.path);
    if (!zip.ok()) return zip.error();
    auto main_xml = (*zip)->Read("word/document.xml");
    if (!main_xml.ok()) {
      return MakeError(ErrorKind::kCorrupt, ctx.path, "DOCX has no word/document.xml part");
    }
    auto parsed = ParseXml(*main_xml, ctx.path, "word/document.xml");
    if (!parsed.ok()) return parsed.error();

    DocxStyles styles;
    if ((*zip)->Has("word/styles.xml")) {
      auto sp = ReadXmlPart(**zip, ctx.path, "word/styles.xml");
      if (sp.ok()) styles = ParseStyles(xmlDocGetRootElement(sp->get()));
    }
    Document doc;
    doc.source = SourceKind::kText;
    doc.page_count = 1;
    ReadCoreProperties(**zip, ctx.path, &doc);
    xmlNode* root = xmlDocGetRootElement(parsed->get());
    xmlNode* body = FirstChild(root, "body");
    if (!body) return MakeError(ErrorKind::kCorrupt, ctx.path, "DOCX document has no body");
    DocxMapper(styles, &doc).Body(body);
    if (doc.blocks.empty()) {
      doc.warnings.push_back({"no-text", "the document has no text", {}});
    }
    return doc;
  }
};

}  // namespace

std::unique_ptr<Extractor> MakeDocxExtractor() { return std::make_unique<DocxExtractor>(); }

}  // namespace evcov
