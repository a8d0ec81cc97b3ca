// The evidence-coverage report as PDF, drawn with libharu.
//
// Layout is one top-down flow: a cursor moves down the page, every block asks
// for the height it needs, and a new page starts when it does not fit, so long
// reasons, snippets and file lists never run off a page. Text is wrapped by
// measuring it with the embedded font, never by counting characters. Wording,
// colours and sizes come from templates/report.json; this file only decides
// what goes where.
#include "pipeline/render_pdf.h"

#include <hpdf.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "pipeline/pdf_util.h"
#include "pipeline/utf8.h"

namespace evcov {

namespace {

namespace fs = std::filesystem;

constexpr const char* kTemplateSchema = "evcov-report-template/1";
constexpr const char* kEncoding = "UTF-8";

// ---------------------------------------------------------------------------
// The template: every word, colour and size the report uses.

// How one status (or file state) looks: its word, why it applies, its colours.
struct Swatch {
  std::string word;
  std::string explanation;
  Rgb color;  // dot, bar and word; dark enough to read as text
  Rgb tint;   // chip background
};

struct ReportTemplate {
  std::map<std::string, float> layout;
  std::map<std::string, float> size;
  std::map<std::string, Rgb> color;
  std::map<std::string, Swatch> status;      // keyed by ToString(Status)
  std::map<std::string, Swatch> file_state;  // keyed by ToString(FileState)
  std::map<std::string, std::string> media_type;
  std::map<std::string, std::string> text;
};

// Keys the code reads. The loader refuses a template that lacks one, so a
// typo in report.json fails the run up front instead of printing blanks.
// clang-format off
constexpr const char* kLayoutKeys[] = {
    "page_width", "page_height", "margin_left", "margin_right", "margin_top", "margin_bottom",
    "line_spacing", "indent", "chart_bar_height", "locator_heading_max_chars",
    "max_warnings_per_file"};
constexpr const char* kSizeKeys[] = {
    "title", "subtitle", "section", "subgroup", "control", "body", "small", "table", "header",
    "footer"};
constexpr const char* kColorKeys[] = {
    "text", "muted", "faint", "rule", "accent", "accent_highlight", "table_header_fill",
    "section_row_fill", "chart_track", "quote_rule", "warning", "warning_fill", "error",
    "error_fill", "info_fill", "shown", "not_shown", "set_aside"};
constexpr const char* kTextKeys[] = {
    "title", "running_header", "footer_left", "footer_page", "label_checklist",
    "label_checklist_id", "label_category", "label_deployment", "label_waivers", "label_examples",
    "label_generated", "label_tool", "value_none", "value_version", "chart_heading", "chart_total",
    "unread_heading", "unread_intro", "all_read", "no_files", "error_heading", "error_intro",
    "outline_cover", "outline_summary", "outline_inventory", "summary_heading", "legend_heading",
    "column_id", "column_title", "column_status", "column_evidence", "evidence_missing_mark",
    "evidence_not_judged", "unsectioned", "control_heading", "scope_practice", "scope_examples",
    "shown_mark", "not_shown_mark", "warning_mark", "still_needed", "set_aside", "evidence_ocr",
    "met_without_evidence", "shown_without_evidence", "examples_heading", "example_complete",
    "example_still_needed", "inventory_heading", "inventory_intro", "column_file",
    "column_type", "column_pages", "column_read", "column_state", "read_text_layer", "read_ocr_all",
    "read_mixed", "read_none", "warnings_more", "unknown_type", "outline_changes",
    "changes_heading", "changes_intro", "changes_none", "changes_controls_heading",
    "changes_control", "changes_absent", "changes_evidence_heading", "changes_evidence_added",
    "changes_evidence_lost", "changes_files_heading", "changes_file_added", "changes_file_removed",
    "changes_file_modified", "changes_more"};
// clang-format on
constexpr Status kStatuses[] = {Status::kMet, Status::kPartial, Status::kMissing, Status::kWaived,
                                Status::kManual};
constexpr FileState kFileStates[] = {FileState::kRead, FileState::kPartial, FileState::kNotRead};

// Fills `t` from `j`; returns what is wrong, or "" when the template is usable.
// nlohmann throws type_error when a value has the wrong type; the caller turns
// that into the same kind of message.
std::string ReadTemplate(const nlohmann::json& j, ReportTemplate* t) {
  if (!j.is_object()) return "the top level is not an object";
  if (j.value("schema", "") != kTemplateSchema) {
    return std::string("\"schema\" is not \"") + kTemplateSchema + "\"";
  }
  auto section = [&](const char* name) -> const nlohmann::json* {
    auto it = j.find(name);
    return it != j.end() && it->is_object() ? &*it : nullptr;
  };
  const nlohmann::json* layout = section("layout");
  const nlohmann::json* sizes = section("font_sizes");
  const nlohmann::json* colors = section("colors");
  const nlohmann::json* statuses = section("statuses");
  const nlohmann::json* file_states = section("file_states");
  const nlohmann::json* media_types = section("media_types");
  const nlohmann::json* text = section("text");
  const std::pair<const char*, const nlohmann::json*> objects[] = {
      {"layout", layout},     {"font_sizes", sizes},        {"colors", colors},
      {"statuses", statuses}, {"file_states", file_states}, {"media_types", media_types},
      {"text", text}};
  for (const auto& [name, object] : objects) {
    if (!object) return std::string("missing object \"") + name + "\"";
  }
  auto number = [](const nlohmann::json& obj, const char* key, std::string prefix,
                   float* out) -> std::string {
    if (!obj.contains(key) || !obj[key].is_number())
      return "missing number \"" + prefix + key + "\"";
    *out = obj[key].get<float>();
    return "";
  };
  for (const char* key : kLayoutKeys) {
    if (auto e = number(*layout, key, "layout.", &t->layout[key]); !e.empty()) return e;
  }
  for (const char* key : kSizeKeys) {
    if (auto e = number(*sizes, key, "font_sizes.", &t->size[key]); !e.empty()) return e;
    if (t->size[key] <= 0) return std::string("font_sizes.") + key + " must be positive";
  }
  auto color = [](const nlohmann::json& obj, const char* key, const std::string& where,
                  Rgb* out) -> std::string {
    if (!obj.contains(key) || !obj[key].is_string())
      return "missing colour \"" + where + key + "\"";
    auto rgb = ParseHexColor(obj[key].get<std::string>());
    if (!rgb) return "\"" + where + key + "\" is not a colour of the form #RRGGBB";
    *out = *rgb;
    return "";
  };
  for (const char* key : kColorKeys) {
    if (auto e = color(*colors, key, "colors.", &t->color[key]); !e.empty()) return e;
  }
  auto swatch = [&](const nlohmann::json& group, const std::string& group_name,
                    const std::string& key, Swatch* out) -> std::string {
    std::string where = group_name + "." + key;
    if (!group.contains(key) || !group[key].is_object()) return "missing object \"" + where + "\"";
    const nlohmann::json& s = group[key];
    if (!s.contains("word") || !s["word"].is_string()) return "missing \"" + where + ".word\"";
    out->word = s["word"].get<std::string>();
    out->explanation = s.value("explanation", "");
    if (auto e = color(s, "color", where + ".", &out->color); !e.empty()) return e;
    return color(s, "tint", where + ".", &out->tint);
  };
  for (Status s : kStatuses) {
    if (auto e = swatch(*statuses, "statuses", ToString(s), &t->status[ToString(s)]); !e.empty()) {
      return e;
    }
  }
  for (FileState s : kFileStates) {
    if (auto e = swatch(*file_states, "file_states", ToString(s), &t->file_state[ToString(s)]);
        !e.empty()) {
      return e;
    }
  }
  for (const auto& [key, value] : media_types->items()) {
    if (value.is_string()) t->media_type[key] = value.get<std::string>();
  }
  for (const char* key : kTextKeys) {
    if (!text->contains(key) || !(*text)[key].is_string()) {
      return std::string("missing text \"text.") + key + "\"";
    }
    t->text[key] = (*text)[key].get<std::string>();
  }
  return "";
}

Result<ReportTemplate> LoadTemplate(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return MakeError(ErrorKind::kInvalid, path, "report template is missing or unreadable");
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(in);
  } catch (const nlohmann::json::exception& e) {
    return MakeError(ErrorKind::kInvalid, path,
                     std::string("report template is not valid JSON: ") + e.what());
  }
  ReportTemplate t;
  std::string problem;
  try {
    problem = ReadTemplate(j, &t);
  } catch (const nlohmann::json::exception& e) {
    problem = e.what();
  }
  if (!problem.empty())
    return MakeError(ErrorKind::kInvalid, path, "bad report template: " + problem);
  return t;
}

// ---------------------------------------------------------------------------
// Text hygiene. Extracted text may hold invalid UTF-8, control characters,
// characters outside the Basic Multilingual Plane (libharu's UTF-8 encoder maps
// only that plane) and long runs of spaces from table layouts. Every string is
// cleaned before it is measured or drawn.

// Valid BMP-only UTF-8 on one line: whitespace and controls collapse to single
// spaces, invisible format characters are dropped, the ends are trimmed.
std::string CleanText(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  bool pending_space = false;
  for (size_t i = 0, n = 0; i < in.size(); i += n) {
    char32_t cp = DecodeUtf8(in, i, &n);
    bool space =
        cp <= 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0) || cp == 0x2028 || cp == 0x2029;
    if (space) {
      pending_space = true;
      continue;
    }
    if (cp == 0xAD || (cp >= 0x200B && cp <= 0x200D) || cp == 0xFEFF) continue;
    if (cp > 0xFFFF) cp = 0xFFFD;
    if (pending_space && !out.empty()) out.push_back(' ');
    pending_space = false;
    AppendBmpUtf8(cp, &out);
  }
  return out;
}

