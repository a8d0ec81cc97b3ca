// SvgExtractor: text of SVG drawings via libxml2.
//
// Handles, in document order, one kDiagramLabel block each: <text> elements
// (their <tspan>/<textPath> pieces joined with spaces), <title> and <desc>, and
// HTML inside <foreignObject> (draw.io and diagrams.net exports put every
// label there: tags dropped, block elements and <br> become spaces). A <switch>
// is read as an SVG 1.1 viewer that supports every feature renders it: only its
// first child. That reads each draw.io label once, from the full HTML, and
// never from the truncated "Label..." <text> fallback beside it, and skips
// draw.io's "Viewer does not support full SVG 1.1" notice. The root's <title>
// is also metadata "title". Whitespace (and U+00A0) is collapsed.
// Skips: <style>, <script>, <metadata> (RDF), the mxfile draw.io may embed in
// the root's `content` attribute (the rendered labels carry the same text),
// text drawn as paths (no text left to read), gzip-compressed .svgz.
// An SVG without any text is a Document with a "no-text" warning: diagrams of
// only icons and arrows exist. XML that does not parse, or a root that is not
// <svg>, is kCorrupt.
#include "extractors/extractor.h"
#include "extractors/text_util.h"
#include "extractors/xml_util.h"

namespace evcov {

namespace {

void AppendText(const xmlNode* node, std::string* out) {
  if (node->content) *out += reinterpret_cast<const char*>(node->content);
}

// Text of the HTML in a <foreignObject>.
void AppendHtmlText(const xmlNode* node, std::string* out) {
  for (const xmlNode* c = node->children; c; c = c->next) {
    if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
      AppendText(c, out);
    } else if (c->type == XML_ELEMENT_NODE) {
      const std::string_view tag = LocalName(c);
      if (tag == "style" || tag == "script") continue;
      const bool breaks = HtmlTagBreaksLine(tag);
      if (breaks) *out += ' ';
      AppendHtmlText(c, out);
      if (breaks) *out += ' ';
    }
  }
}

// Text of a <text>: its own character data and its <tspan>/<textPath>/<a>
// pieces, a space at each piece's edges (pieces are usually lines or words).
void AppendSvgText(const xmlNode* node, std::string* out) {
  for (const xmlNode* c = node->children; c; c = c->next) {
    if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
      AppendText(c, out);
    } else if (c->type == XML_ELEMENT_NODE) {
      const std::string_view tag = LocalName(c);
      if (tag == "title" || tag == "desc" || tag == "metadata") continue;
      *out += ' ';
      AppendSvgText(c, out);
      *out += ' ';
    }
  }
}

class SvgMapper {
 public:
  explicit SvgMapper(Document* doc) : doc_(doc) {}

  void Element(const xmlNode* node) {
    const std::string_view tag = LocalName(node);
    std::string text;
    if (tag == "style" || tag == "script" || tag == "metadata") return;
    if (tag == "text") {
      AppendSvgText(node, &text);
      Add(text);
      return;
    }
    if (tag == "title" || tag == "desc") {
      AppendHtmlText(node, &text);
      Add(text);
      return;
    }
    if (tag == "foreignObject") {
      AppendHtmlText(node, &text);
      Add(text);
      return;
    }
    for (const xmlNode* c = node->children; c; c = c->next) {
      if (c->type != XML_ELEMENT_NODE) continue;
      Element(c);
      if (tag == "switch") break;  // only the first child is rendered
    }
  }

 private:
  void Add(const std::string& raw) {
    std::string text = CollapseWhitespaceAndNbsp(raw);
    if (text.empty()) return;
    Block b;
    b.kind = BlockKind::kDiagramLabel;
    b.text = std::move(text);
    b.loc.page = 1;
    doc_->blocks.push_back(std::move(b));
  }

  Document* doc_;
};

class SvgExtractor final : public Extractor {
 public:
  std::string_view name() const override { return "svg"; }
  int version() const override { return 1; }
  std::vector<std::string> media_types() const override { return {"image/svg+xml"}; }

  Result<Document> Extract(std::span<const std::byte> bytes,
                           const ExtractContext& ctx) const override {
    std::string_view xml(reinterpret_cast<const char*>(bytes.data()), bytes.size());
    auto parsed = ParseXml(xml, ctx.path, "svg");
    if (!parsed.ok()) return parsed.error();
    xmlNode* root = xmlDocGetRootElement(parsed->get());
    if (!IsElement(root, "svg")) {
      return MakeError(ErrorKind::kCorrupt, ctx.path,
                       "root element is <" + std::string(LocalName(root)) + ">, not <svg>");
    }
    Document doc;
    doc.source = SourceKind::kDiagram;
    doc.page_count = 1;
    if (xmlNode* title = FirstChild(root, "title")) {
      std::string text = CollapseWhitespaceAndNbsp(TextOf(title));
      if (!text.empty()) doc.metadata["title"] = text;
    }
    SvgMapper(&doc).Element(root);
    if (doc.blocks.empty()) {
      doc.warnings.push_back({"no-text",
                              "the SVG has no text (no <text>, <title>, <desc> or "
                              "<foreignObject> labels); it may be all shapes and icons, "
                              "or its text was converted to paths",
                              {}});
    }
    return doc;
  }
};

}  // namespace

std::unique_ptr<Extractor> MakeSvgExtractor() { return std::make_unique<SvgExtractor>(); }

}  // namespace evcov
