// DrawioExtractor: draw.io / diagrams.net files (mxfile XML) via libxml2 and zlib.
//
// Handles: an <mxfile> with one or more <diagram name="..."> pages, each holding
// either a plain <mxGraphModel> child or draw.io's compressed payload
// (base64 of raw deflate of encodeURIComponent(xml)); a bare <mxGraphModel>
// root (one unnamed page). One kDiagramLabel block per labelled cell, in
// document order: vertex and edge labels (mxCell value) and <object> /
// <UserObject> wrappers (their `label`; %name% placeholders are filled from the
// wrapper's attributes when placeholders="1"). Labels of cells styled html=1 are
// reduced to text: tags dropped, <br> and block elements become spaces, HTML
// entities decoded; other labels are plain text. Whitespace (and &nbsp;) is
// collapsed. Locator: page = 1-based diagram index, heading_path = {page name}.
// Skips: layer names (cells directly under the root cell), tooltips, links,
// custom properties, embedded images.
// Refuses: XML that does not parse, payloads that are not base64, deflate or
// percent-encoding (kCorrupt); payloads inflating past 64 MiB in total (kLimit).
#include <libxml/HTMLparser.h>
#include <zlib.h>

#include <array>
#include <climits>
#include <set>

#include "extractors/extractor.h"
#include "extractors/text_util.h"
#include "extractors/xml_util.h"

