// The batch index: reading coverage.json files back, and writing the index as
// JSON, CSV and a one-page PDF overview.
//
// The PDF is deliberately simple (a fixed table on a grid, no text flow) and
// so does not share the report's layout engine; it shares its fonts, status
// words and colours, read from the same templates/report.json.
#include "pipeline/batch_index.h"

#include <hpdf.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string_view>

#include "pipeline/atomic_file.h"
#include "pipeline/coverage_json.h"
#include "pipeline/pdf_util.h"
#include "pipeline/render_pdf.h"
#include "pipeline/utf8.h"

namespace evcov {

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr Status kStatuses[] = {Status::kMet, Status::kPartial, Status::kMissing, Status::kWaived,
                                Status::kManual};

std::string NowIso() {
  std::time_t t = std::time(nullptr);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
  return buf;
}

// ---------------------------------------------------------------------------
// Reading coverage.json back.

// Errors name the file relative to OUT_DIR, so the index of a merged folder is
// the same as the index of a single run into another folder.
IndexRow RowFromCoverage(const std::string& folder, const fs::path& dir) {
  IndexRow row;
  row.applicant = folder;
  row.name = folder;
  std::error_code ec;
  if (fs::is_regular_file(dir / "report.pdf", ec)) row.report = folder + "/report.pdf";
  const std::string where = folder + "/coverage.json";
  auto bytes = ReadFile((dir / "coverage.json").string());
  if (!bytes.ok()) {
    row.error = where + ": " + bytes.error().message;
    return row;
  }
  json j = json::parse(*bytes, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) {
    row.error = where + ": not a valid coverage.json (not a JSON object)";
    return row;
  }
  std::string schema = j.value("schema", "");
  if (schema != kCoverageSchema) {
    row.error = where + ": schema is \"" + schema + "\", expected \"" + kCoverageSchema + "\"";
    return row;
  }
  try {
    if (std::string name = j.value("name", ""); !name.empty()) row.name = name;
    row.checklist = j.value("checklist", "");
    row.error = j.value("error", "");
    const json* counts = j.contains("counts") && j["counts"].is_object() ? &j["counts"] : nullptr;
    for (Status s : kStatuses) {
      int& count = row.counts[static_cast<size_t>(s)];
      if (counts) {
        count = counts->value(ToString(s), 0);
        continue;
      }
      // Without "counts", count the controls themselves.
      for (const json& c : j.value("controls", json::array())) {
        if (c.value("status", "") == ToString(s)) ++count;
      }
    }
    for (const json& f : j.value("files", json::array())) {
      ++row.files;
      if (f.value("state", "") == ToString(FileState::kNotRead)) ++row.files_unread;
    }
  } catch (const json::exception& e) {
    row.error = where + ": not a valid coverage.json (" + e.what() + ")";
  }
  return row;
}

// ---------------------------------------------------------------------------
// CSV.

std::string CsvCell(std::string cell) {
  if (!cell.empty() && std::string_view("=+-@").find(cell[0]) != std::string_view::npos) {
    cell.insert(0, "'");
  }
  if (cell.find_first_of(",\"\r\n") == std::string::npos) return cell;
  std::string out = "\"";
  for (char c : cell) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  return out + "\"";
}

// ---------------------------------------------------------------------------
// PDF: the template and text helpers.

struct Swatch {
  std::string word;
  Rgb color;
  Rgb tint;
};

struct IndexTemplate {
  std::map<std::string, float> layout;
  std::map<std::string, float> size;
  std::map<std::string, std::string> text;
  std::map<std::string, Rgb> color;      // from report.json "colors"
  std::map<std::string, Swatch> status;  // from report.json "statuses"
};

// clang-format off
constexpr const char* kLayoutKeys[] = {
    "page_width", "page_height", "margin_left", "margin_right", "margin_top", "margin_bottom",
    "band_height", "header_row_height", "row_height", "checklist_column", "count_column",
    "files_column", "unread_column"};
constexpr const char* kSizeKeys[] = {
    "title", "subtitle", "table", "table_small", "header", "footer"};
constexpr const char* kTextKeys[] = {
    "title", "subtitle", "facts", "continued", "note", "column_applicant", "column_checklist",
    "column_files", "column_unread", "error_line", "no_report", "not_judged", "no_applicants",
    "footer_left", "footer_page"};
constexpr const char* kColorKeys[] = {
    "text", "muted", "faint", "rule", "accent", "accent_highlight", "table_header_fill",
    "section_row_fill", "error", "error_fill"};
// clang-format on

std::optional<Rgb> ParseColor(const json& value) {
  if (!value.is_string()) return std::nullopt;
  return ParseHexColor(value.get<std::string>());
}

Result<json> ReadJsonFile(const std::string& path) {
  auto bytes = ReadFile(path);
  if (!bytes.ok()) return MakeError(ErrorKind::kInvalid, path, "template is missing or unreadable");
  json j = json::parse(*bytes, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) {
    return MakeError(ErrorKind::kInvalid, path, "template is not a JSON object");
  }
  return j;
}

// Fills `t` from index.json and report.json; returns what is wrong, or "".
std::string ReadTemplates(const json& index, const json& report, IndexTemplate* t) {
  if (index.value("schema", "") != "evcov-index-template/1") {
    return "\"schema\" is not \"evcov-index-template/1\"";
  }
  auto object = [](const json& j, const char* key) -> const json* {
    auto it = j.find(key);
    return it != j.end() && it->is_object() ? &*it : nullptr;
  };
  const json* layout = object(index, "layout");
  const json* sizes = object(index, "font_sizes");
  const json* text = object(index, "text");
  if (!layout || !sizes || !text) return "missing object \"layout\", \"font_sizes\" or \"text\"";
  for (const char* key : kLayoutKeys) {
    if (!layout->contains(key) || !(*layout)[key].is_number()) {
      return std::string("missing number \"layout.") + key + "\"";
    }
    t->layout[key] = (*layout)[key].get<float>();
  }
  for (const char* key : kSizeKeys) {
    if (!sizes->contains(key) || !(*sizes)[key].is_number() || (*sizes)[key].get<float>() <= 0) {
      return std::string("missing or non-positive number \"font_sizes.") + key + "\"";
    }
    t->size[key] = (*sizes)[key].get<float>();
  }
  for (const char* key : kTextKeys) {
    if (!text->contains(key) || !(*text)[key].is_string()) {
      return std::string("missing text \"text.") + key + "\"";
    }
    t->text[key] = (*text)[key].get<std::string>();
  }
  const json* colors = object(report, "colors");
  const json* statuses = object(report, "statuses");
  if (!colors || !statuses) return "report.json: missing object \"colors\" or \"statuses\"";
  for (const char* key : kColorKeys) {
    auto rgb = colors->contains(key) ? ParseColor((*colors)[key]) : std::nullopt;
    if (!rgb) return std::string("report.json: \"colors.") + key + "\" is not #RRGGBB";
    t->color[key] = *rgb;
  }
  for (Status s : kStatuses) {
    const json* swatch = object(*statuses, ToString(s));
    if (!swatch || !swatch->contains("word") || !(*swatch)["word"].is_string()) {
      return std::string("report.json: missing \"statuses.") + ToString(s) + ".word\"";
    }
    auto color = swatch->contains("color") ? ParseColor((*swatch)["color"]) : std::nullopt;
    auto tint = swatch->contains("tint") ? ParseColor((*swatch)["tint"]) : std::nullopt;
    if (!color || !tint) {
      return std::string("report.json: \"statuses.") + ToString(s) + "\" lacks color or tint";
    }
    t->status[ToString(s)] = {(*swatch)["word"].get<std::string>(), *color, *tint};
  }
  return "";
}

Result<IndexTemplate> LoadTemplates(const std::string& data_dir) {
  std::string index_path = (fs::path(data_dir) / "templates" / "index.json").string();
  std::string report_path = (fs::path(data_dir) / "templates" / "report.json").string();
  auto index = ReadJsonFile(index_path);
  if (!index.ok()) return index.error();
  auto report = ReadJsonFile(report_path);
  if (!report.ok()) return report.error();
  IndexTemplate t;
  std::string problem;
  try {
    problem = ReadTemplates(*index, *report, &t);
  } catch (const json::exception& e) {
    problem = e.what();
  }
  if (!problem.empty()) {
    return MakeError(ErrorKind::kInvalid, index_path, "bad index template: " + problem);
  }
  return t;
}

// One line of valid UTF-8 within the Basic Multilingual Plane (all libharu's
// UTF-8 encoder maps): invalid bytes and astral characters become U+FFFD,
// controls and runs of white space a single space.
std::string CleanText(std::string_view in) {
  std::string out;
  bool space = false;
  for (size_t i = 0; i < in.size();) {
    auto byte = [&](size_t k) { return static_cast<unsigned char>(in[k]); };
    unsigned char lead = byte(i);
    size_t n = lead < 0x80                   ? 1
               : lead >= 0xC2 && lead < 0xE0 ? 2
               : lead >= 0xE0 && lead < 0xF0 ? 3
               : lead >= 0xF0 && lead < 0xF5 ? 4
                                             : 0;
    char32_t cp = 0xFFFD;
    size_t length = 1;
    if (n == 1) {
      cp = lead;
    } else if (n > 1 && i + n <= in.size()) {
      char32_t v = lead & (0xFF >> (n + 1));
      bool ok = true;
      for (size_t k = 1; k < n && ok; ++k) {
        ok = IsUtf8Continuation(in[i + k]);
        v = (v << 6) | (byte(i + k) & 0x3F);
      }
      bool overlong = (n == 3 && v < 0x800) || (n == 4 && v < 0x10000);
      if (ok && !overlong && !(v >= 0xD800 && v <= 0xDFFF)) {
        cp = v > 0xFFFF ? 0xFFFD : v;
        length = n;
      }
    }
    i += length;
    if (cp <= 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0)) {
      space = true;
      continue;
    }
    if (space && !out.empty()) out.push_back(' ');
    space = false;
    AppendBmpUtf8(cp, &out);
  }
  return out;
}

