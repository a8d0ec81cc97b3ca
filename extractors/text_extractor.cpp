// TextExtractor: plain text, Markdown and CSV in any common encoding.
//
// Handles: encoding detection with ICU (BOMs, UTF-8, UTF-16, legacy 8-bit),
// converted to UTF-8; Markdown ATX headings ("## Scope") as the heading path,
// list items, pipe tables as one block per row (separator rows dropped); CSV
// rows as table rows located by line ("row 7"). Plain text uses the shared
// line layout rules (extractors/text_layout.h).
// Skips: Markdown emphasis and link syntax are left in the text as written.
#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>
#include <unicode/unistr.h>

#include <regex>

#include "extractors/extractor.h"
#include "extractors/text_layout.h"

namespace evcov {

namespace {

// Decodes `bytes` to UTF-8; `charset` receives the detected name.
Result<std::string> DecodeText(std::span<const std::byte> bytes, const std::string& file,
                               std::string* charset) {
  const char* data = reinterpret_cast<const char*>(bytes.data());
  int32_t len = static_cast<int32_t>(std::min<size_t>(bytes.size(), INT32_MAX));
  UErrorCode status = U_ZERO_ERROR;
  std::string name = "UTF-8";
  if (len >= 3 && std::string_view(data, 3) == "\xEF\xBB\xBF") {
    data += 3;
    len -= 3;
  } else if (len >= 2 &&
             (std::string_view(data, 2) == "\xFF\xFE" || std::string_view(data, 2) == "\xFE\xFF")) {
    name = data[0] == '\xFF' ? "UTF-16LE" : "UTF-16BE";
    data += 2;
    len -= 2;
  } else {
    UCharsetDetector* det = ucsdet_open(&status);
    ucsdet_setText(det, data, std::min<int32_t>(len, 1 << 20), &status);
    const UCharsetMatch* match = ucsdet_detect(det, &status);
    if (U_SUCCESS(status) && match) {
      const char* n = ucsdet_getName(match, &status);
      int32_t confidence = ucsdet_getConfidence(match, &status);
      if (U_SUCCESS(status) && n && confidence >= 10) name = n;
    }
    ucsdet_close(det);
    status = U_ZERO_ERROR;
  }
  *charset = name;
  if (name == "UTF-8") return std::string(data, len);
  icu::UnicodeString u(data, len, name.c_str());
  if (u.isBogus()) {
    return MakeError(ErrorKind::kCorrupt, file, "cannot decode text as " + name);
  }
  std::string out;
  u.toUTF8String(out);
  return out;
}

std::string Trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return {};
  return s.substr(b, s.find_last_not_of(" \t\r") - b + 1);
}

void MarkdownToBlocks(const std::vector<std::string>& lines, Document* doc) {
  static const std::regex kHeading(R"(^(#{1,6})\s+(.*?)\s*#*\s*$)");
  static const std::regex kList(R"(^\s*([-*+]|[0-9]+[.)])\s+(.*)$)");
  static const std::regex kSeparator(R"(^\s*\|?\s*:?-{2,}.*$)");
  std::vector<std::string> path;
  std::vector<std::string> para;
  bool in_code = false;
  auto flush = [&] {
    if (para.empty()) return;
    std::string text;
    for (const auto& l : para) text += (text.empty() ? "" : " ") + l;
    doc->blocks.push_back({BlockKind::kParagraph, text, Locator{.heading_path = path}});
    para.clear();
  };
  for (const auto& raw : lines) {
    std::string line = Trim(raw);
    if (line.rfind("```", 0) == 0 || line.rfind("~~~", 0) == 0) {
      flush();
      in_code = !in_code;
      continue;
    }
    std::smatch m;
    if (line.empty()) {
      flush();
    } else if (!in_code && std::regex_match(line, m, kHeading)) {
      flush();
      size_t level = m[1].length();
      path.resize(std::min(path.size(), level - 1));
      doc->blocks.push_back({BlockKind::kHeading, m[2].str(), Locator{.heading_path = path}});
      path.push_back(m[2].str());
    } else if (!in_code && line[0] == '|') {
      flush();
      if (std::regex_match(line, kSeparator) && line.find_first_not_of("|-: ") == std::string::npos)
        continue;
      std::string row = line.substr(1);
      if (!row.empty() && row.back() == '|') row.pop_back();
      doc->blocks.push_back({BlockKind::kTableRow, Trim(row), Locator{.heading_path = path}});
    } else if (!in_code && std::regex_match(line, m, kList)) {
      flush();
      doc->blocks.push_back({BlockKind::kListItem, line, Locator{.heading_path = path}});
    } else {
      para.push_back(line);
    }
  }
  flush();
}

void CsvToBlocks(const std::vector<std::string>& lines, Document* doc) {
  int row = 0;
  for (const auto& line : lines) {
    ++row;
    std::string t = Trim(line);
    if (t.find_first_not_of(",;\t\" ") == std::string::npos) continue;
    Block b{BlockKind::kTableRow, {}, {}};
    b.loc.cell = "row " + std::to_string(row);
    bool quoted = false;
    for (char c : t) {
      if (c == '"') {
        quoted = !quoted;
      } else if (!quoted && (c == ',' || c == ';' || c == '\t')) {
        b.text += " | ";
      } else {
        b.text += c;
      }
    }
    doc->blocks.push_back(std::move(b));
  }
}

class TextExtractor final : public Extractor {
 public:
  std::string_view name() const override { return "text"; }
  int version() const override { return 2; }
  std::vector<std::string> media_types() const override {
    return {"text/plain", "text/markdown", "text/csv", "text/*"};
  }

  Result<Document> Extract(std::span<const std::byte> bytes,
                           const ExtractContext& ctx) const override {
    std::string charset;
    auto text = DecodeText(bytes, ctx.path, &charset);
    if (!text.ok()) return text.error();
    Document doc;
    doc.source = SourceKind::kText;
    doc.page_count = 1;
    doc.metadata["charset"] = charset;
    auto lines = SplitLines(*text);
    if (ctx.media_type == "text/csv") {
      doc.source = SourceKind::kSpreadsheet;
      CsvToBlocks(lines, &doc);
    } else if (ctx.media_type == "text/markdown") {
      MarkdownToBlocks(lines, &doc);
    } else {
      std::vector<std::string> path;
      LinesToBlocks(lines, Locator{}, &path, &doc.blocks);
    }
    if (doc.blocks.empty()) {
      return MakeError(ErrorKind::kCorrupt, ctx.path, "text file has no text");
    }
    return doc;
  }
};

}  // namespace

std::unique_ptr<Extractor> MakeTextExtractor() { return std::make_unique<TextExtractor>(); }

}  // namespace evcov