// At most `max_chars` code points of clean `text`, with an ellipsis when cut.
std::string TruncateChars(const std::string& text, size_t max_chars) {
  size_t chars = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if (IsUtf8Continuation(text[i])) continue;
    if (chars++ == max_chars) {
      std::string cut = text.substr(0, i);
      while (!cut.empty() && cut.back() == ' ') cut.pop_back();
      return cut + "\xE2\x80\xA6";
    }
  }
  return text;
}

// "1–3, 7" from {1, 2, 3, 7}.
std::string PageList(std::vector<int> pages) {
  std::sort(pages.begin(), pages.end());
  pages.erase(std::unique(pages.begin(), pages.end()), pages.end());
  std::string out;
  for (size_t i = 0; i < pages.size();) {
    size_t j = i;
    while (j + 1 < pages.size() && pages[j + 1] == pages[j] + 1) ++j;
    if (!out.empty()) out += ", ";
    out += std::to_string(pages[i]);
    if (j > i) out += "\xE2\x80\x93" + std::to_string(pages[j]);
    i = j + 1;
  }
  return out;
}

std::string Join(const std::vector<std::string>& items, const std::string& separator) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : separator) + item;
  return out;
}

// ---------------------------------------------------------------------------
// libharu errors. The handler (RecordHaruError) only records the first error:
// libharu then refuses further work on the document, and the renderer stops
// and reports it.

std::string DescribeHaruError(const HaruError& error) {
  const char* what = nullptr;
  switch (error.code) {
    case HPDF_FAILD_TO_ALLOC_MEM:
      what = "out of memory";
      break;
    case HPDF_FILE_OPEN_ERROR:
      what = "cannot open the file";
      break;
    case HPDF_FILE_IO_ERROR:
      what = "file input/output failed";
      break;
    case HPDF_INVALID_FONTDEF_DATA:
    case HPDF_TTF_INVALID_CMAP:
    case HPDF_TTF_INVALID_FOMAT:
    case HPDF_TTF_MISSING_TABLE:
    case HPDF_UNSUPPORTED_FONT_TYPE:
      what = "not a usable TrueType font";
      break;
    case HPDF_TTF_CANNOT_EMBEDDING_FONT:
      what = "the font does not allow embedding";
      break;
    case HPDF_INVALID_ENCODER:
    case HPDF_INVALID_ENCODING_NAME:
      what = "the UTF-8 encoder is not available";
      break;
    default:
      break;
  }
  char code[64];
  std::snprintf(code, sizeof code, "libharu error 0x%04X, detail %u",
                static_cast<unsigned>(error.code), static_cast<unsigned>(error.detail));
  return what ? std::string(what) + " (" + code + ")" : std::string(code);
}

Error HaruFailure(const HaruError& error, const std::string& file) {
  return MakeError(ErrorKind::kInternal, file,
                   "cannot render the report: " + DescribeHaruError(error));
}

// ---------------------------------------------------------------------------
// Measured text: styled runs wrapped into lines of positioned fragments.

struct Style {
  HPDF_Font font = nullptr;
  float size = 9;
  Rgb color;
};

struct Run {
  std::string text;  // clean (CleanText)
  Style style;
};

struct Fragment {
  std::string text;
  Style style;
  float x = 0;  // from the start of the line
};

struct Line {
  std::vector<Fragment> fragments;
  float size = 0;  // largest font size on the line, for its height
};

bool SameStyle(const Style& a, const Style& b) {
  return a.font == b.font && a.size == b.size && a.color.r == b.color.r && a.color.g == b.color.g &&
         a.color.b == b.color.b;
}

float TextWidth(const Style& style, std::string_view text) {
  if (text.empty()) return 0;
  HPDF_TextWidth width =
      HPDF_Font_TextWidth(style.font, reinterpret_cast<const HPDF_BYTE*>(text.data()),
                          static_cast<HPDF_UINT>(text.size()));
  return static_cast<float>(width.width) * style.size / 1000.0f;
}

// Bytes of `text` that fit in `width`, cut between characters, at least one
// character so that a very narrow column still makes progress.
size_t FitBytes(const Style& style, std::string_view text, float width) {
  HPDF_REAL real_width = 0;
  size_t n = HPDF_Font_MeasureText(style.font, reinterpret_cast<const HPDF_BYTE*>(text.data()),
                                   static_cast<HPDF_UINT>(text.size()), width, style.size, 0, 0,
                                   HPDF_FALSE, &real_width);
  // libharu counts bytes and can stop inside a multi-byte character.
  n = std::min(n, text.size());
  while (n > 0 && n < text.size() && IsUtf8Continuation(text[n])) --n;
  if (n == 0) {
    size_t length = 0;
    DecodeUtf8(text, 0, &length);
    n = length;
  }
  return n;
}

// Splits after runs of spaces, after path separators and after a hyphen
// between letters, so file paths wrap at a '/' or inside "lumen-desk" rather
// than in the middle of a word; "SBR-001" stays whole.
std::vector<std::string> BreakTokens(const std::string& text) {
  std::vector<std::string> tokens;
  std::string current;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    current.push_back(c);
    bool next_is_space = i + 1 < text.size() && text[i + 1] == ' ';
    auto is_letter = [&](size_t k) {
      return k < text.size() && std::isalpha(static_cast<unsigned char>(text[k]));
    };
    bool hyphen = c == '-' && i > 0 && is_letter(i - 1) && is_letter(i + 1);
    bool breaks = (c == ' ' && !next_is_space) || c == '/' || c == '\\' || c == '_' || hyphen;
    if (breaks) {
      tokens.push_back(std::move(current));
      current.clear();
    }
  }
  if (!current.empty()) tokens.push_back(std::move(current));
  return tokens;
}

std::string_view TrimTrailingSpaces(std::string_view text) {
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  return text;
}