namespace evcov {

namespace {

// Decompressed bytes allowed per file, over all pages: a few kilobytes of
// base64 can inflate to gigabytes.
constexpr size_t kMaxInflatedBytes = 64u << 20;

void AppendUtf8(unsigned int cp, std::string* out) {
  if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
  if (cp < 0x80) {
    *out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    *out += static_cast<char>(0xC0 | (cp >> 6));
    *out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    *out += static_cast<char>(0xE0 | (cp >> 12));
    *out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    *out += static_cast<char>(0xF0 | (cp >> 18));
    *out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    *out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Decodes the character reference at html[i] == '&' into `out`; returns the
// index after it, or i + 1 (and a literal '&') when it is not a reference.
size_t DecodeEntity(std::string_view html, size_t i, std::string* out) {
  const size_t semi = html.find(';', i + 1);
  if (semi == std::string_view::npos || semi - i > 32) {
    *out += '&';
    return i + 1;
  }
  std::string name(html.substr(i + 1, semi - i - 1));
  if (name.size() >= 2 && name[0] == '#') {
    const bool hex = name[1] == 'x' || name[1] == 'X';
    const std::string digits = name.substr(hex ? 2 : 1);
    const char* allowed = hex ? "0123456789abcdefABCDEF" : "0123456789";
    if (!digits.empty() && digits.size() <= 7 &&
        digits.find_first_not_of(allowed) == std::string::npos) {
      AppendUtf8(static_cast<unsigned int>(std::stoul(digits, nullptr, hex ? 16 : 10)), out);
      return semi + 1;
    }
  } else if (!name.empty()) {
    // libxml2's HTML 4 entity table: &nbsp; &amp; &ndash; &rarr; ...
    if (const htmlEntityDesc* e =
            htmlEntityLookup(reinterpret_cast<const xmlChar*>(name.c_str()))) {
      AppendUtf8(e->value, out);
      return semi + 1;
    }
  }
  *out += '&';
  return i + 1;
}

// Text of an HTML label. Labels are short fragments draw.io's editor wrote, so
// a tag scanner suffices: a full HTML parser would add <html><body> guesswork
// and nothing else this needs.
std::string HtmlLabelToText(std::string_view html) {
  std::string out;
  size_t i = 0;
  while (i < html.size()) {
    const char c = html[i];
    if (c == '&') {
      i = DecodeEntity(html, i, &out);
      continue;
    }
    if (c != '<') {
      out += c;
      ++i;
      continue;
    }
    if (html.substr(i, 4) == "<!--") {
      const size_t end = html.find("-->", i + 4);
      i = end == std::string_view::npos ? html.size() : end + 3;
      continue;
    }
    size_t j = i + 1;
    if (j < html.size() && html[j] == '/') ++j;
    if (j >= html.size() ||
        !(std::isalpha(static_cast<unsigned char>(html[j])) || html[j] == '!' || html[j] == '?')) {
      out += '<';  // "a < b" in a label is text, as in a browser
      ++i;
      continue;
    }
    const bool closing = html[i + 1] == '/';
    std::string tag;
    while (j < html.size() && std::isalnum(static_cast<unsigned char>(html[j]))) {
      tag += static_cast<char>(std::tolower(static_cast<unsigned char>(html[j])));
      ++j;
    }
    // The tag ends at the first '>' outside a quoted attribute value.
    char quote = 0;
    while (j < html.size() && (quote || html[j] != '>')) {
      if (quote && html[j] == quote) {
        quote = 0;
      } else if (!quote && (html[j] == '"' || html[j] == '\'')) {
        quote = html[j];
      }
      ++j;
    }
    i = j < html.size() ? j + 1 : html.size();
    if (HtmlTagBreaksLine(tag)) out += ' ';
    if (!closing && (tag == "style" || tag == "script")) {
      const size_t end = html.find("</" + tag, i);
      i = end == std::string_view::npos ? html.size() : end;
    }
  }
  return CollapseWhitespaceAndNbsp(out);
}

bool StyleIsHtml(const std::string& style) {
  size_t start = 0;
  while (start <= style.size()) {
    size_t end = style.find(';', start);
    if (end == std::string::npos) end = style.size();
    if (std::string_view(style).substr(start, end - start) == "html=1") return true;
    start = end + 1;
  }
  return false;
}

// draw.io's %name% placeholders, filled from the wrapper's own attributes;
// unknown names stay as written, as draw.io leaves them.
std::string FillPlaceholders(const std::string& label, const xmlNode* object) {
  std::string out;
  size_t i = 0;
  while (i < label.size()) {
    const size_t open = label.find('%', i);
    const size_t close = open == std::string::npos ? open : label.find('%', open + 1);
    if (close == std::string::npos) {
      out += label.substr(i);
      break;
    }
    const std::string name = label.substr(open + 1, close - open - 1);
    const bool known =
        !name.empty() && xmlHasProp(object, reinterpret_cast<const xmlChar*>(name.c_str()));
    out += label.substr(i, open - i);
    if (known) {
      out += Attr(object, name);
      i = close + 1;
    } else {
      out += '%';
      i = open + 1;
    }
  }
  return out;
}

Result<std::string> DecodeBase64(std::string_view text, const std::string& file,
                                 const std::string& where) {
  static const std::array<int, 256> kValue = [] {
    std::array<int, 256> v;
    v.fill(-1);
    const char* alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (int k = 0; k < 64; ++k) v[static_cast<unsigned char>(alphabet[k])] = k;
    return v;
  }();
  std::string out;
  out.reserve(text.size() / 4 * 3);
  unsigned int bits = 0;
  int nbits = 0;
  size_t sextets = 0;
  size_t padding = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
    if (c == '=') {
      ++padding;
      continue;
    }
    const int v = kValue[c];
    if (v < 0 || padding > 0) {
      return MakeError(ErrorKind::kCorrupt, file,
                       where + ": compressed payload is not base64 (unexpected character at " +
                           std::to_string(i) + ")");
    }
    bits = (bits << 6) | static_cast<unsigned int>(v);
    nbits += 6;
    ++sextets;
    if (nbits >= 8) {
      nbits -= 8;
      out += static_cast<char>((bits >> nbits) & 0xFF);
    }
  }
  if (sextets % 4 == 1 || padding > 2) {
    return MakeError(ErrorKind::kCorrupt, file,
                     where + ": compressed payload is not base64 (bad length)");
  }
  return out;
}

// Raw deflate (no zlib header), as pako.inflateRaw; output capped at `budget`,
// which is reduced by what this call produced.
Result<std::string> InflateRaw(const std::string& in, size_t* budget, const std::string& file,
                               const std::string& where) {
  if (in.size() > UINT_MAX) {
    return MakeError(ErrorKind::kLimit, file, where + ": compressed payload too large");
  }
  z_stream zs{};
  if (inflateInit2(&zs, -15) != Z_OK) {
    return MakeError(ErrorKind::kInternal, file, where + ": zlib inflateInit2 failed");
  }
  struct Ender {
    z_stream* zs;
    ~Ender() { inflateEnd(zs); }
  } ender{&zs};
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  std::string out;
  std::array<char, 64 * 1024> chunk;
  for (;;) {
    zs.next_out = reinterpret_cast<Bytef*>(chunk.data());
    zs.avail_out = static_cast<uInt>(chunk.size());
    const int rc = inflate(&zs, Z_NO_FLUSH);
    const size_t produced = chunk.size() - zs.avail_out;
    if (produced > *budget - std::min(*budget, out.size())) {
      return MakeError(ErrorKind::kLimit, file,
                       where + ": compressed payload inflates beyond the " +
                           std::to_string(kMaxInflatedBytes >> 20) + " MiB limit");
    }
    out.append(chunk.data(), produced);
    if (rc == Z_STREAM_END) break;
    if (rc == Z_OK) continue;
    if (rc == Z_BUF_ERROR && zs.avail_in == 0) {
      return MakeError(ErrorKind::kCorrupt, file,
                       where + ": compressed payload is truncated (deflate stream has no end)");
    }
    return MakeError(ErrorKind::kCorrupt, file,
                     where + ": compressed payload is not valid deflate data (" +
                         (zs.msg ? zs.msg : "zlib error " + std::to_string(rc)) + ")");
  }
  *budget -= out.size();
  return out;
}

// decodeURIComponent: %XX -> byte; '+' stays '+'.
Result<std::string> PercentDecode(std::string_view s, const std::string& file,
                                  const std::string& where) {
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '%') {
      out += s[i];
      continue;
    }
    const int hi = i + 2 < s.size() ? hex(s[i + 1]) : -1;
    const int lo = i + 2 < s.size() ? hex(s[i + 2]) : -1;
    if (hi < 0 || lo < 0) {
      return MakeError(
          ErrorKind::kCorrupt, file,
          where + ": inflated payload has malformed percent-encoding at " + std::to_string(i));
    }
    out += static_cast<char>(hi * 16 + lo);
    i += 2;
  }
  return out;
}

class ModelMapper {
 public:
  ModelMapper(int page, const std::string& page_name, Document* doc)
      : page_(page), page_name_(page_name), doc_(doc) {}

