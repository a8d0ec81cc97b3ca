// XlsxExtractor: Excel workbooks (SpreadsheetML) via libzip + libxml2.
//
// Handles: every worksheet in workbook order (names from xl/workbook.xml, parts
// found through its relationships, absolute or relative targets); hidden sheets
// are read too, with a "hidden-sheet" warning. Cell text from shared strings
// (rich-text runs joined, phonetic runs skipped), inline strings, numbers
// (integers without ".0", otherwise up to 15 significant digits), booleans
// (TRUE/FALSE), error values (#N/A) and formulas' cached values. One block per
// non-empty row, non-empty cells joined by " | ", located by sheet, first cell
// and 1-based sheet index. A sheet whose first non-empty row holds only text
// cells has that row taken as its header: later rows carry {sheet, header} as
// their heading path (a lone title cell followed by such a row gives
// {sheet, title, header}).
// Partly: number formats: built-in and custom date/time formats become ISO
// dates ("2024-09-16", "2024-09-16 09:30:00"), percent formats a percentage;
// every other format shows the plain value (no currency, no fixed decimals).
// A formula with no cached value is left empty, with a warning.
// Rows and columns hidden in a sheet are read like the others.
// Skips: chart sheets (a warning), comments, drawings, charts, headers and
// footers, defined names, data validation lists.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <optional>

#include "extractors/extractor.h"
#include "extractors/opc.h"
#include "extractors/text_util.h"
#include "extractors/xml_util.h"
#include "extractors/zip_archive.h"