// Greedy line filling; words longer than a line are cut with FitBytes.
std::vector<Line> Wrap(const std::vector<Run>& runs, float width) {
  std::vector<Line> lines(1);
  float pen = 0;
  auto place = [&](std::string_view text, const Style& style) {
    Line& line = lines.back();
    line.size = std::max(line.size, style.size);
    if (!line.fragments.empty() && SameStyle(line.fragments.back().style, style)) {
      line.fragments.back().text.append(text);
    } else {
      line.fragments.push_back({std::string(text), style, pen});
    }
    pen += TextWidth(style, text);
  };
  auto new_line = [&] {
    lines.emplace_back();
    pen = 0;
  };
  for (const Run& run : runs) {
    for (const std::string& token_text : BreakTokens(run.text)) {
      std::string_view token = token_text;
      if (pen + TextWidth(run.style, TrimTrailingSpaces(token)) <= width + 0.01f) {
        place(token, run.style);
        continue;
      }
      if (!lines.back().fragments.empty()) new_line();
      while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
      while (TextWidth(run.style, TrimTrailingSpaces(token)) > width + 0.01f) {
        size_t n = FitBytes(run.style, token, width);
        place(token.substr(0, n), run.style);
        new_line();
        token.remove_prefix(n);
      }
      if (!token.empty()) place(token, run.style);
    }
  }
  for (Line& line : lines) {
    if (!line.fragments.empty()) {
      std::string& last = line.fragments.back().text;
      last.erase(TrimTrailingSpaces(last).size());
    }
  }
  if (lines.back().fragments.empty()) lines.pop_back();
  return lines;
}

// The longest prefix of `text` that fits in `width`, with an ellipsis if cut.
std::string FitWithEllipsis(const Style& style, const std::string& text, float width) {
  if (TextWidth(style, text) <= width) return text;
  const std::string ellipsis = "\xE2\x80\xA6";
  float room = width - TextWidth(style, ellipsis);
  if (room <= 0) return ellipsis;
  std::string cut = text.substr(0, FitBytes(style, text, room));
  cut.erase(TrimTrailingSpaces(cut).size());
  return cut + ellipsis;
}

// ---------------------------------------------------------------------------
// The report.

struct SectionGroup {
  std::string name;
  struct Subgroup {
    std::string name;
    std::vector<size_t> controls;  // indexes into verdict.controls
  };
  std::vector<Subgroup> subgroups;
};

// Sections and subgroups in order of first appearance, so the report follows
// the checklist even if a section's controls are not contiguous.
std::vector<SectionGroup> GroupControls(const ApplicantVerdict& verdict,
                                        const std::string& unsectioned) {
  std::vector<SectionGroup> groups;
  for (size_t i = 0; i < verdict.controls.size(); ++i) {
    const ControlVerdict& c = verdict.controls[i];
    std::string section = c.section.empty() ? unsectioned : c.section;
    auto group = std::find_if(groups.begin(), groups.end(),
                              [&](const SectionGroup& g) { return g.name == section; });
    if (group == groups.end()) group = groups.insert(groups.end(), SectionGroup{section, {}});
    auto sub = std::find_if(group->subgroups.begin(), group->subgroups.end(),
                            [&](const SectionGroup::Subgroup& s) { return s.name == c.subgroup; });
    if (sub == group->subgroups.end()) {
      sub = group->subgroups.insert(group->subgroups.end(), SectionGroup::Subgroup{c.subgroup, {}});
    }
    sub->controls.push_back(i);
  }
  return groups;
}

// Decoration drawn behind each line of a flowed block. Painting per line keeps
// a box intact when its text continues on the next page.
struct Box {
  float x = 0;
  float width = 0;
  std::optional<Rgb> fill;
  std::optional<Rgb> bar;  // a vertical bar on the left edge
  float bar_width = 2.5f;
};

// A link from the summary table to a control, made once the control's page is
// known.
struct PendingLink {
  HPDF_Page page;
  HPDF_Rect rect;
  size_t control;
};

class ReportWriter {
 public:
  ReportWriter(HPDF_Doc pdf, const ReportTemplate& tmpl, const ApplicantVerdict& verdict,
               HPDF_Font regular, HPDF_Font bold, const HaruError* error)
      : pdf_(pdf), t_(tmpl), v_(verdict), regular_(regular), bold_(bold), error_(error) {
    page_width_ = L("page_width");
    page_height_ = L("page_height");
    left_ = L("margin_left");
    right_ = page_width_ - L("margin_right");
    top_ = page_height_ - L("margin_top");
    bottom_ = L("margin_bottom");
    width_ = right_ - left_;
    encoder_ = HPDF_GetEncoder(pdf_, kEncoding);
    control_destinations_.resize(v_.controls.size(), nullptr);
  }

  // Draws the whole report; false when libharu failed (see the HaruError).
  bool Render() {
    RenderCover();
    if (v_.error.empty()) {
      if (v_.changes.has_previous) RenderChanges();
      RenderSummary();
      RenderControls();
      RenderInventory();
      MakeSummaryLinks();
    }
    RenderFooters();
    return !failed();
  }

 private:
  float L(const char* key) const { return t_.layout.at(key); }
  float Size(const char* key) const { return t_.size.at(key); }
  const Rgb& C(const char* key) const { return t_.color.at(key); }
  const std::string& T(const char* key) const { return t_.text.at(key); }
  const Swatch& StatusSwatch(Status s) const { return t_.status.at(ToString(s)); }
  bool failed() const { return error_->code != HPDF_OK; }

  Style Regular(const char* size, const char* color) const {
    return {regular_, Size(size), C(color)};
  }
  Style Bold(const char* size, const char* color) const { return {bold_, Size(size), C(color)}; }
  float LineHeight(float size) const { return size * L("line_spacing"); }
  bool AtPageTop() const { return y_ >= top_ - 0.5f; }

  // ---- pages and the cursor ----

  void NewPage(bool running_header = true) {
    if (failed()) return;
    page_ = HPDF_AddPage(pdf_);
    y_ = top_;
    if (!page_) return;
    HPDF_Page_SetWidth(page_, page_width_);
    HPDF_Page_SetHeight(page_, page_height_);
    pages_.push_back(page_);
    if (running_header) DrawRunningHeader();
  }

  // Starts a new page unless `height` still fits above the bottom margin.
  void Need(float height) {
    if (y_ - height < bottom_) NewPage();
  }

  // Vertical space, dropped at the top of a page where it would look like a
  // stray gap.
  void Gap(float height) {
    if (AtPageTop()) return;
    if (y_ - height < bottom_) {
      NewPage();
      return;
    }
    y_ -= height;
  }

  HPDF_Destination DestinationHere() {
    if (failed() || !page_) return nullptr;
    HPDF_Destination dst = HPDF_Page_CreateDestination(page_);
    // libharu 2.3 rejects the "keep zoom" destination, so fit the width and
    // scroll to the heading instead.
    if (dst) HPDF_Destination_SetFitH(dst, std::min(page_height_, y_ + 14));
    return dst;
  }

  HPDF_Outline AddOutline(HPDF_Outline parent, const std::string& title, HPDF_Destination dst) {
    if (failed()) return nullptr;
    HPDF_Outline outline =
        HPDF_CreateOutline(pdf_, parent, TruncateChars(CleanText(title), 90).c_str(), encoder_);
    if (outline && dst) HPDF_Outline_SetDestination(outline, dst);
    return outline;
  }

  // ---- drawing primitives ----

  void SetFill(const Rgb& c) { HPDF_Page_SetRGBFill(page_, c.r, c.g, c.b); }

  void DrawText(float x, float baseline, const Style& style, const std::string& text) {
    if (failed() || !page_ || text.empty()) return;
    SetFill(style.color);
    HPDF_Page_BeginText(page_);
    HPDF_Page_SetFontAndSize(page_, style.font, style.size);
    HPDF_Page_TextOut(page_, x, baseline, text.c_str());
    HPDF_Page_EndText(page_);
  }

  void DrawTextRight(float right, float baseline, const Style& style, const std::string& text) {
    DrawText(right - TextWidth(style, text), baseline, style, text);
  }

  void FillRect(float x, float y, float w, float h, const Rgb& color) {
    if (failed() || !page_ || w <= 0 || h <= 0) return;
    SetFill(color);
    HPDF_Page_Rectangle(page_, x, y, w, h);
    HPDF_Page_Fill(page_);
  }

  void HorizontalRule(float x1, float x2, float y, const Rgb& color, float line_width = 0.6f) {
    if (failed() || !page_) return;
    HPDF_Page_SetRGBStroke(page_, color.r, color.g, color.b);
    HPDF_Page_SetLineWidth(page_, line_width);
    HPDF_Page_MoveTo(page_, x1, y);
    HPDF_Page_LineTo(page_, x2, y);
    HPDF_Page_Stroke(page_);
  }