// ---------------------------------------------------------------------------
// PDF: drawing.

Error HaruFailure(const HaruError& error, const std::string& file) {
  char what[96];
  std::snprintf(what, sizeof what, "cannot render the batch index: libharu error 0x%04X, detail %u",
                static_cast<unsigned>(error.code), static_cast<unsigned>(error.detail));
  return MakeError(ErrorKind::kInternal, file, what);
}

struct Style {
  HPDF_Font font = nullptr;
  float size = 8;
  Rgb color;
};

float TextWidth(const Style& style, const std::string& text) {
  if (text.empty()) return 0;
  HPDF_TextWidth w =
      HPDF_Font_TextWidth(style.font, reinterpret_cast<const HPDF_BYTE*>(text.data()),
                          static_cast<HPDF_UINT>(text.size()));
  return static_cast<float>(w.width) * style.size / 1000.0f;
}

// Bytes of `text` that fit in `width`, cut between characters.
size_t FitBytes(const Style& style, const std::string& text, float width) {
  HPDF_REAL real_width = 0;
  size_t n = HPDF_Font_MeasureText(style.font, reinterpret_cast<const HPDF_BYTE*>(text.data()),
                                   static_cast<HPDF_UINT>(text.size()), width, style.size, 0, 0,
                                   HPDF_FALSE, &real_width);
  n = std::min(n, text.size());
  while (n > 0 && n < text.size() && IsUtf8Continuation(text[n])) --n;
  return n;
}