  void Model(xmlNode* model) {
    // Layers are the cells whose parent is a root cell (one without a parent).
    std::vector<xmlNode*> cells;
    Descendants(model, "mxCell", &cells);
    for (xmlNode* c : cells) {
      if (!xmlHasProp(c, reinterpret_cast<const xmlChar*>("parent"))) root_ids_.insert(CellId(c));
    }
    Walk(model);
  }

 private:
  // The id is on the <object> wrapper when there is one.
  static std::string CellId(xmlNode* cell) {
    std::string id = Attr(cell, "id");
    if (id.empty() && cell->parent &&
        (IsElement(cell->parent, "object") || IsElement(cell->parent, "UserObject"))) {
      id = Attr(cell->parent, "id");
    }
    return id;
  }

  void Walk(xmlNode* node) {
    for (xmlNode* c = node->children; c; c = c->next) {
      if (c->type != XML_ELEMENT_NODE) continue;
      if (IsElement(c, "mxCell")) {
        Label(Attr(c, "value"), c, nullptr);
      } else if (IsElement(c, "object") || IsElement(c, "UserObject")) {
        Label(Attr(c, "label"), FirstChild(c, "mxCell"), c);
      } else {
        Walk(c);
      }
    }
  }

  void Label(const std::string& raw, xmlNode* cell, xmlNode* object) {
    if (raw.empty() || !cell) return;
    if (root_ids_.count(Attr(cell, "parent"))) return;  // a layer's name, never drawn
    std::string value = raw;
    if (object && Attr(object, "placeholders") == "1") value = FillPlaceholders(value, object);
    std::string text = StyleIsHtml(Attr(cell, "style")) ? HtmlLabelToText(value)
                                                        : CollapseWhitespaceAndNbsp(value);
    if (text.empty()) return;
    Block b;
    b.kind = BlockKind::kDiagramLabel;
    b.text = std::move(text);
    b.loc.page = page_;
    if (!page_name_.empty()) b.loc.heading_path = {page_name_};
    doc_->blocks.push_back(std::move(b));
  }