  void FillRoundedRect(float x, float y, float w, float h, float r, const Rgb& color) {
    if (failed() || !page_) return;
    r = std::min({r, w / 2, h / 2});
    const float k = 0.5523f * r;  // Bézier handle length for a quarter circle
    SetFill(color);
    HPDF_Page_MoveTo(page_, x + r, y);
    HPDF_Page_LineTo(page_, x + w - r, y);
    HPDF_Page_CurveTo(page_, x + w - r + k, y, x + w, y + r - k, x + w, y + r);
    HPDF_Page_LineTo(page_, x + w, y + h - r);
    HPDF_Page_CurveTo(page_, x + w, y + h - r + k, x + w - r + k, y + h, x + w - r, y + h);
    HPDF_Page_LineTo(page_, x + r, y + h);
    HPDF_Page_CurveTo(page_, x + r - k, y + h, x, y + h - r + k, x, y + h - r);
    HPDF_Page_LineTo(page_, x, y + r);
    HPDF_Page_CurveTo(page_, x, y + r - k, x + r - k, y, x + r, y);
    HPDF_Page_Fill(page_);
  }

  // A status chip: a tinted pill with a coloured dot and the status word. The
  // word carries the meaning, so the chip still reads when printed in grey.
  float ChipWidth(const Swatch& swatch, float size) const {
    Style word{bold_, size, swatch.color};
    return size * 0.6f + size * 0.6f + size * 0.45f + TextWidth(word, swatch.word) + size * 0.7f;
  }

  float DrawChip(float x, float center_y, const Swatch& swatch, float size) {
    float w = ChipWidth(swatch, size);
    float h = size * 1.6f;
    FillRoundedRect(x, center_y - h / 2, w, h, h / 2, swatch.tint);
    if (!failed() && page_) {
      SetFill(swatch.color);
      HPDF_Page_Circle(page_, x + size * 0.6f + size * 0.3f, center_y, size * 0.3f);
      HPDF_Page_Fill(page_);
    }
    DrawText(x + size * 0.6f + size * 0.6f + size * 0.45f, center_y - size * 0.35f,
             Style{bold_, size, swatch.color}, swatch.word);
    return w;
  }

  // Baseline that centres a line of `size` text in a box of `height` below `top`.
  static float Baseline(float top, float height, float size) {
    return top - height / 2 - size * 0.33f;
  }

  void DrawLine(const Line& line, float x, float top, float height) {
    for (const Fragment& f : line.fragments) {
      DrawText(x + f.x, Baseline(top, height, line.size), f.style, f.text);
    }
  }

  // ---- flowed text ----

  // Wraps `runs` into `width` at `x` and draws them line by line, breaking
  // pages as needed. A `marker` (✓, ✗, a bullet) hangs to the left of the first
  // line, and the text keeps its indent on later lines.
  void Flow(const std::vector<Run>& runs, float x, float width, const Box* box = nullptr,
            const std::vector<Run>& marker = {}) {
    float marker_width = 0;
    std::vector<Line> marker_lines;
    if (!marker.empty()) {
      marker_lines = Wrap(marker, width);
      for (const Run& r : marker) marker_width += TextWidth(r.style, r.text);
    }
    std::vector<Line> lines = Wrap(runs, width - marker_width);
    for (size_t i = 0; i < lines.size(); ++i) {
      float size = lines[i].size;
      if (i == 0 && !marker_lines.empty()) size = std::max(size, marker_lines[0].size);
      float height = LineHeight(size);
      Need(height);
      if (box) DrawBoxSlice(*box, y_, height);
      if (i == 0 && !marker_lines.empty()) DrawLine(marker_lines[0], x, y_, height);
      Line line = lines[i];
      line.size = size;
      DrawLine(line, x + marker_width, y_, height);
      y_ -= height;
    }
  }

  void DrawBoxSlice(const Box& box, float top, float height) {
    if (box.fill) FillRect(box.x, top - height, box.width, height, *box.fill);
    if (box.bar) FillRect(box.x, top - height, box.bar_width, height, *box.bar);
  }

  // Empty padding inside a box, above or below its text.
  void BoxPadding(const Box& box, float height) {
    Need(height);
    DrawBoxSlice(box, y_, height);
    y_ -= height;
  }

  void Paragraph(const std::string& text, const Style& style, float indent = 0) {
    Flow({{CleanText(text), style}}, left_ + indent, width_ - indent);
  }

  // A boxed note (warning, error, information): padded, tinted, with a bar.
  void Note(const std::vector<std::vector<Run>>& paragraphs, const Rgb& fill, const Rgb& bar,
            float indent = 0) {
    Box box{left_ + indent, width_ - indent, fill, bar};
    const float pad = 5;
    BoxPadding(box, pad);
    for (size_t i = 0; i < paragraphs.size(); ++i) {
      if (i > 0) BoxPadding(box, 3);
      Flow(paragraphs[i], left_ + indent + 12, width_ - indent - 22, &box);
    }
    BoxPadding(box, pad);
  }

  void Heading(const std::string& text, const Style& style, float space_before, float space_after) {
    Gap(space_before);
    Need(LineHeight(style.size) * 2 + 40);  // keep a heading with what follows it
    Flow({{CleanText(text), style}}, left_, width_);
    y_ -= space_after;
  }

  // ---- running header and footers ----

  void DrawRunningHeader() {
    Style style = Regular("header", "muted");
    float baseline = page_height_ - L("margin_top") * 0.55f;
    std::string right =
        CleanText(v_.checklist_title.empty() ? v_.checklist_id : v_.checklist_title);
    right = FitWithEllipsis(style, right, width_ * 0.42f);
    float right_width = TextWidth(style, right);
    std::string left =
        FitWithEllipsis(style, CleanText(Fill(T("running_header"), {{"name", v_.name}})),
                        width_ - right_width - 24);
    DrawText(left_, baseline, style, left);
    DrawTextRight(right_, baseline, style, right);
    HorizontalRule(left_, right_, baseline - 6, C("rule"));
  }

  void RenderFooters() {
    Style style = Regular("footer", "faint");
    std::string total = std::to_string(pages_.size());
    std::string footer_left = CleanText(
        Fill(T("footer_left"), {{"version", v_.tool_version}, {"checklist", v_.checklist_id}}));
    // An error report has no checklist; drop the separator left dangling.
    while (!footer_left.empty() &&
           (footer_left.back() == ' ' || footer_left.ends_with("\xC2\xB7"))) {
      footer_left.erase(footer_left.size() - (footer_left.back() == ' ' ? 1 : 2));
    }
    for (size_t i = 0; i < pages_.size() && !failed(); ++i) {
      page_ = pages_[i];
      float baseline = bottom_ * 0.5f;
      HorizontalRule(left_, right_, baseline + Size("footer") + 4, C("rule"));
      DrawText(left_, baseline, style, footer_left);
      DrawTextRight(right_, baseline, Regular("footer", "muted"),
                    Fill(T("footer_page"), {{"n", std::to_string(i + 1)}, {"total", total}}));
    }
  }

  // ---- cover ----

  void RenderCover() {
    NewPage(/*running_header=*/false);
    AddOutline(nullptr, T("outline_cover"), DestinationHere());

    // A dark band with the title and the applicant's name.
    Style title{bold_, Size("title"), Rgb{1, 1, 1}};
    Style name{regular_, Size("subtitle"), Rgb{1, 1, 1}};
    std::vector<Line> title_lines = Wrap({{CleanText(T("title")), title}}, width_);
    std::vector<Line> name_lines = Wrap({{CleanText(v_.name), name}}, width_);
    float band_height = 44 + 16;
    for (const Line& l : title_lines) band_height += LineHeight(l.size);
    for (const Line& l : name_lines) band_height += LineHeight(l.size);
    band_height += 8;
    FillRect(0, page_height_ - band_height, page_width_, band_height, C("accent"));
    FillRect(0, page_height_ - band_height - 4, page_width_, 4, C("accent_highlight"));
    y_ = page_height_ - 44;
    for (const Line& l : title_lines) {
      DrawLine(l, left_, y_, LineHeight(l.size));
      y_ -= LineHeight(l.size);
    }
    y_ -= 8;
    for (const Line& l : name_lines) {
      DrawLine(l, left_, y_, LineHeight(l.size));
      y_ -= LineHeight(l.size);
    }
    y_ = page_height_ - band_height - 4 - 26;

    RenderFacts();
    if (!v_.error.empty()) {
      RenderErrorNotice();
      return;
    }
    RenderStatusChart();
    RenderUnreadFiles();
  }