std::string FitWithEllipsis(const Style& style, const std::string& text, float width) {
  if (TextWidth(style, text) <= width) return text;
  const std::string ellipsis = "\xE2\x80\xA6";
  float room = width - TextWidth(style, ellipsis);
  if (room <= 0) return ellipsis;
  std::string cut = text.substr(0, FitBytes(style, text, room));
  while (!cut.empty() && cut.back() == ' ') cut.pop_back();
  return cut + ellipsis;
}

// Greedy word wrap of clean text.
std::vector<std::string> WrapWords(const Style& style, const std::string& text, float width) {
  std::vector<std::string> lines;
  std::string line;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find(' ', start);
    if (end == std::string::npos) end = text.size();
    std::string word = text.substr(start, end - start);
    std::string candidate = line.empty() ? word : line + " " + word;
    if (!line.empty() && TextWidth(style, candidate) > width) {
      lines.push_back(line);
      line = word;
    } else {
      line = candidate;
    }
    start = end + 1;
  }
  if (!line.empty()) lines.push_back(FitWithEllipsis(style, line, width));
  return lines;
}

class IndexWriter {
 public:
  IndexWriter(HPDF_Doc pdf, const IndexTemplate& t, const BatchIndex& index, HPDF_Font regular,
              HPDF_Font bold, const HaruError* error)
      : pdf_(pdf), t_(t), index_(index), regular_(regular), bold_(bold), error_(error) {
    page_width_ = L("page_width");
    page_height_ = L("page_height");
    left_ = L("margin_left");
    right_ = page_width_ - L("margin_right");
    width_ = right_ - left_;
    // Columns from the right: not read, files, one per status, checklist; the
    // applicant takes what is left.
    unread_x_ = right_ - L("unread_column");
    files_x_ = unread_x_ - L("files_column");
    count_x_ = files_x_ - L("count_column") * 5;
    checklist_x_ = count_x_ - L("checklist_column");
  }

