// Writing self-assessment.xlsx: SpreadsheetML parts as strings, zipped in
// memory with libzip. Only what Excel, LibreOffice and openpyxl need is
// written: content types, package and workbook relationships, the workbook
// (with the hidden _FilterDatabase name Excel expects for an autofilter),
// styles (0 normal, 1 bold shaded header, 2 wrapped body), shared strings and
// one worksheet.
#include "pipeline/self_assessment_xlsx.h"

#include <zip.h>

#include <cstdio>
#include <map>
#include <string_view>
#include <vector>

#include "pipeline/utf8.h"

namespace evcov {

namespace {

constexpr const char* kSheetName = "Self-assessment";
constexpr size_t kEvidenceShown = 3;
constexpr size_t kMaxCellBytes = 32000;  // Excel refuses cells over 32,767 characters
// Entries get a fixed time so the same verdict yields the same bytes.
constexpr time_t kEntryTime = 1704067200;  // 2024-01-01

constexpr const char* kXmlHeader =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";
constexpr const char* kMainNs = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
constexpr const char* kRelNs =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

struct Column {
  const char* header;
  double width;  // in characters of the default font
};

constexpr Column kColumns[] = {{"Control ID", 13}, {"Title", 44},    {"Section", 26},
                               {"Status", 10},     {"Evidence", 56}, {"Still needed", 48},
                               {"Reason", 60}};
constexpr size_t kColumnCount = std::size(kColumns);

// Valid UTF-8 that XML 1.0 allows: invalid bytes (and U+FFFE, U+FFFF) become
// U+FFFD, control characters other than tab and newline are dropped, and the
// text is cut (at a character boundary) below Excel's cell limit.
std::string XmlSafe(std::string_view in) {
  std::string out;
  for (size_t i = 0; i < in.size() && out.size() < kMaxCellBytes;) {
    size_t n = 1;
    const char32_t cp = DecodeUtf8(in, i, &n);
    // U+FFFD of length 1 is an invalid byte; U+FFFE and U+FFFF are not XML.
    if ((cp == 0xFFFD && n == 1) || cp == 0xFFFE || cp == 0xFFFF) {
      out += "\xEF\xBF\xBD";
      ++i;
      continue;
    }
    if (cp < 0x20 && cp != '\t' && cp != '\n') {
      if (cp == '\r') out.push_back('\n');
    } else {
      out.append(in.substr(i, n));
    }
    i += n;
  }
  return out;
}

std::string Escape(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

std::string Join(const std::vector<std::string>& items, const char* separator) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : separator) + item;
  return out;
}

// "A", ..., "G" (the sheet has fewer than 27 columns).
std::string CellRef(size_t column, size_t row) {
  return std::string(1, static_cast<char>('A' + column)) + std::to_string(row);
}

std::string EvidenceCell(const ControlVerdict& c) {
  // As in coverage.json: evidence counts only for met and partial controls.
  if (c.status != Status::kMet && c.status != Status::kPartial) return "";
  std::vector<EvidenceSpan> evidence = c.Evidence();
  std::vector<std::string> lines;
  for (size_t i = 0; i < evidence.size() && i < kEvidenceShown; ++i) {
    std::string where = evidence[i].loc.ToString();
    lines.push_back(evidence[i].file + (where.empty() ? "" : " (" + where + ")"));
  }
  if (evidence.size() > kEvidenceShown) {
    lines.push_back("\xE2\x80\xA6 and " + std::to_string(evidence.size() - kEvidenceShown) +
                    " more (see coverage.json)");
  }
  return Join(lines, "\n");
}

class SharedStrings {
 public:
  size_t Add(const std::string& text) {
    ++count_;
    auto [it, inserted] = index_.emplace(text, strings_.size());
    if (inserted) strings_.push_back(text);
    return it->second;
  }

  std::string Xml() const {
    std::string xml = kXmlHeader;
    xml += "<sst xmlns=\"" + std::string(kMainNs) + "\" count=\"" + std::to_string(count_) +
           "\" uniqueCount=\"" + std::to_string(strings_.size()) + "\">";
    for (const std::string& s : strings_) {
      bool preserve = !s.empty() && (s.front() == ' ' || s.back() == ' ' ||
                                     s.find_first_of("\n\t") != std::string::npos);
      xml += preserve ? "<si><t xml:space=\"preserve\">" : "<si><t>";
      xml += Escape(s) + "</t></si>";
    }
    return xml + "</sst>";
  }