  void Fact(const std::string& label, const std::string& value) {
    const float label_width = 118;
    Style label_style = Regular("body", "muted");
    Style value_style = Regular("body", "text");
    Need(LineHeight(value_style.size));
    DrawText(left_, Baseline(y_, LineHeight(value_style.size), value_style.size), label_style,
             CleanText(label));
    Flow({{CleanText(value), value_style}}, left_ + label_width, width_ - label_width);
    y_ -= 2.5f;
  }

  void RenderFacts() {
    const std::string& none = T("value_none");
    auto or_none = [&](const std::string& s) { return s.empty() ? none : s; };
    Fact(T("label_checklist"), or_none(v_.checklist_title));
    std::string id = v_.checklist_id;
    if (!v_.checklist_version.empty()) {
      id += "  \xC2\xB7  " + Fill(T("value_version"), {{"version", v_.checklist_version}});
    }
    Fact(T("label_checklist_id"), or_none(id));
    if (v_.error.empty()) {
      Fact(T("label_category"), or_none(v_.category));
      Fact(T("label_deployment"), or_none(v_.deployment));
      Fact(T("label_waivers"), or_none(Join(v_.waivers, ", ")));
      std::string examples = std::to_string(v_.examples.size());
      if (!v_.examples.empty()) examples += ": " + Join(v_.examples, ", ");
      Fact(T("label_examples"), examples);
    }
    Fact(T("label_generated"), or_none(v_.generated_at));
    Fact(T("label_tool"), or_none(v_.tool_version));
  }

  void RenderErrorNotice() {
    Heading(T("error_heading"), Bold("subtitle", "error"), 22, 6);
    Paragraph(T("error_intro"), Regular("body", "muted"));
    y_ -= 8;
    Note({{{CleanText(v_.error), Regular("body", "text")}}}, C("error_fill"), C("error"));
  }

  void RenderStatusChart() {
    Heading(T("chart_heading"), Bold("subgroup", "text"), 22, 4);
    int total = static_cast<int>(v_.controls.size());
    Paragraph(Fill(T("chart_total"), {{"n", std::to_string(total)}}), Regular("small", "muted"));
    y_ -= 8;
    const float label_width = 78;
    const float value_width = 70;
    const float bar_height = L("chart_bar_height");
    const float track_x = left_ + label_width;
    const float track_width = width_ - label_width - value_width;
    Style word = Bold("body", "text");
    for (Status s : kStatuses) {
      const Swatch& swatch = StatusSwatch(s);
      int count = v_.Count(s);
      float row = bar_height + 8;
      Need(row);
      float bar_top = y_ - 4;
      DrawText(left_, Baseline(bar_top, bar_height, word.size), word, swatch.word);
      FillRect(track_x, bar_top - bar_height, track_width, bar_height, C("chart_track"));
      float share = total > 0 ? static_cast<float>(count) / static_cast<float>(total) : 0.0f;
      float bar = count > 0 ? std::max(2.0f, track_width * share) : 0.0f;
      FillRect(track_x, bar_top - bar_height, bar, bar_height, swatch.color);
      std::string count_text = std::to_string(count);
      std::string percent = "  " + std::to_string(static_cast<int>(share * 100 + 0.5f)) + "%";
      Style percent_style = Regular("small", "muted");
      float base = Baseline(bar_top, bar_height, word.size);
      DrawTextRight(right_ - TextWidth(percent_style, percent), base, word, count_text);
      DrawTextRight(right_, base, percent_style, percent);
      y_ -= row;
    }
  }

  void RenderUnreadFiles() {
    Heading(T("unread_heading"), Bold("subgroup", "text"), 22, 6);
    int total = static_cast<int>(v_.files.size());
    int unread = v_.UnreadFiles();
    if (total == 0) {
      Note({{{CleanText(T("no_files")), Regular("body", "text")}}}, C("warning_fill"),
           C("warning"));
      return;
    }
    if (unread == 0) {
      Note({{{CleanText(Fill(T("all_read"), {{"n", std::to_string(total)}})),
              Regular("body", "text")}}},
           C("info_fill"), C("shown"));
      return;
    }
    std::vector<std::vector<Run>> paragraphs;
    paragraphs.push_back({{CleanText(Fill(T("unread_intro"), {{"n", std::to_string(unread)},
                                                              {"total", std::to_string(total)}})),
                           Regular("body", "text")}});
    for (const FileRecord& f : v_.files) {
      if (f.state != FileState::kNotRead) continue;
      paragraphs.push_back({{CleanText(f.relative), Bold("body", "text")},
                            {"  \xE2\x80\x94  " + CleanText(f.error), Regular("body", "muted")}});
    }
    Note(paragraphs, C("error_fill"), C("error"));
  }

  // ---- changes since the previous run (pipeline/changes.h) ----

  // A status word from the template; a control absent from one run has none.
  Run StatusRun(const std::string& status) const {
    auto it = t_.status.find(status);
    if (it == t_.status.end()) return {CleanText(T("changes_absent")), Regular("body", "muted")};
    return {CleanText(it->second.word), Style{bold_, Size("body"), it->second.color}};
  }

  // One line per item, at most kMaxChangeLines, then how many more.
  template <typename Item, typename ToRuns>
  void ChangeLines(const std::vector<Item>& items, ToRuns to_runs) {
    constexpr size_t kMaxChangeLines = 15;  // the full lists are in changes.json
    for (size_t i = 0; i < items.size() && i < kMaxChangeLines; ++i) {
      Flow(to_runs(items[i]), left_ + L("indent"), width_ - L("indent"));
      y_ -= 2;
    }
    if (items.size() > kMaxChangeLines) {
      Paragraph(Fill(T("changes_more"), {{"n", std::to_string(items.size() - kMaxChangeLines)}}),
                Regular("small", "muted"), L("indent"));
    }
  }