  bool Render() {
    FirstPage();
    if (index_.rows.empty()) {
      Paragraph(T("no_applicants"), Regular("table", "text"));
    } else {
      TableHeader();
      for (size_t i = 0; i < index_.rows.size(); ++i) {
        if (y_ - L("row_height") < L("margin_bottom")) {
          ContinuationPage();
          TableHeader();
        }
        Row(index_.rows[i], i);
      }
      y_ -= 10;
      Paragraph(T("note"), Regular("table_small", "muted"));
    }
    Footers();
    return error_->code == HPDF_OK;
  }

 private:
  float L(const char* key) const { return t_.layout.at(key); }
  const Rgb& C(const char* key) const { return t_.color.at(key); }
  const std::string& T(const char* key) const { return t_.text.at(key); }
  Style Regular(const char* size, const char* color) const {
    return {regular_, t_.size.at(size), C(color)};
  }
  Style Bold(const char* size, const char* color) const {
    return {bold_, t_.size.at(size), C(color)};
  }
  bool failed() const { return error_->code != HPDF_OK; }

  void NewPage() {
    if (failed()) return;
    page_ = HPDF_AddPage(pdf_);
    if (!page_) return;
    HPDF_Page_SetWidth(page_, page_width_);
    HPDF_Page_SetHeight(page_, page_height_);
    pages_.push_back(page_);
    y_ = page_height_ - L("margin_top");
  }

  void FillRect(float x, float y, float w, float h, const Rgb& c) {
    if (failed() || !page_ || w <= 0 || h <= 0) return;
    HPDF_Page_SetRGBFill(page_, c.r, c.g, c.b);
    HPDF_Page_Rectangle(page_, x, y, w, h);
    HPDF_Page_Fill(page_);
  }

  void FillPill(float x, float y, float w, float h, const Rgb& c) {
    if (failed() || !page_) return;
    float r = std::min(w, h) / 2;
    HPDF_Page_SetRGBFill(page_, c.r, c.g, c.b);
    HPDF_Page_Circle(page_, x + r, y + r, r);
    HPDF_Page_Circle(page_, x + w - r, y + r, r);
    HPDF_Page_Fill(page_);
    FillRect(x + r, y, w - 2 * r, h, c);
  }

  void Rule(float y, const Rgb& c, float line_width) {
    if (failed() || !page_) return;
    HPDF_Page_SetRGBStroke(page_, c.r, c.g, c.b);
    HPDF_Page_SetLineWidth(page_, line_width);
    HPDF_Page_MoveTo(page_, left_, y);
    HPDF_Page_LineTo(page_, right_, y);
    HPDF_Page_Stroke(page_);
  }

  void Text(float x, float baseline, const Style& style, const std::string& text) {
    if (failed() || !page_ || text.empty()) return;
    HPDF_Page_SetRGBFill(page_, style.color.r, style.color.g, style.color.b);
    HPDF_Page_BeginText(page_);
    HPDF_Page_SetFontAndSize(page_, style.font, style.size);
    HPDF_Page_TextOut(page_, x, baseline, text.c_str());
    HPDF_Page_EndText(page_);
  }

  void TextCentered(float x, float w, float baseline, const Style& style, const std::string& s) {
    Text(x + (w - TextWidth(style, s)) / 2, baseline, style, s);
  }

  void Paragraph(const std::string& text, const Style& style) {
    for (const std::string& line : WrapWords(style, CleanText(text), width_)) {
      float h = style.size * 1.35f;
      if (y_ - h < L("margin_bottom")) ContinuationPage();
      Text(left_, y_ - style.size, style, line);
      y_ -= h;
    }
  }