 private:
  std::map<std::string, size_t> index_;
  std::vector<std::string> strings_;
  size_t count_ = 0;
};

std::string SheetXml(const ApplicantVerdict& v, SharedStrings* strings) {
  size_t last_row = v.controls.size() + 1;
  std::string last_cell = CellRef(kColumnCount - 1, last_row);
  std::string xml = kXmlHeader;
  xml += "<worksheet xmlns=\"" + std::string(kMainNs) + "\" xmlns:r=\"" + kRelNs + "\">";
  xml += "<dimension ref=\"A1:" + last_cell + "\"/>";
  xml +=
      "<sheetViews><sheetView tabSelected=\"1\" workbookViewId=\"0\">"
      "<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>"
      "<selection pane=\"bottomLeft\" activeCell=\"A2\" sqref=\"A2\"/>"
      "</sheetView></sheetViews>";
  xml += "<sheetFormatPr defaultRowHeight=\"15\"/><cols>";
  for (size_t i = 0; i < kColumnCount; ++i) {
    char width[32];
    std::snprintf(width, sizeof width, "%.1f", kColumns[i].width);
    xml += "<col min=\"" + std::to_string(i + 1) + "\" max=\"" + std::to_string(i + 1) +
           "\" width=\"" + width + "\" customWidth=\"1\"/>";
  }
  xml += "</cols><sheetData>";
  auto row = [&](size_t r, const std::vector<std::string>& cells, int style) {
    xml += "<row r=\"" + std::to_string(r) + "\">";
    for (size_t i = 0; i < cells.size(); ++i) {
      std::string text = XmlSafe(cells[i]);
      if (text.empty()) continue;  // an absent cell is an empty cell
      xml += "<c r=\"" + CellRef(i, r) + "\" s=\"" + std::to_string(style) + "\" t=\"s\"><v>" +
             std::to_string(strings->Add(text)) + "</v></c>";
    }
    xml += "</row>";
  };
  std::vector<std::string> header;
  for (const Column& c : kColumns) header.push_back(c.header);
  row(1, header, 1);
  for (size_t i = 0; i < v.controls.size(); ++i) {
    const ControlVerdict& c = v.controls[i];
    row(i + 2,
        {c.id, c.title, c.section, ToString(c.status), EvidenceCell(c), Join(c.still_needed, "\n"),
         c.reason},
        2);
  }
  xml += "</sheetData><autoFilter ref=\"A1:" + last_cell + "\"/>";
  xml +=
      "<pageMargins left=\"0.7\" right=\"0.7\" top=\"0.75\" bottom=\"0.75\" header=\"0.3\" "
      "footer=\"0.3\"/></worksheet>";
  return xml;
}

std::string WorkbookXml(size_t last_row) {
  std::string xml = kXmlHeader;
  xml += "<workbook xmlns=\"" + std::string(kMainNs) + "\" xmlns:r=\"" + kRelNs + "\">";
  xml += "<bookViews><workbookView/></bookViews>";
  xml += std::string("<sheets><sheet name=\"") + kSheetName + "\" sheetId=\"1\" r:id=\"rId1\"/>";
  xml += "</sheets><definedNames><definedName name=\"_xlnm._FilterDatabase\" localSheetId=\"0\" ";
  xml += std::string("hidden=\"1\">'") + kSheetName + "'!$A$1:$" +
         static_cast<char>('A' + kColumnCount - 1) + "$" + std::to_string(last_row) +
         "</definedName></definedNames></workbook>";
  return xml;
}

constexpr const char* kContentTypes =
    "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
    "<Default Extension=\"rels\" "
    "ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
    "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
    "<Override PartName=\"/xl/workbook.xml\" "
    "ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
    "<Override PartName=\"/xl/worksheets/sheet1.xml\" "
    "ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
    "<Override PartName=\"/xl/styles.xml\" "
    "ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>"
    "<Override PartName=\"/xl/sharedStrings.xml\" "
    "ContentType=\"application/"
    "vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml\"/>"
    "</Types>";

constexpr const char* kPackageRels =
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" "
    "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" "
    "Target=\"xl/workbook.xml\"/></Relationships>";

constexpr const char* kWorkbookRels =
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" "
    "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" "
    "Target=\"worksheets/sheet1.xml\"/>"
    "<Relationship Id=\"rId2\" "
    "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" "
    "Target=\"styles.xml\"/>"
    "<Relationship Id=\"rId3\" "
    "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" "
    "Target=\"sharedStrings.xml\"/></Relationships>";

constexpr const char* kStyles =
    "<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
    "<fonts count=\"2\">"
    "<font><sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/></font>"
    "<font><b/><sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/></font></fonts>"
    "<fills count=\"3\"><fill><patternFill patternType=\"none\"/></fill>"
    "<fill><patternFill patternType=\"gray125\"/></fill>"
    "<fill><patternFill patternType=\"solid\"><fgColor rgb=\"FFEEF1F4\"/>"
    "<bgColor indexed=\"64\"/></patternFill></fill></fills>"
    "<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"
    "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/>"
    "</cellStyleXfs>"
    "<cellXfs count=\"3\">"
    "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"
    "<xf numFmtId=\"0\" fontId=\"1\" fillId=\"2\" borderId=\"0\" xfId=\"0\" applyFont=\"1\" "
    "applyFill=\"1\"/>"
    "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" "
    "applyAlignment=\"1\"><alignment vertical=\"top\" wrapText=\"1\"/></xf></cellXfs>"
    "<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>"
    "</styleSheet>";

Error ZipFailure(const std::string& what, zip_error_t* error) {
  return MakeError(ErrorKind::kInternal, "",
                   "cannot write self-assessment.xlsx: " + what + ": " + zip_error_strerror(error));
}

// Zips `parts` (name, bytes) in memory, deflated, in the given order.
Result<std::string> Zip(const std::vector<std::pair<std::string, std::string>>& parts) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
  if (!buffer) {
    Error e = ZipFailure("buffer", &error);
    zip_error_fini(&error);
    return e;
  }
  zip_t* archive = zip_open_from_source(buffer, ZIP_TRUNCATE, &error);
  if (!archive) {
    Error e = ZipFailure("open", &error);
    zip_source_free(buffer);
    zip_error_fini(&error);
    return e;
  }
  zip_source_keep(buffer);  // outlives the archive: the bytes are read from it after closing
  auto fail = [&](const std::string& what) {
    Error e = ZipFailure(what, zip_get_error(archive));
    zip_discard(archive);
    zip_source_free(buffer);
    return e;
  };
  for (const auto& [name, bytes] : parts) {
    zip_source_t* source = zip_source_buffer(archive, bytes.data(), bytes.size(), 0);
    if (!source) return fail(name);
    zip_int64_t index = zip_file_add(archive, name.c_str(), source, ZIP_FL_ENC_UTF_8);
    if (index < 0) {
      zip_source_free(source);
      return fail(name);
    }
    auto i = static_cast<zip_uint64_t>(index);
    if (zip_set_file_compression(archive, i, ZIP_CM_DEFLATE, 0) < 0 ||
        zip_file_set_mtime(archive, i, kEntryTime, 0) < 0) {
      return fail(name);
    }
  }
  if (zip_close(archive) < 0) return fail("close");
  std::string out;
  if (zip_source_open(buffer) < 0 || zip_source_seek(buffer, 0, SEEK_END) < 0) {
    Error e = ZipFailure("read back", zip_source_error(buffer));
    zip_source_free(buffer);
    return e;
  }
  zip_int64_t size = zip_source_tell(buffer);
  out.resize(size > 0 ? static_cast<size_t>(size) : 0);
  bool ok = size > 0 && zip_source_seek(buffer, 0, SEEK_SET) == 0 &&
            zip_source_read(buffer, out.data(), out.size()) == size;
  zip_source_close(buffer);
  if (!ok) {
    Error e = ZipFailure("read back", zip_source_error(buffer));
    zip_source_free(buffer);
    return e;
  }
  zip_source_free(buffer);
  return out;
}

}  // namespace

Result<std::string> RenderSelfAssessmentXlsx(const ApplicantVerdict& verdict) {
  SharedStrings strings;
  std::string sheet = SheetXml(verdict, &strings);
  auto xml = [](const char* body) { return std::string(kXmlHeader) + body; };
  return Zip({{"[Content_Types].xml", xml(kContentTypes)},
              {"_rels/.rels", xml(kPackageRels)},
              {"xl/workbook.xml", WorkbookXml(verdict.controls.size() + 1)},
              {"xl/_rels/workbook.xml.rels", xml(kWorkbookRels)},
              {"xl/styles.xml", xml(kStyles)},
              {"xl/sharedStrings.xml", strings.Xml()},
              {"xl/worksheets/sheet1.xml", sheet}});
}

}  // namespace evcov