  int page_;
  std::string page_name_;
  Document* doc_;
  std::set<std::string> root_ids_;
};

class DrawioExtractor final : public Extractor {
 public:
  std::string_view name() const override { return "drawio"; }
  int version() const override { return 1; }
  std::vector<std::string> media_types() const override {
    return {"application/vnd.jgraph.mxfile"};
  }

  Result<Document> Extract(std::span<const std::byte> bytes,
                           const ExtractContext& ctx) const override {
    std::string_view xml(reinterpret_cast<const char*>(bytes.data()), bytes.size());
    auto parsed = ParseXml(xml, ctx.path, "mxfile");
    if (!parsed.ok()) return parsed.error();
    xmlNode* root = xmlDocGetRootElement(parsed->get());

    Document doc;
    doc.source = SourceKind::kDiagram;
    if (IsElement(root, "mxGraphModel")) {
      doc.page_count = 1;
      ModelMapper(1, "", &doc).Model(root);
    } else if (IsElement(root, "mxfile")) {
      if (std::string modified = Attr(root, "modified"); !modified.empty()) {
        doc.metadata["modified"] = modified;
      }
      auto diagrams = Children(root, "diagram");
      if (diagrams.empty()) {
        return MakeError(ErrorKind::kCorrupt, ctx.path, "mxfile has no <diagram> pages");
      }
      doc.page_count = static_cast<int>(diagrams.size());
      size_t budget = kMaxInflatedBytes;
      for (size_t i = 0; i < diagrams.size(); ++i) {
        const int page = static_cast<int>(i) + 1;
        const std::string page_name = Attr(diagrams[i], "name");
        const std::string where = "diagram page " + std::to_string(page) + " '" + page_name + "'";
        if (xmlNode* model = FirstChild(diagrams[i], "mxGraphModel")) {
          ModelMapper(page, page_name, &doc).Model(model);
          continue;
        }
        auto model_doc = DecodePayload(TextOf(diagrams[i]), &budget, ctx.path, where);
        if (!model_doc.ok()) return model_doc.error();
        if (!*model_doc) continue;  // a blank page
        xmlNode* model = xmlDocGetRootElement(model_doc->get());
        if (!IsElement(model, "mxGraphModel")) {
          return MakeError(ErrorKind::kCorrupt, ctx.path,
                           where + ": decompressed payload is not an <mxGraphModel>");
        }
        ModelMapper(page, page_name, &doc).Model(model);
      }
    } else {
      return MakeError(
          ErrorKind::kCorrupt, ctx.path,
          "root element is <" + std::string(LocalName(root)) + ">, not <mxfile> or <mxGraphModel>");
    }
    if (doc.blocks.empty()) {
      doc.warnings.push_back(
          {"no-text", "the diagram has no labels (it may be all shapes or icons)", {}});
    }
    return doc;
  }

 private:
  // base64 -> raw inflate -> percent-decoding -> XML; null for an empty payload.
  static Result<XmlDocPtr> DecodePayload(const std::string& payload, size_t* budget,
                                         const std::string& file, const std::string& where) {
    if (CollapseWhitespaceAndNbsp(payload).empty()) return XmlDocPtr();
    auto deflated = DecodeBase64(payload, file, where);
    if (!deflated.ok()) return deflated.error();
    auto encoded = InflateRaw(*deflated, budget, file, where);
    if (!encoded.ok()) return encoded.error();
    auto xml = PercentDecode(*encoded, file, where);
    if (!xml.ok()) return xml.error();
    return ParseXml(*xml, file, where);
  }
};

}  // namespace

std::unique_ptr<Extractor> MakeDrawioExtractor() { return std::make_unique<DrawioExtractor>(); }

}  // namespace evcov