  void FirstPage() {
    NewPage();
    float band = L("band_height");
    FillRect(0, page_height_ - band, page_width_, band, C("accent"));
    FillRect(0, page_height_ - band - 4, page_width_, 4, C("accent_highlight"));
    Style title{bold_, t_.size.at("title"), Rgb{1, 1, 1}};
    Style subtitle{regular_, t_.size.at("subtitle"), Rgb{1, 1, 1}};
    int errors = 0, unread = 0;
    for (const IndexRow& r : index_.rows) {
      errors += r.error.empty() ? 0 : 1;
      unread += r.files_unread;
    }
    Text(left_, page_height_ - band * 0.45f, title, FitWithEllipsis(title, T("title"), width_));
    std::string line = Fill(T("subtitle"), {{"n", std::to_string(index_.rows.size())},
                                            {"errors", std::to_string(errors)},
                                            {"unread", std::to_string(unread)}});
    Text(left_, page_height_ - band * 0.76f, subtitle,
         FitWithEllipsis(subtitle, CleanText(line), width_));
    y_ = page_height_ - band - 4 - 10;
    Paragraph(Fill(T("facts"), {{"date", index_.generated_at}, {"version", index_.tool_version}}),
              Regular("table", "muted"));
    y_ -= 8;
  }

  void ContinuationPage() {
    NewPage();
    Style style = Regular("header", "muted");
    Text(left_, y_ - style.size, style, FitWithEllipsis(style, T("continued"), width_));
    y_ -= style.size + 5;
    Rule(y_, C("rule"), 0.6f);
    y_ -= 10;
  }

  void TableHeader() {
    float h = L("header_row_height");
    FillRect(left_, y_ - h, width_, h, C("table_header_fill"));
    Style muted = Bold("header", "muted");
    float base = y_ - h / 2 - muted.size * 0.33f;
    Text(left_ + 6, base, muted, T("column_applicant"));
    Text(checklist_x_ + 4, base, muted, T("column_checklist"));
    float cw = L("count_column");
    for (size_t k = 0; k < 5; ++k) {
      const Swatch& s = t_.status.at(ToString(kStatuses[k]));
      Style word{bold_, t_.size.at("header"), s.color};
      TextCentered(count_x_ + cw * static_cast<float>(k), cw, base, word,
                   FitWithEllipsis(word, CleanText(s.word), cw - 2));
    }
    TextCentered(files_x_, L("files_column"), base, muted, T("column_files"));
    TextCentered(unread_x_, L("unread_column"), base, muted, T("column_unread"));
    y_ -= h;
  }

  // A number in a tinted pill when it is not zero; a faint 0 otherwise.
  void Count(float x, float w, float center, int n, const Rgb& color, const Rgb& tint) {
    Style faint = Regular("table", "faint");
    std::string text = std::to_string(n);
    if (n == 0) {
      TextCentered(x, w, center - faint.size * 0.33f, faint, text);
      return;
    }
    Style strong{bold_, t_.size.at("table"), color};
    float ph = strong.size * 1.75f;
    float pw = std::min(w - 8, std::max(ph * 1.6f, TextWidth(strong, text) + ph));
    FillPill(x + (w - pw) / 2, center - ph / 2, pw, ph, tint);
    TextCentered(x, w, center - strong.size * 0.33f, strong, text);
  }

  void Row(const IndexRow& row, size_t i) {
    float h = L("row_height");
    float top = y_;
    bool error = !row.error.empty();
    if (error) {
      FillRect(left_, top - h, width_, h, C("error_fill"));
      FillRect(left_, top - h, 3, h, C("error"));
    } else if (i % 2 == 1) {
      FillRect(left_, top - h, width_, h, C("section_row_fill"));
    }
    Style name = Bold("table", "text");
    Style small = Regular("table_small", "muted");
    float line1 = top - h * 0.42f;
    float line2 = top - h * 0.80f;
    Text(left_ + 6, line1, name,
         FitWithEllipsis(name, CleanText(row.name), checklist_x_ - left_ - 10));
    Style checklist = Regular("table", "text");
    Text(checklist_x_ + 4, line1, checklist,
         FitWithEllipsis(checklist, CleanText(row.checklist), count_x_ - checklist_x_ - 8));
    float cw = L("count_column");
    if (error) {
      // The message runs under the whole row: it is what the validator must act on.
      Style message = Regular("table_small", "error");
      Text(left_ + 6, line2, message,
           FitWithEllipsis(message, CleanText(Fill(T("error_line"), {{"error", row.error}})),
                           width_ - 12));
      Style faint = Regular("table", "faint");
      for (size_t k = 0; k < 5; ++k) {
        TextCentered(count_x_ + cw * static_cast<float>(k), cw, line1, faint, T("not_judged"));
      }
    } else {
      std::string report = row.report.empty() ? T("no_report") : row.report;
      Text(left_ + 6, line2, small,
           FitWithEllipsis(small, CleanText(report), checklist_x_ - left_ - 10));
      for (size_t k = 0; k < 5; ++k) {
        const Swatch& s = t_.status.at(ToString(kStatuses[k]));
        Count(count_x_ + cw * static_cast<float>(k), cw, top - h / 2, row.counts[k], s.color,
              s.tint);
      }
    }
    float center = error ? line1 + t_.size.at("table") * 0.33f : top - h / 2;
    Style files = Regular("table", "text");
    TextCentered(files_x_, L("files_column"), center - files.size * 0.33f, files,
                 std::to_string(row.files));
    Count(unread_x_, L("unread_column"), center, row.files_unread, C("error"), C("error_fill"));
    y_ -= h;
    Rule(y_, C("rule"), 0.4f);
  }