  void RenderChanges() {
    const RunChanges& c = v_.changes;
    NewPage();
    AddOutline(nullptr, T("outline_changes"), DestinationHere());
    Heading(Fill(T("changes_heading"), {{"date", c.since.empty() ? T("value_none") : c.since}}),
            Bold("section", "accent"), 0, 4);
    SectionAccent();
    Paragraph(T("changes_intro"), Regular("body", "muted"));
    y_ -= 6;
    if (c.controls.empty() && c.evidence_added.empty() && c.evidence_lost.empty() &&
        c.files_added.empty() && c.files_removed.empty() && c.files_modified.empty()) {
      Note({{{CleanText(T("changes_none")), Regular("body", "text")}}}, C("info_fill"), C("shown"));
      return;
    }
    if (!c.controls.empty()) {
      Heading(T("changes_controls_heading"), Bold("subgroup", "text"), 10, 4);
      ChangeLines(c.controls, [&](const StatusChange& s) {
        std::vector<Run> runs = {{CleanText(s.id) + "  ", Bold("body", "text")},
                                 {CleanText(s.title) + "  ", Regular("body", "muted")}};
        // "{from} → {to}": the words keep their status colours.
        std::string pattern = T("changes_control");
        size_t from = pattern.find("{from}"), to = pattern.find("{to}");
        if (from == std::string::npos || to == std::string::npos || to < from) {
          runs.push_back({CleanText(Fill(pattern, {{"from", StatusRun(s.from).text},
                                                   {"to", StatusRun(s.to).text}})),
                          Bold("body", "text")});
          return runs;
        }
        runs.push_back(StatusRun(s.from));
        runs.push_back({pattern.substr(from + 6, to - from - 6), Regular("body", "text")});
        runs.push_back(StatusRun(s.to));
        return runs;
      });
    }
    std::vector<std::pair<bool, EvidenceChange>> evidence;
    for (const auto& e : c.evidence_added) evidence.emplace_back(true, e);
    for (const auto& e : c.evidence_lost) evidence.emplace_back(false, e);
    if (!evidence.empty()) {
      Heading(T("changes_evidence_heading"), Bold("subgroup", "text"), 10, 4);
      ChangeLines(evidence, [&](const std::pair<bool, EvidenceChange>& item) {
        const EvidenceChange& e = item.second;
        std::vector<Run> runs = {
            {CleanText(T(item.first ? "changes_evidence_added" : "changes_evidence_lost")) + "  ",
             Bold("body", item.first ? "shown" : "not_shown")},
            {CleanText(e.id) + "  ", Bold("body", "text")},
            {CleanText(e.file), Regular("body", "text")}};
        if (!e.locator.empty()) {
          runs.push_back({"  " + CleanText(e.locator), Regular("body", "muted")});
        }
        return runs;
      });
    }
    std::vector<std::pair<const char*, std::string>> files;
    for (const auto& f : c.files_added) files.emplace_back("changes_file_added", f);
    for (const auto& f : c.files_removed) files.emplace_back("changes_file_removed", f);
    for (const auto& f : c.files_modified) files.emplace_back("changes_file_modified", f);
    if (!files.empty()) {
      Heading(T("changes_files_heading"), Bold("subgroup", "text"), 10, 4);
      ChangeLines(files, [&](const std::pair<const char*, std::string>& f) {
        return std::vector<Run>{{CleanText(T(f.first)) + "  ", Bold("body", "muted")},
                                {CleanText(f.second), Regular("body", "text")}};
      });
    }
  }

  // ---- summary ----

  void RenderSummary() {
    NewPage();
    AddOutline(nullptr, T("outline_summary"), DestinationHere());
    Heading(T("summary_heading"), Bold("section", "accent"), 0, 4);
    SectionAccent();

    Heading(T("legend_heading"), Bold("body", "text"), 4, 4);
    const float chip_column = 76;
    for (Status s : kStatuses) {
      const Swatch& swatch = StatusSwatch(s);
      Need(LineHeight(Size("body")));
      DrawChip(left_, y_ - LineHeight(Size("body")) / 2, swatch, Size("small"));
      Flow({{CleanText(swatch.explanation), Regular("body", "muted")}}, left_ + chip_column,
           width_ - chip_column);
      y_ -= 3;
    }
    y_ -= 14;
    RenderSummaryTable();
  }

  struct Columns {
    float id, title, status, evidence;
  };

  Columns SummaryColumns() const {
    Columns c{};
    c.id = 74;
    c.status = 82;
    c.evidence = 52;
    c.title = width_ - c.id - c.status - c.evidence;
    return c;
  }

  float TableRowHeight() const { return Size("table") * 2.1f; }

  void SummaryHeader() {
    Columns c = SummaryColumns();
    float h = TableRowHeight();
    Need(h * 2);
    FillRect(left_, y_ - h, width_, h, C("table_header_fill"));
    Style style = Bold("table", "muted");
    float base = Baseline(y_, h, style.size);
    DrawText(left_ + 6, base, style, T("column_id"));
    DrawText(left_ + c.id, base, style, T("column_title"));
    DrawText(left_ + c.id + c.title, base, style, T("column_status"));
    DrawTextRight(right_ - 6, base, style, T("column_evidence"));
    y_ -= h;
  }

  // Starts a new page with the table header when `height` does not fit.
  void NeedTableRow(float height, void (ReportWriter::*header)()) {
    if (y_ - height < bottom_) {
      NewPage();
      (this->*header)();
    }
  }

  void RenderSummaryTable() {
    Columns c = SummaryColumns();
    float h = TableRowHeight();
    SummaryHeader();
    for (const SectionGroup& group : GroupControls(v_, T("unsectioned"))) {
      NeedTableRow(h * 2, &ReportWriter::SummaryHeader);
      FillRect(left_, y_ - h, width_, h, C("section_row_fill"));
      Style section = Bold("table", "accent");
      DrawText(left_ + 6, Baseline(y_, h, section.size), section,
               FitWithEllipsis(section, CleanText(group.name), width_ - 12));
      y_ -= h;
      for (const SectionGroup::Subgroup& sub : group.subgroups) {
        if (!sub.name.empty()) {
          NeedTableRow(h * 2, &ReportWriter::SummaryHeader);
          Style style = Bold("table", "muted");
          DrawText(left_ + 6, Baseline(y_, h, style.size), style,
                   FitWithEllipsis(style, CleanText(sub.name), width_ - 12));
          y_ -= h;
          HorizontalRule(left_, right_, y_, C("rule"), 0.4f);
        }
        for (size_t index : sub.controls) SummaryRow(index, c, h);
      }
    }
  }

  void SummaryRow(size_t index, const Columns& c, float h) {
    const ControlVerdict& control = v_.controls[index];
    NeedTableRow(h, &ReportWriter::SummaryHeader);
    Style id = Bold("table", "text");
    Style title = Regular("table", "text");
    float base = Baseline(y_, h, title.size);
    DrawText(left_ + 6, base, id, FitWithEllipsis(id, CleanText(control.id), c.id - 10));
    DrawText(left_ + c.id, base, title,
             FitWithEllipsis(title, CleanText(control.title), c.title - 10));
    DrawChip(left_ + c.id + c.title, y_ - h / 2, StatusSwatch(control.status), Size("small"));
    size_t evidence = control.Evidence().size();
    bool not_judged = control.status == Status::kWaived || control.status == Status::kManual;
    if (control.status == Status::kMet && evidence == 0) {
      DrawTextRight(right_ - 6, base, Bold("table", "warning"), T("evidence_missing_mark"));
    } else if (not_judged && evidence == 0) {
      DrawTextRight(right_ - 6, base, Regular("table", "faint"), T("evidence_not_judged"));
    } else {
      DrawTextRight(right_ - 6, base, Regular("table", "text"), std::to_string(evidence));
    }
    links_.push_back({page_, HPDF_Rect{left_, y_ - h, right_, y_}, index});
    y_ -= h;
    HorizontalRule(left_, right_, y_, C("rule"), 0.4f);
  }

  void MakeSummaryLinks() {
    for (const PendingLink& link : links_) {
      if (failed()) return;
      HPDF_Destination dst = control_destinations_[link.control];
      if (!dst) continue;
      HPDF_Annotation annot = HPDF_Page_CreateLinkAnnot(link.page, link.rect, dst);
      if (annot) HPDF_LinkAnnot_SetBorderStyle(annot, 0, 0, 0);
    }
  }

  // ---- controls ----

  void SectionAccent() {
    FillRect(left_, y_ - 2.5f, 36, 2.5f, C("accent_highlight"));
    HorizontalRule(left_ + 36, right_, y_ - 1.25f, C("rule"));
    y_ -= 14;
  }

  void RenderControls() {
    for (const SectionGroup& group : GroupControls(v_, T("unsectioned"))) {
      NewPage();
      HPDF_Outline section = AddOutline(nullptr, group.name, DestinationHere());
      Heading(group.name, Bold("section", "accent"), 0, 4);
      SectionAccent();
      bool after_heading = true;
      for (const SectionGroup::Subgroup& sub : group.subgroups) {
        HPDF_Outline parent = section;
        if (!sub.name.empty()) {
          Gap(after_heading ? 0 : 12);
          Need(90);
          parent = AddOutline(section, sub.name, DestinationHere());
          Heading(sub.name, Bold("subgroup", "muted"), 0, 2);
          HorizontalRule(left_, right_, y_, C("rule"), 0.4f);
          y_ -= 4;
          after_heading = true;
        }
        for (size_t index : sub.controls) {
          RenderControl(index, parent, !after_heading);
          after_heading = false;
        }
      }
    }
  }