namespace evcov {

namespace {

// ---- Text helpers. ----

// Text of a shared string item or inline string: a plain <t>, or rich-text runs
// <r><t>; phonetic guides (<rPh>) are annotations, not cell text.
std::string StringItemText(const xmlNode* item) {
  std::string out;
  for (xmlNode* c = item ? item->children : nullptr; c; c = c->next) {
    if (IsElement(c, "t")) {
      out += TextOf(c);
    } else if (IsElement(c, "r")) {
      for (xmlNode* t : Children(c, "t")) out += TextOf(t);
    }
  }
  return out;
}

// ---- Number display. ----

enum class NumberStyle { kGeneral, kDate, kPercent };

struct Styles {
  std::vector<NumberStyle> by_xf;  // index = the cell's s attribute
};

bool IsBuiltinDateFormat(int id) {
  return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) ||
         (id >= 50 && id <= 58);
}

// A custom format code's meaning, from its first section with quoted text,
// escapes, fill/padding characters and [bracketed] colours/conditions removed.
NumberStyle StyleOfFormatCode(const std::string& code) {
  std::string bare;
  for (size_t i = 0; i < code.size(); ++i) {
    char c = code[i];
    if (c == ';') break;
    if (c == '"') {
      auto close = code.find('"', i + 1);
      if (close == std::string::npos) break;
      i = close;
    } else if (c == '\\' || c == '_' || c == '*') {
      ++i;
    } else if (c == '[') {
      auto close = code.find(']', i + 1);
      if (close == std::string::npos) break;
      i = close;
    } else {
      bare += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  if (bare.find("general") != std::string::npos) return NumberStyle::kGeneral;
  if (bare.find_first_of("dmyhs") != std::string::npos) return NumberStyle::kDate;
  if (bare.find('%') != std::string::npos) return NumberStyle::kPercent;
  return NumberStyle::kGeneral;
}

Styles ParseStyles(xmlNode* root) {
  std::map<int, NumberStyle> custom;
  if (xmlNode* fmts = FirstChild(root, "numFmts")) {
    for (xmlNode* f : Children(fmts, "numFmt")) {
      int id = std::atoi(Attr(f, "numFmtId").c_str());
      custom[id] = StyleOfFormatCode(Attr(f, "formatCode"));
    }
  }
  Styles styles;
  if (xmlNode* xfs = FirstChild(root, "cellXfs")) {
    for (xmlNode* xf : Children(xfs, "xf")) {
      int id = std::atoi(Attr(xf, "numFmtId").c_str());
      NumberStyle style = NumberStyle::kGeneral;
      if (auto it = custom.find(id); it != custom.end()) {
        style = it->second;
      } else if (IsBuiltinDateFormat(id)) {
        style = NumberStyle::kDate;
      } else if (id == 9 || id == 10) {
        style = NumberStyle::kPercent;
      }
      styles.by_xf.push_back(style);
    }
  }
  return styles;
}

std::optional<double> ParseDouble(const std::string& s) {
  double v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

// As Excel's General format shows it: integers without ".0", otherwise up to
// 15 significant digits (so 0.1+0.2 shows as 0.3). Locale-independent.
std::string FormatGeneral(double v) {
  if (v == std::floor(v) && std::fabs(v) < 1e15) {
    return std::to_string(static_cast<long long>(v));
  }
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::general, 15);
  return ec == std::errc() ? std::string(buf, end) : std::string();
}

// Days since 1970-01-01 to a civil date (H. Hinnant's algorithm).
void CivilFromDays(long long z, int* y, int* m, int* d) {
  z += 719468;
  const long long era = (z >= 0 ? z : z - 146096) / 146097;
  const long long doe = z - era * 146097;
  const long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const long long mp = (5 * doy + 2) / 153;
  *d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  *m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  *y = static_cast<int>(yoe + era * 400 + (*m <= 2));
}

// A date serial as ISO 8601. The 1900 system counts the non-existent
// 1900-02-29 (serial 60), as Lotus 1-2-3 did; the 1904 system does not.
std::string FormatDate(double serial, bool date1904) {
  if (serial < 0 || serial > 2958465) return FormatGeneral(serial);  // beyond 9999-12-31
  long long days = static_cast<long long>(std::floor(serial));
  long long seconds = std::llround((serial - static_cast<double>(days)) * 86400.0);
  if (seconds >= 86400) {
    ++days;
    seconds -= 86400;
  }
  char time[64];
  std::snprintf(time, sizeof time, "%02lld:%02lld:%02lld", seconds / 3600, seconds / 60 % 60,
                seconds % 60);
  if (days == 0 && !date1904) return time;  // a time of day without a date
  std::string date;
  if (!date1904 && days == 60) {
    date = "1900-02-29";
  } else {
    // Days from 1970-01-01: the 1900 system's serial 25569 and the 1904 one's 24107.
    long long from_epoch = date1904 ? days - 24107 : days - (days < 60 ? 25568 : 25569);
    int y = 0, m = 0, d = 0;
    CivilFromDays(from_epoch, &y, &m, &d);
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
    date = buf;
  }
  return seconds == 0 ? date : date + " " + time;
}

std::string FormatNumber(const std::string& raw, NumberStyle style, bool date1904) {
  auto v = ParseDouble(raw);
  if (!v) return raw;
  switch (style) {
    case NumberStyle::kDate:
      return FormatDate(*v, date1904);
    case NumberStyle::kPercent:
      return FormatGeneral(std::round(*v * 1e12) / 1e10) + "%";
    case NumberStyle::kGeneral:
      break;
  }
  return FormatGeneral(*v);
}

// ---- Cell references. ----

std::string ColumnName(int col) {  // 0 -> "A", 26 -> "AA"
  std::string name;
  for (++col; col > 0; col = (col - 1) / 26) {
    name.insert(name.begin(), static_cast<char>('A' + (col - 1) % 26));
  }
  return name;
}

// Column index of a reference like "AB12"; -1 when it has no letters.
int ColumnIndex(const std::string& ref) {
  int col = 0;
  size_t i = 0;
  for (; i < ref.size() && std::isalpha(static_cast<unsigned char>(ref[i])); ++i) {
    col = col * 26 + (std::toupper(static_cast<unsigned char>(ref[i])) - 'A' + 1);
    if (col > 1 << 20) return -1;
  }
  return i == 0 ? -1 : col - 1;
}

// ---- Workbook model. ----

struct SheetEntry {
  std::string name;
  std::string part;  // empty when the relationship is missing
  bool hidden = false;
  bool chartsheet = false;
};

struct Workbook {
  std::string part;
  std::vector<SheetEntry> sheets;
  std::vector<std::string> shared_strings;
  Styles styles;
  bool date1904 = false;
};

struct Cell {
  std::string ref;
  std::string text;
  bool is_text = false;  // a string cell (shared, inline or a formula's string)
};

struct Row {
  std::vector<Cell> cells;  // non-empty cells only
  std::string Text() const {
    std::string out;
    for (const auto& c : cells) out += (out.empty() ? "" : " | ") + c.text;
    return out;
  }
  bool AllText() const {
    return std::all_of(cells.begin(), cells.end(), [](const Cell& c) { return c.is_text; });
  }
};

// Counters that become one warning each, instead of one per cell.
struct CellIssues {
  int formulas_without_value = 0;
  int bad_shared_string = 0;
};

Cell ReadCell(xmlNode* c, const Workbook& wb, CellIssues* issues) {
  Cell cell;
  std::string type = Attr(c, "t");
  xmlNode* v = FirstChild(c, "v");
  std::string raw = v ? TextOf(v) : "";
  if (type == "s") {
    auto index = ParseDouble(raw);
    if (index && *index >= 0 && *index < static_cast<double>(wb.shared_strings.size())) {
      cell.text = wb.shared_strings[static_cast<size_t>(*index)];
    } else if (v) {
      ++issues->bad_shared_string;
    }
    cell.is_text = true;
  } else if (type == "inlineStr") {
    cell.text = StringItemText(FirstChild(c, "is"));
    cell.is_text = true;
  } else if (type == "str") {
    cell.text = raw;
    cell.is_text = true;
  } else if (type == "b") {
    if (v) cell.text = raw == "1" || raw == "true" ? "TRUE" : "FALSE";
  } else if (type == "e") {
    cell.text = raw;
  } else if (type == "d") {  // ISO 8601 already; drop an all-zero time
    cell.text = raw;
    auto t = cell.text.find("T00:00:00");
    if (t != std::string::npos) cell.text.erase(t);
  } else if (v) {
    size_t xf = static_cast<size_t>(std::max(0, std::atoi(Attr(c, "s").c_str())));
    NumberStyle style = xf < wb.styles.by_xf.size() ? wb.styles.by_xf[xf] : NumberStyle::kGeneral;
    cell.text = FormatNumber(raw, style, wb.date1904);
  }
  // No cached value: no <v>, or an empty one where the result is not a string
  // (openpyxl writes <f>SUM(..)</f><v></v>). An empty string result is a value.
  if (FirstChild(c, "f") && (!v || (raw.empty() && type != "str" && type != "inlineStr"))) {
    ++issues->formulas_without_value;
  }
  cell.text = CollapseWhitespace(cell.text);
  return cell;
}

// The rows of one worksheet that have at least one non-empty cell.
std::vector<Row> ReadRows(xmlNode* worksheet, const Workbook& wb, CellIssues* issues) {
  std::vector<Row> rows;
  xmlNode* data = FirstChild(worksheet, "sheetData");
  int row_number = 0;
  for (xmlNode* r : Children(data, "row")) {
    int given = std::atoi(Attr(r, "r").c_str());
    row_number = given > 0 ? given : row_number + 1;
    Row row;
    int col = -1;
    for (xmlNode* c : Children(r, "c")) {
      std::string ref = Attr(c, "r");
      int given_col = ColumnIndex(ref);
      col = given_col >= 0 ? given_col : col + 1;
      Cell cell = ReadCell(c, wb, issues);
      if (cell.text.empty()) continue;
      cell.ref = given_col >= 0 ? ref : ColumnName(col) + std::to_string(row_number);
      row.cells.push_back(std::move(cell));
    }
    if (!row.cells.empty()) rows.push_back(std::move(row));
  }
  return rows;
}

void MapSheet(const std::vector<Row>& rows, const SheetEntry& sheet, int index, Document* doc) {
  // Heading rows: a first row of text cells is a header; a lone title cell
  // above such a row is kept as well.
  size_t heading_rows = 0;
  if (!rows.empty() && rows[0].AllText()) {
    heading_rows = 1;
    if (rows[0].cells.size() == 1 && rows.size() > 1 && rows[1].AllText() &&
        rows[1].cells.size() > 1) {
      heading_rows = 2;
    }
  }
  std::vector<std::string> path = {sheet.name};
  for (size_t i = 0; i < rows.size(); ++i) {
    Block b;
    b.kind = BlockKind::kTableRow;
    b.text = rows[i].Text();
    b.loc.page = index;
    b.loc.sheet = sheet.name;
    b.loc.cell = rows[i].cells.front().ref;
    if (i < heading_rows) {
      b.loc.heading_path = path.size() > 1 ? path : std::vector<std::string>{};
      path.push_back(b.text);
    } else if (heading_rows > 0) {
      b.loc.heading_path = path;
    }
    doc->blocks.push_back(std::move(b));
  }
}

Result<Workbook> ReadWorkbook(const ZipArchive& zip, const std::string& file) {
  Workbook wb;
  // The package's main part is named by its root relationship; xl/workbook.xml
  // is only the usual name, and the fallback when _rels/.rels is broken.
  auto root_rels = ReadRelationships(zip, file, "");
  if (root_rels.ok()) {
    for (const auto& [id, rel] : *root_rels) {
      if (RelTypeIs(rel.type, "/officeDocument") && !rel.external) wb.part = rel.target;
    }
  }
  if (wb.part.empty() || !zip.Has(wb.part)) wb.part = "xl/workbook.xml";
  if (!zip.Has(wb.part)) {
    return MakeError(ErrorKind::kCorrupt, file, "XLSX has no workbook part (xl/workbook.xml)");
  }
  auto parsed = ReadXmlPart(zip, file, wb.part);
  if (!parsed.ok()) return parsed.error();
  auto rels = ReadRelationships(zip, file, wb.part);
  if (!rels.ok()) return rels.error();

  xmlNode* root = xmlDocGetRootElement(parsed->get());
  if (xmlNode* pr = FirstChild(root, "workbookPr")) {
    std::string v = Attr(pr, "date1904");
    wb.date1904 = v == "1" || v == "true";
  }
  for (xmlNode* s : Children(FirstChild(root, "sheets"), "sheet")) {
    SheetEntry entry;
    entry.name = Attr(s, "name");
    std::string state = Attr(s, "state");
    entry.hidden = state == "hidden" || state == "veryHidden";
    auto it = rels->find(Attr(s, "id"));
    if (it != rels->end() && !it->second.external) {
      entry.part = it->second.target;
      entry.chartsheet = RelTypeIs(it->second.type, "/chartsheet");
    }
    wb.sheets.push_back(std::move(entry));
  }

  std::string strings_part, styles_part;
  for (const auto& [id, rel] : *rels) {
    if (RelTypeIs(rel.type, "/sharedStrings")) strings_part = rel.target;
    if (RelTypeIs(rel.type, "/styles")) styles_part = rel.target;
  }
  if (!strings_part.empty() && zip.Has(strings_part)) {
    // Every string cell indexes this table: a broken one is a broken workbook.
    auto sst = ReadXmlPart(zip, file, strings_part);
    if (!sst.ok()) return sst.error();
    for (xmlNode* si : Children(xmlDocGetRootElement(sst->get()), "si")) {
      wb.shared_strings.push_back(StringItemText(si));
    }
  }
  if (!styles_part.empty() && zip.Has(styles_part)) {
    // Styles only refine number display; without them values show as General.
    auto st = ReadXmlPart(zip, file, styles_part);
    if (st.ok()) wb.styles = ParseStyles(xmlDocGetRootElement(st->get()));
  }
  return wb;
}

class XlsxExtractor final : public Extractor {
 public:
  std::string_view name() const override { return "xlsx"; }
  std::vector<std::string> media_types() const override {
    return {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"};
  }

  Result<Document> Extract(std::span<const std::byte> bytes,
                           const ExtractContext& ctx) const override {
    auto zip = ZipArchive::Open(bytes, ctx.path);
    if (!zip.ok()) return zip.error();
    auto wb = ReadWorkbook(**zip, ctx.path);
    if (!wb.ok()) return wb.error();
    if (wb->sheets.empty()) {
      return MakeError(ErrorKind::kCorrupt, ctx.path, "XLSX workbook lists no sheets");
    }

    Document doc;
    doc.source = SourceKind::kSpreadsheet;
    doc.page_count = static_cast<int>(wb->sheets.size());
    ReadCoreProperties(**zip, ctx.path, &doc);
    CellIssues issues;
    int sheets_read = 0;
    for (size_t i = 0; i < wb->sheets.size(); ++i) {
      const SheetEntry& sheet = wb->sheets[i];
      const int index = static_cast<int>(i) + 1;
      Locator where;
      where.sheet = sheet.name;
      where.page = index;
      if (sheet.hidden) {
        doc.warnings.push_back(
            {"hidden-sheet", "sheet \"" + sheet.name + "\" is hidden; read anyway", where});
      }
      if (sheet.chartsheet) {
        doc.warnings.push_back(
            {"chart-sheet", "sheet \"" + sheet.name + "\" is a chart sheet; not read", where});
        ++sheets_read;
        continue;
      }
      if (sheet.part.empty() || !(*zip)->Has(sheet.part)) {
        doc.warnings.push_back({"sheet-missing",
                                "sheet \"" + sheet.name + "\" has no worksheet part; not read",
                                where});
        continue;
      }
      auto parsed = ReadXmlPart(**zip, ctx.path, sheet.part);
      if (!parsed.ok()) {
        doc.warnings.push_back(
            {"sheet-unreadable", "sheet \"" + sheet.name + "\": " + parsed.error().message, where});
        continue;
      }
      ++sheets_read;
      auto rows = ReadRows(xmlDocGetRootElement(parsed->get()), *wb, &issues);
      MapSheet(rows, sheet, index, &doc);
    }
    if (sheets_read == 0) {
      return MakeError(ErrorKind::kCorrupt, ctx.path, "no worksheet of this XLSX could be read");
    }
    if (issues.formulas_without_value > 0) {
      doc.warnings.push_back({"formula-no-value",
                              std::to_string(issues.formulas_without_value) +
                                  " formula cell(s) have no cached value (never recalculated "
                                  "by a spreadsheet application); left empty",
                              {}});
    }
    if (issues.bad_shared_string > 0) {
      doc.warnings.push_back({"bad-shared-string",
                              std::to_string(issues.bad_shared_string) +
                                  " cell(s) point outside the shared string table; left empty",
                              {}});
    }
    if (doc.blocks.empty()) {
      doc.warnings.push_back({"no-text", "the workbook has no non-empty cells", {}});
    }
    return doc;
  }
};

}  // namespace

std::unique_ptr<Extractor> MakeXlsxExtractor() { return std::make_unique<XlsxExtractor>(); }

}  // namespace evcov