  void Footers() {
    Style left = Regular("footer", "faint");
    Style right = Regular("footer", "muted");
    std::string total = std::to_string(pages_.size());
    std::string footer_left = CleanText(Fill(T("footer_left"), {{"version", index_.tool_version}}));
    for (size_t i = 0; i < pages_.size() && !failed(); ++i) {
      page_ = pages_[i];
      float baseline = L("margin_bottom") * 0.5f;
      Rule(baseline + t_.size.at("footer") + 4, C("rule"), 0.6f);
      Text(left_, baseline, left, footer_left);
      std::string page =
          CleanText(Fill(T("footer_page"), {{"n", std::to_string(i + 1)}, {"total", total}}));
      Text(right_ - TextWidth(right, page), baseline, right, page);
    }
  }

  HPDF_Doc pdf_;
  const IndexTemplate& t_;
  const BatchIndex& index_;
  HPDF_Font regular_;
  HPDF_Font bold_;
  const HaruError* error_;
  float page_width_ = 0, page_height_ = 0, left_ = 0, right_ = 0, width_ = 0;
  float checklist_x_ = 0, count_x_ = 0, files_x_ = 0, unread_x_ = 0;
  HPDF_Page page_ = nullptr;
  float y_ = 0;
  std::vector<HPDF_Page> pages_;
};

}  // namespace

Result<BatchIndex> ReadBatchIndex(const std::string& out_dir) {
  BatchIndex index;
  index.generated_at = NowIso();
  index.tool_version = EVCOV_VERSION;
  std::error_code ec;
  std::vector<std::string> folders;
  for (const auto& e : fs::directory_iterator(out_dir, ec)) {
    std::string name = e.path().filename().string();
    if (name.empty() || name[0] == '.') continue;
    std::error_code entry_ec;
    if (!e.is_directory(entry_ec) || !fs::exists(e.path() / "coverage.json", entry_ec)) continue;
    folders.push_back(name);
  }
  if (ec) return MakeError(ErrorKind::kIo, out_dir, "cannot list output folder: " + ec.message());
  std::sort(folders.begin(), folders.end());
  for (const std::string& folder : folders) {
    index.rows.push_back(RowFromCoverage(folder, fs::path(out_dir) / folder));
  }
  return index;
}

json IndexJson(const BatchIndex& index) {
  json rows = json::array();
  json totals = {{"applicants", index.rows.size()},
                 {"applicant_errors", 0},
                 {"files", 0},
                 {"files_unread", 0}};
  json total_counts = json::object();
  for (Status s : kStatuses) total_counts[ToString(s)] = 0;
  for (const IndexRow& r : index.rows) {
    json counts = json::object();
    for (Status s : kStatuses) {
      counts[ToString(s)] = r.Count(s);
      total_counts[ToString(s)] = total_counts[ToString(s)].get<int>() + r.Count(s);
    }
    rows.push_back({{"applicant", r.applicant},
                    {"name", r.name},
                    {"checklist", r.checklist},
                    {"counts", counts},
                    {"files", r.files},
                    {"files_unread", r.files_unread},
                    {"error", r.error},
                    {"report", r.report}});
    totals["applicant_errors"] = totals["applicant_errors"].get<int>() + (r.error.empty() ? 0 : 1);
    totals["files"] = totals["files"].get<int>() + r.files;
    totals["files_unread"] = totals["files_unread"].get<int>() + r.files_unread;
  }
  totals["counts"] = total_counts;
  return {{"schema", kIndexSchema},
          {"generated_at", index.generated_at},
          {"tool_version", index.tool_version},
          {"totals", totals},
          {"applicants", rows}};
}