  void RenderControl(size_t index, HPDF_Outline parent, bool separator) {
    const ControlVerdict& c = v_.controls[index];
    const Swatch& swatch = StatusSwatch(c.status);
    Style heading = Bold("control", "text");
    std::string title =
        Fill(T("control_heading"), {{"id", CleanText(c.id)}, {"title", CleanText(c.title)}});
    float chip_width = ChipWidth(swatch, Size("small"));
    std::vector<Line> heading_lines = Wrap({{CleanText(title), heading}}, width_ - chip_width - 12);

    Gap(separator ? 8 : 4);
    float heading_height = LineHeight(heading.size) * static_cast<float>(heading_lines.size());
    Need(heading_height + LineHeight(Size("body")) * 3);
    if (separator && !AtPageTop()) {
      HorizontalRule(left_, right_, y_, C("rule"), 0.5f);
      y_ -= 8;
    }
    HPDF_Destination dst = DestinationHere();
    control_destinations_[index] = dst;
    AddOutline(parent, title, dst);

    for (size_t i = 0; i < heading_lines.size(); ++i) {
      float h = LineHeight(heading.size);
      if (i == 0) DrawChip(right_ - chip_width, y_ - h / 2, swatch, Size("small"));
      DrawLine(heading_lines[i], left_, y_, h);
      y_ -= h;
    }
    y_ -= 2;
    if (!c.reason.empty()) Paragraph(c.reason, Regular("body", "text"));
    const std::string scope = c.scope.empty() || c.scope == "practice"
                                  ? (c.criteria.empty() ? "" : T("scope_practice"))
                                  : Fill(T("scope_examples"), {{"scope", c.scope}});
    if (!scope.empty()) Paragraph(scope, Regular("small", "faint"));

    // The judge never marks a control met without evidence; if it ever does,
    // the reader must not take the chip at its word.
    if (c.status == Status::kMet && c.Evidence().empty()) {
      y_ -= 4;
      Note({{{CleanText(Fill(T("met_without_evidence"), {{"status", swatch.word}})),
              Bold("body", "warning")}}},
           C("warning_fill"), C("warning"));
    }
    RenderCriteria(c);
    RenderExamples(c);
  }

  // The text to show for a criterion that is not shown: the judge's own
  // still-needed entry when it says more (e.g. which examples lack it).
  static std::string StillNeededText(const CriterionVerdict& cr,
                                     const std::vector<std::string>& still_needed,
                                     std::vector<bool>* used) {
    for (size_t i = 0; i < still_needed.size(); ++i) {
      const std::string& s = still_needed[i];
      if (!(*used)[i] && (s == cr.label || s.rfind(cr.label + " (", 0) == 0)) {
        (*used)[i] = true;
        return s;
      }
    }
    return cr.label;
  }

  void RenderCriteria(const ControlVerdict& c) {
    const float indent = L("indent");
    std::vector<bool> used(c.still_needed.size(), false);
    Style mark_shown = Bold("body", "shown");
    Style mark_missing = Bold("body", "not_shown");
    Style mark_warning = Bold("body", "warning");
    if (!c.criteria.empty()) y_ -= 3;
    for (const CriterionVerdict& cr : c.criteria) {
      y_ -= 3;
      Need(LineHeight(Size("body")) + LineHeight(Size("small")) * 2);
      float x = left_ + indent;
      float width = width_ - indent;
      if (cr.shown && !cr.evidence.empty()) {
        Flow({{CleanText(cr.label), Bold("body", "text")}}, x, width, nullptr,
             {{T("shown_mark") + " ", mark_shown}});
        for (const EvidenceSpan& e : cr.evidence) RenderEvidence(e);
      } else if (cr.shown) {
        Flow({{CleanText(Fill(T("shown_without_evidence"), {{"label", cr.label}})),
               Bold("body", "warning")}},
             x, width, nullptr, {{T("warning_mark") + " ", mark_warning}});
      } else {
        std::string label = StillNeededText(cr, c.still_needed, &used);
        Flow({{CleanText(Fill(T("still_needed"), {{"label", label}})), Regular("body", "text")}}, x,
             width, nullptr, {{T("not_shown_mark") + " ", mark_missing}});
      }
      for (const SetAside& s : cr.set_aside) RenderSetAside(s);
    }
    for (size_t i = 0; i < c.still_needed.size(); ++i) {
      if (used[i]) continue;
      y_ -= 3;
      Flow({{CleanText(Fill(T("still_needed"), {{"label", c.still_needed[i]}})),
             Regular("body", "text")}},
           left_ + indent, width_ - indent, nullptr, {{T("not_shown_mark") + " ", mark_missing}});
    }
  }

  std::string LocatorText(const EvidenceSpan& e) const {
    Locator loc = e.loc;
    size_t max_chars = static_cast<size_t>(std::max(8.0f, L("locator_heading_max_chars")));
    // Heading paths from spreadsheets and slides can be whole table rows; the
    // start of each heading is enough to find the place.
    for (std::string& heading : loc.heading_path)
      heading = TruncateChars(CleanText(heading), max_chars);
    std::string text = CleanText(loc.ToString());
    if (e.ocr && !loc.ocr) text += (text.empty() ? "" : " \xC2\xB7 ") + T("evidence_ocr");
    return text;
  }

  void RenderEvidence(const EvidenceSpan& e) {
    const float x = left_ + L("indent") * 2;
    const float width = right_ - x;
    y_ -= 3;
    Need(LineHeight(Size("small")) * 2);
    std::vector<Run> where = {{CleanText(e.file), Bold("small", "text")}};
    std::string locator = LocatorText(e);
    if (!locator.empty()) {
      where.push_back({"  \xC2\xB7  ", Regular("small", "faint")});
      where.push_back({locator, Regular("small", "muted")});
    }
    Flow(where, x, width);
    std::string snippet = CleanText(e.snippet);
    if (!snippet.empty()) {
      Box quote{x, 0, std::nullopt, C("quote_rule"), 1.5f};
      Flow({{snippet, Regular("small", "text")}}, x + 8, width - 8, &quote);
    }
  }

  void RenderSetAside(const SetAside& s) {
    const float x = left_ + L("indent") * 2;
    y_ -= 2;
    std::vector<Run> runs = {
        // CleanText trims, so the space after the label is added here.
        {CleanText(Fill(T("set_aside"), {{"reason", s.reason}})) + " ", Bold("small", "set_aside")},
        {CleanText(s.span.file), Regular("small", "set_aside")}};
    std::string locator = LocatorText(s.span);
    if (!locator.empty()) runs.push_back({", " + locator, Regular("small", "set_aside")});
    std::string snippet = CleanText(s.span.snippet);
    if (!snippet.empty()) runs.push_back({": " + snippet, Regular("small", "set_aside")});
    Flow(runs, x, right_ - x);
  }

  void RenderExamples(const ControlVerdict& c) {
    if (c.examples.empty()) return;
    const float x = left_ + L("indent");
    y_ -= 6;
    Need(LineHeight(Size("small")) * 3);
    Flow({{CleanText(T("examples_heading")), Bold("small", "muted")}}, x, right_ - x);
    y_ -= 2;
    const float chip_column = 70;
    for (const ExampleVerdict& ex : c.examples) {
      float height = LineHeight(Size("small")) + 2;
      Need(height);
      DrawChip(x, y_ - height / 2, StatusSwatch(ex.status), Size("small") * 0.9f);
      std::string detail = ex.still_needed.empty() ? T("example_complete")
                                                   : Fill(T("example_still_needed"),
                                                          {{"items", Join(ex.still_needed, "; ")}});
      y_ -= 1;
      Flow({{CleanText(ex.example) + ": ", Bold("small", "text")},
            {CleanText(detail), Regular("small", "muted")}},
           x + chip_column, right_ - x - chip_column);
      y_ -= 2;
    }
  }

  // ---- file inventory ----

  struct InventoryColumns {
    float file, type, pages, read, state;
  };

  InventoryColumns InventoryLayout() const {
    InventoryColumns c{};
    c.type = 80;
    c.pages = 40;
    c.read = 104;
    c.state = 70;
    c.file = width_ - c.type - c.pages - c.read - c.state;
    return c;
  }

