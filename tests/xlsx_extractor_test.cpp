// XLSX extraction on fixtures made by openpyxl and LibreOffice
// (tests/fixtures/make_xlsx.py) and on real public workbooks in ../shared/corpus.
#include <gtest/gtest.h>

#include <filesystem>

#include "pipeline/atomic_file.h"
#include "tests/test_util.h"

namespace evcov {
namespace {

using testing::AllText;
using testing::ExtractPath;
using testing::Fixture;
using testing::SharedDir;

constexpr const char* kXlsxType =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

std::string Corpus(const std::string& name) { return SharedDir() + "/corpus/xlsx/" + name; }

// The block whose row starts at this sheet and cell; nullptr if none.
const Block* BlockAt(const Document& d, const std::string& sheet, const std::string& cell) {
  for (const auto& b : d.blocks) {
    if (b.loc.sheet == sheet && b.loc.cell == cell) return &b;
  }
  return nullptr;
}

const Warning* FindWarning(const Document& d, const std::string& code) {
  for (const auto& w : d.warnings) {
    if (w.code == code) return &w;
  }
  return nullptr;
}

TEST(XlsxExtractor, RowsOfEverySheetInWorkbookOrder) {
  auto doc = ExtractPath(Fixture("xlsx/controls.xlsx"));
  ASSERT_TRUE(doc.ok()) << doc.error().ToString();
  EXPECT_EQ(doc->extractor, "xlsx");
  EXPECT_EQ(doc->source, SourceKind::kSpreadsheet);
  EXPECT_EQ(doc->page_count, 3);
  EXPECT_EQ(doc->metadata.at("title"), "Harbour Lane control register");
  ASSERT_EQ(doc->blocks.size(), 11u);  // the empty row 5 yields nothing
  std::vector<std::string> sheets;
  for (const auto& b : doc->blocks) {
    EXPECT_EQ(b.kind, BlockKind::kTableRow);
    if (sheets.empty() || sheets.back() != b.loc.sheet) sheets.push_back(b.loc.sheet);
  }
  EXPECT_EQ(sheets, (std::vector<std::string>{"Controls", "Schedule", "Lookups"}));

  const Block* row = BlockAt(*doc, "Controls", "A2");
  ASSERT_NE(row, nullptr);
  EXPECT_EQ(row->text,
            "HL-01 | Quarterly access review of production accounts | Security team | 90");
  EXPECT_EQ(row->loc.page, 1);
  EXPECT_EQ(BlockAt(*doc, "Controls", "A4")->text,
            "HL-03 | Incident runbook rehearsed twice a year | On-call lead | 182.5");
  EXPECT_EQ(BlockAt(*doc, "Schedule", "B2")->loc.page, 2);
}

TEST(XlsxExtractor, HeaderRowBecomesTheHeadingPathOfLaterRows) {
  auto doc = ExtractPath(Fixture("xlsx/controls.xlsx"));
  ASSERT_TRUE(doc.ok());
  const std::string header = "Control ID | Description | Owner | Review days";
  const Block* first = BlockAt(*doc, "Controls", "A1");
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(first->text, header);
  EXPECT_TRUE(first->loc.heading_path.empty());
  for (const char* cell : {"A2", "A3", "A6", "B7"}) {
    const Block* b = BlockAt(*doc, "Controls", cell);
    ASSERT_NE(b, nullptr) << cell;
    EXPECT_EQ(b->loc.heading_path, (std::vector<std::string>{"Controls", header})) << cell;
  }
  // The Schedule sheet starts with a row holding a date: no header.
  const Block* audit = BlockAt(*doc, "Schedule", "B3");
  ASSERT_NE(audit, nullptr);
  EXPECT_TRUE(audit->loc.heading_path.empty());
}

TEST(XlsxExtractor, CachedFormulaValuesBooleansAndDates) {
  auto doc = ExtractPath(Fixture("xlsx/controls.xlsx"));
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(BlockAt(*doc, "Controls", "A6")->text, "Total | 302.5");  // =SUM(D2:D4)
  EXPECT_EQ(BlockAt(*doc, "Controls", "B7")->text, "Encryption at rest enabled | TRUE");
  EXPECT_EQ(BlockAt(*doc, "Schedule", "B2")->text, "Next audit | 2024-09-16");
  EXPECT_EQ(BlockAt(*doc, "Schedule", "B3")->text, "Days until audit | 15");
  EXPECT_EQ(BlockAt(*doc, "Schedule", "B4")->text, "Auditor | Harbour Assurance LLP");
  EXPECT_EQ(AllText(*doc).find("SUM("), std::string::npos);
  EXPECT_EQ(FindWarning(*doc, "formula-no-value"), nullptr);
}

TEST(XlsxExtractor, HiddenSheetIsReadWithAWarning) {
  auto doc = ExtractPath(Fixture("xlsx/controls.xlsx"));
  ASSERT_TRUE(doc.ok());
  const Block* hidden = BlockAt(*doc, "Lookups", "A2");
  ASSERT_NE(hidden, nullptr);
  EXPECT_EQ(hidden->text, "Seven years for audit logs");
  EXPECT_EQ(hidden->loc.page, 3);
  EXPECT_EQ(hidden->loc.heading_path, (std::vector<std::string>{"Lookups", "Retention class"}));
  const Warning* w = FindWarning(*doc, "hidden-sheet");
  ASSERT_NE(w, nullptr);
  EXPECT_EQ(w->loc.sheet, "Lookups");
  EXPECT_EQ(doc->warnings.size(), 1u);
}

TEST(XlsxExtractor, FormulasWithoutCachedValuesAreFlagged) {
  // openpyxl writes formulas but never computes them; it also writes inline strings.
  auto doc = ExtractPath(Fixture("xlsx/uncalculated.xlsx"));
  ASSERT_TRUE(doc.ok()) << doc.error().ToString();
  EXPECT_EQ(BlockAt(*doc, "Controls", "A2")->text,
            "HL-01 | Quarterly access review of production accounts | Security team | 90");
  EXPECT_EQ(BlockAt(*doc, "Controls", "A6")->text, "Total");
  const Warning* w = FindWarning(*doc, "formula-no-value");
  ASSERT_NE(w, nullptr);
  EXPECT_EQ(w->message.rfind("3 formula cell(s)", 0), 0u) << w->message;
}

TEST(XlsxExtractor, InlineAndRichStringsAndCellsWithoutReferences) {
  auto doc = ExtractPath(Fixture("xlsx/streamed.xlsx"));
  ASSERT_TRUE(doc.ok()) << doc.error().ToString();
  ASSERT_EQ(doc->blocks.size(), 3u);
  EXPECT_EQ(doc->blocks[0].text, "Change | Date | Done");
  EXPECT_EQ(doc->blocks[0].loc.cell, "A1");
  // Rich-text runs joined, the phonetic run left out; custom date and percent formats.
  EXPECT_EQ(doc->blocks[1].text, "Firewall rules reviewed by Harbour Lane CAB | 2024-04-01 | 75%");
  EXPECT_EQ(doc->blocks[1].loc.cell, "A2");
  EXPECT_EQ(doc->blocks[1].loc.heading_path,
            (std::vector<std::string>{"Change log", "Change | Date | Done"}));
  // Row 3 has no "r" attributes and an empty first cell.
  EXPECT_EQ(doc->blocks[2].text, "Rotated TLS certificates | #N/A");
  EXPECT_EQ(doc->blocks[2].loc.cell, "B3");
  EXPECT_EQ(AllText(*doc).find("IGNORED"), std::string::npos);
}

TEST(XlsxExtractor, TruncatedWorkbookIsCorrupt) {
  auto bytes = ReadFile(Fixture("xlsx/controls.xlsx"));
  ASSERT_TRUE(bytes.ok());
  std::string truncated = bytes->substr(0, bytes->size() / 2);
  auto span = std::as_bytes(std::span<const char>(truncated.data(), truncated.size()));
  ExtractContext ctx;
  ctx.path = "truncated.xlsx";

  auto via_registry = ExtractorRegistry::Builtin().Extract(span, ctx);
  ASSERT_FALSE(via_registry.ok());
  EXPECT_EQ(via_registry.error().kind, ErrorKind::kCorrupt);

  const Extractor* xlsx = ExtractorRegistry::Builtin().Find(kXlsxType);
  ASSERT_NE(xlsx, nullptr);
  auto direct = xlsx->Extract(span, ctx);
  ASSERT_FALSE(direct.ok());
  EXPECT_EQ(direct.error().kind, ErrorKind::kCorrupt);
  EXPECT_EQ(direct.error().file, "truncated.xlsx");
}

// Checked with: unzip -p FILE xl/sharedStrings.xml / xl/worksheets/sheetN.xml.
TEST(XlsxExtractor, CorpusContinuousMonitoringWorkbook) {
  auto doc = ExtractPath(Corpus("fedramp-continuous-monitoring-deliverables.xlsx"));
  ASSERT_TRUE(doc.ok()) << doc.error().ToString();
  EXPECT_EQ(doc->page_count, 3);
  // Sheet 2, row 12: shared strings 32, 33, 31, 23 and 24.
  const Block* inventory = BlockAt(*doc, "Con Mon Deliverables", "A12");
  ASSERT_NE(inventory, nullptr);
  EXPECT_EQ(inventory->text,
            "Inventory | CM-08 | Updated as needed and submitted to the AO via the designated "
            "repository. | Monthly | CSP");
  EXPECT_EQ(inventory->loc.page, 2);
  // C9 is shared string 91, three rich-text runs that split words mid-way.
  const Block* collab = BlockAt(*doc, "Con Mon Deliverables", "A9");
  ASSERT_NE(collab, nullptr);
  EXPECT_NE(collab->text.find("described in the FedRAMP Collaborative ConMon Quick Guide, a guide "
                              "for Multi-Agency"),
            std::string::npos)
      << collab->text;
  // Record of Change B4: serial 45337 with built-in date format 14.
  const Block* change = BlockAt(*doc, "Record of Change", "B4");
  ASSERT_NE(change, nullptr);
  EXPECT_EQ(change->text.rfind("2024-02-15 | Initial publication", 0), 0u) << change->text;
  EXPECT_EQ(change->loc.page, 3);
}

TEST(XlsxExtractor, CorpusMatrixHeaderAndHiddenSheet) {
  auto matrix = ExtractPath(Corpus("awesomecloud-separation-of-duties-matrix.xlsx"));
  ASSERT_TRUE(matrix.ok()) << matrix.error().ToString();
  const Block* owner = BlockAt(*matrix, "Sheet1", "A2");
  ASSERT_NE(owner, nullptr);
  EXPECT_EQ(owner->text, "system-owner | X | X | X");
  ASSERT_EQ(owner->loc.heading_path.size(), 2u);
  EXPECT_EQ(owner->loc.heading_path[0], "Sheet1");
  EXPECT_EQ(owner->loc.heading_path[1].rfind("Role: | Add/remove users and hardware | ", 0), 0u);

  auto usecases = ExtractPath(Corpus("gsa-draft-use-case-template.xlsx"));
  ASSERT_TRUE(usecases.ok()) << usecases.error().ToString();
  const Warning* w = FindWarning(*usecases, "hidden-sheet");
  ASSERT_NE(w, nullptr);
  EXPECT_EQ(w->loc.sheet, "Assumptions & Constraints");
  const Block* constraints = BlockAt(*usecases, "Assumptions & Constraints", "A6");
  ASSERT_NE(constraints, nullptr);
  EXPECT_EQ(constraints->text, "CONSTRAINTS");
  EXPECT_EQ(constraints->loc.page, 2);
}

TEST(XlsxExtractor, EveryCorpusWorkbookYieldsRows) {
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(SharedDir() + "/corpus/xlsx")) {
    if (entry.path().extension() != ".xlsx") continue;
    ++files;
    auto doc = ExtractPath(entry.path().string());
    ASSERT_TRUE(doc.ok()) << doc.error().ToString();
    EXPECT_EQ(doc->extractor, "xlsx") << entry.path();
    EXPECT_GT(doc->blocks.size(), 0u) << entry.path();
    EXPECT_GT(doc->page_count, 0) << entry.path();
    for (const auto& b : doc->blocks) {
      EXPECT_FALSE(b.loc.sheet.empty()) << entry.path();
      EXPECT_FALSE(b.loc.cell.empty()) << entry.path();
      EXPECT_FALSE(b.text.empty()) << entry.path();
    }
  }
  EXPECT_GE(files, 6);
}

}  // namespace
}  // namespace evcov