std::string IndexCsv(const BatchIndex& index) {
  std::string out = "applicant,name,checklist";
  for (Status s : kStatuses) out += std::string(",") + ToString(s);
  out += ",files,files_unread,error,report\r\n";
  for (const IndexRow& r : index.rows) {
    out += CsvCell(r.applicant) + "," + CsvCell(r.name) + "," + CsvCell(r.checklist);
    for (Status s : kStatuses) out += "," + std::to_string(r.Count(s));
    out += "," + std::to_string(r.files) + "," + std::to_string(r.files_unread) + "," +
           CsvCell(r.error) + "," + CsvCell(r.report) + "\r\n";
  }
  return out;
}

Result<std::string> RenderIndexPdf(const BatchIndex& index, const std::string& data_dir) {
  auto tmpl = LoadTemplates(data_dir);
  if (!tmpl.ok()) return tmpl.error();
  ReportOptions fonts;  // the report's fonts, so both documents look alike
  std::string regular_path = ResolveFont(fonts.font_path, data_dir);
  std::string bold_path = ResolveFont(fonts.bold_font_path, data_dir);
  for (const std::string& path : {regular_path, bold_path}) {
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) {
      return MakeError(ErrorKind::kIo, path, "font file not found (needed for index.pdf)");
    }
  }
  HaruError error;
  HaruDocPtr doc(HPDF_New(RecordHaruError, &error));
  HPDF_Doc pdf = doc.get();
  if (!pdf) return MakeError(ErrorKind::kInternal, "", "libharu cannot create a document");
  HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL);
  HPDF_UseUTFEncodings(pdf);
  HPDF_SetCurrentEncoder(pdf, "UTF-8");
  const char* regular_name = HPDF_LoadTTFontFromFile(pdf, regular_path.c_str(), HPDF_TRUE);
  if (!regular_name) return HaruFailure(error, regular_path);
  const char* bold_name = HPDF_LoadTTFontFromFile(pdf, bold_path.c_str(), HPDF_TRUE);
  if (!bold_name) return HaruFailure(error, bold_path);
  HPDF_Font regular = HPDF_GetFont(pdf, regular_name, "UTF-8");
  HPDF_Font bold = HPDF_GetFont(pdf, bold_name, "UTF-8");
  if (!regular || !bold || error.code != HPDF_OK) return HaruFailure(error, "");
  HPDF_SetInfoAttr(pdf, HPDF_INFO_TITLE, CleanText(tmpl->text.at("title")).c_str());
  HPDF_SetInfoAttr(pdf, HPDF_INFO_CREATOR, ("evcov " + index.tool_version).c_str());

  IndexWriter writer(pdf, *tmpl, index, regular, bold, &error);
  if (!writer.Render()) return HaruFailure(error, "");
  if (HPDF_SaveToStream(pdf) != HPDF_OK || error.code != HPDF_OK) return HaruFailure(error, "");
  return ReadHaruStream(pdf, &error, HaruFailure);
}

Result<BatchIndex> WriteBatchIndex(const std::string& out_dir, const std::string& data_dir,
                                   bool write_pdf) {
  auto index = ReadBatchIndex(out_dir);
  if (!index.ok()) return index.error();
  std::optional<Error> first;
  auto keep = [&](const Result<bool>& w) {
    if (!w.ok() && !first) first = w.error();
  };
  fs::path dir(out_dir);
  keep(WriteFileAtomic((dir / "index.json").string(), IndexJson(*index).dump(2) + "\n"));
  keep(WriteFileAtomic((dir / "index.csv").string(), IndexCsv(*index)));
  if (write_pdf) {
    auto pdf = RenderIndexPdf(*index, data_dir);
    if (!pdf.ok()) {
      Error e = pdf.error();
      if (e.file.empty()) e.file = (dir / "index.pdf").string();
      keep(e);
    } else {
      keep(WriteFileAtomic((dir / "index.pdf").string(), *pdf));
    }
  }
  if (first) return *first;
  return index;
}

}  // namespace evcov