  void InventoryHeader() {
    InventoryColumns c = InventoryLayout();
    float h = TableRowHeight();
    Need(h * 2);
    FillRect(left_, y_ - h, width_, h, C("table_header_fill"));
    Style style = Bold("table", "muted");
    float base = Baseline(y_, h, style.size);
    float x = left_ + 6;
    DrawText(x, base, style, T("column_file"));
    DrawText(left_ + c.file, base, style, T("column_type"));
    DrawTextRight(left_ + c.file + c.type + c.pages - 8, base, style, T("column_pages"));
    DrawText(left_ + c.file + c.type + c.pages, base, style, T("column_read"));
    DrawText(left_ + c.file + c.type + c.pages + c.read, base, style, T("column_state"));
    y_ -= h;
  }

  std::string HowRead(const FileRecord& f) const {
    if (f.state == FileState::kNotRead) return T("read_none");
    if (f.ocr_pages.empty()) return T("read_text_layer");
    if (f.pages > 0 && static_cast<int>(f.ocr_pages.size()) >= f.pages) return T("read_ocr_all");
    return Fill(T("read_mixed"), {{"pages", PageList(f.ocr_pages)}});
  }

  std::string TypeName(const FileRecord& f) const {
    if (f.media_type.empty()) return T("unknown_type");
    auto it = t_.media_type.find(f.media_type);
    return it != t_.media_type.end() ? it->second : f.media_type;
  }

  void RenderInventory() {
    NewPage();
    AddOutline(nullptr, T("outline_inventory"), DestinationHere());
    Heading(T("inventory_heading"), Bold("section", "accent"), 0, 4);
    SectionAccent();
    Paragraph(T("inventory_intro"), Regular("body", "muted"));
    y_ -= 10;
    InventoryHeader();
    InventoryColumns c = InventoryLayout();
    const float pad = 4;
    Style table = Regular("table", "text");
    float line = LineHeight(table.size);
    int max_warnings = static_cast<int>(L("max_warnings_per_file"));
    for (const FileRecord& f : v_.files) {
      std::vector<Line> file_lines =
          Wrap({{CleanText(f.relative), Bold("table", "text")}}, c.file - 12);
      std::vector<Line> type_lines = Wrap({{CleanText(TypeName(f)), table}}, c.type - 8);
      std::vector<Line> read_lines = Wrap({{CleanText(HowRead(f)), table}}, c.read - 8);
      size_t rows = std::max({file_lines.size(), type_lines.size(), read_lines.size(), size_t{1}});
      float height = static_cast<float>(rows) * line + pad * 2;
      NeedTableRow(height, &ReportWriter::InventoryHeader);
      float top = y_ - pad;
      auto draw_cell = [&](const std::vector<Line>& lines, float x) {
        for (size_t i = 0; i < lines.size(); ++i) {
          DrawLine(lines[i], x, top - line * static_cast<float>(i), line);
        }
      };
      draw_cell(file_lines, left_ + 6);
      draw_cell(type_lines, left_ + c.file);
      if (f.pages > 0) {
        DrawTextRight(left_ + c.file + c.type + c.pages - 8, Baseline(top, line, table.size), table,
                      std::to_string(f.pages));
      } else {
        DrawTextRight(left_ + c.file + c.type + c.pages - 8, Baseline(top, line, table.size),
                      Regular("table", "faint"), T("read_none"));
      }
      draw_cell(read_lines, left_ + c.file + c.type + c.pages);
      DrawChip(left_ + c.file + c.type + c.pages + c.read, top - line / 2,
               t_.file_state.at(ToString(f.state)), Size("small") * 0.9f);
      y_ -= height;
      RenderFileIssues(f, max_warnings);
      HorizontalRule(left_, right_, y_, C("rule"), 0.4f);
    }
  }

  void RenderFileIssues(const FileRecord& f, int max_warnings) {
    const float x = left_ + 6 + L("indent");
    const float width = right_ - x - 6;
    bool any = false;
    if (!f.error.empty()) {
      Flow({{CleanText(f.error), Regular("small", "error")}}, x, width, nullptr,
           {{T("warning_mark") + " ", Bold("small", "error")}});
      any = true;
    }
    int shown = 0;
    for (const std::string& w : f.warnings) {
      if (shown == max_warnings) {
        Flow({{CleanText(
                   Fill(T("warnings_more"),
                        {{"n", std::to_string(f.warnings.size() - static_cast<size_t>(shown))}})),
               Regular("small", "muted")}},
             x, width);
        break;
      }
      Flow({{CleanText(w), Regular("small", "warning")}}, x, width, nullptr,
           {{T("warning_mark") + " ", Bold("small", "warning")}});
      ++shown;
      any = true;
    }
    if (any) y_ -= 4;
  }

  HPDF_Doc pdf_;
  const ReportTemplate& t_;
  const ApplicantVerdict& v_;
  HPDF_Font regular_;
  HPDF_Font bold_;
  const HaruError* error_;
  HPDF_Encoder encoder_ = nullptr;

  float page_width_ = 0, page_height_ = 0;
  float left_ = 0, right_ = 0, top_ = 0, bottom_ = 0, width_ = 0;

  HPDF_Page page_ = nullptr;
  float y_ = 0;  // top of the free space on the current page
  std::vector<HPDF_Page> pages_;
  std::vector<HPDF_Destination> control_destinations_;
  std::vector<PendingLink> links_;
};

}  // namespace

Result<std::string> RenderReportPdf(const ApplicantVerdict& verdict, const ReportOptions& options) {
  std::string template_path = (fs::path(options.data_dir) / "templates" / "report.json").string();
  Result<ReportTemplate> tmpl = LoadTemplate(template_path);
  if (!tmpl.ok()) return tmpl.error();

  std::string regular_path = ResolveFont(options.font_path, options.data_dir);
  std::string bold_path = ResolveFont(options.bold_font_path, options.data_dir);
  for (const std::string& path : {regular_path, bold_path}) {
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) {
      return MakeError(ErrorKind::kIo, path,
                       "font file not found (needed to embed the report font)");
    }
  }

  HaruError error;
  HaruDocPtr doc(HPDF_New(RecordHaruError, &error));
  HPDF_Doc pdf = doc.get();
  if (!pdf) return MakeError(ErrorKind::kInternal, "", "libharu cannot create a document");
  HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL);
  HPDF_UseUTFEncodings(pdf);
  HPDF_SetCurrentEncoder(pdf, kEncoding);
  if (error.code != HPDF_OK) return HaruFailure(error, "");

  const char* regular_name = HPDF_LoadTTFontFromFile(pdf, regular_path.c_str(), HPDF_TRUE);
  if (!regular_name) return HaruFailure(error, regular_path);
  const char* bold_name = HPDF_LoadTTFontFromFile(pdf, bold_path.c_str(), HPDF_TRUE);
  if (!bold_name) return HaruFailure(error, bold_path);
  HPDF_Font regular = HPDF_GetFont(pdf, regular_name, kEncoding);
  HPDF_Font bold = HPDF_GetFont(pdf, bold_name, kEncoding);
  if (!regular || !bold) return HaruFailure(error, regular ? bold_path : regular_path);

  HPDF_SetPageMode(pdf, HPDF_PAGE_MODE_USE_OUTLINE);
  std::string title = CleanText(tmpl->text.at("title") + " \xE2\x80\x94 " + verdict.name);
  HPDF_SetInfoAttr(pdf, HPDF_INFO_TITLE, title.c_str());
  HPDF_SetInfoAttr(pdf, HPDF_INFO_CREATOR, ("evcov " + verdict.tool_version).c_str());
  if (!verdict.checklist_title.empty()) {
    HPDF_SetInfoAttr(pdf, HPDF_INFO_SUBJECT, CleanText(verdict.checklist_title).c_str());
  }

  ReportWriter writer(pdf, *tmpl, verdict, regular, bold, &error);
  if (!writer.Render()) return HaruFailure(error, "");
  if (HPDF_SaveToStream(pdf) != HPDF_OK || error.code != HPDF_OK) return HaruFailure(error, "");
  return ReadHaruStream(pdf, &error, HaruFailure);
}

}  // namespace evcov
