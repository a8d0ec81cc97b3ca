// self-assessment.xlsx (pipeline/self_assessment_xlsx.h), read back with the
// project's own XLSX extractor: every control id with its status, evidence
// and still-needed cells, hostile text kept intact.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>

#include "pipeline/atomic_file.h"
#include "pipeline/self_assessment_xlsx.h"
#include "tests/cli_run.h"
#include "tests/test_util.h"

namespace evcov {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing::ExtractBytes;

std::vector<std::string> Cells(const std::string& row) {
  std::vector<std::string> cells;
  size_t start = 0;
  for (size_t at; (at = row.find(" | ", start)) != std::string::npos; start = at + 3) {
    cells.push_back(row.substr(start, at - start));
  }
  cells.push_back(row.substr(start));
  return cells;
}

// Control id -> the row's cells, from the extracted workbook.
std::map<std::string, std::vector<std::string>> RowsById(const Document& doc) {
  std::map<std::string, std::vector<std::string>> rows;
  for (const Block& b : doc.blocks) {
    std::vector<std::string> cells = Cells(b.text);
    EXPECT_TRUE(rows.emplace(cells[0], cells).second) << "duplicate row " << cells[0];
  }
  return rows;
}

TEST(SelfAssessment, EveryControlOfEverySampleApplicantReadsBackWithItsStatus) {
  std::string out = testing::TempDir("self-assessment");
  std::string log;
  ASSERT_EQ(testing::RunEvcovBinary(
                "run '" + testing::SampleBatch() + "' -o '" + out + "' -q -j 2 --no-pdf", &log),
            1)
      << log;
  for (const char* applicant : {"harbour-lane-software", "kestrel-devops"}) {
    std::string dir = out + "/" + applicant;
    auto doc = testing::ExtractPath(dir + "/self-assessment.xlsx");
    ASSERT_TRUE(doc.ok()) << doc.error().ToString();
    EXPECT_EQ(doc->extractor, "xlsx");
    EXPECT_TRUE(doc->warnings.empty());
    auto rows = RowsById(*doc);
    ASSERT_TRUE(rows.count("Control ID"));
    EXPECT_EQ(rows["Control ID"],
              (std::vector<std::string>{"Control ID", "Title", "Section", "Status", "Evidence",
                                        "Still needed", "Reason"}));
    json cov = testing::ReadJsonFile(dir + "/coverage.json");
    EXPECT_EQ(rows.size(), cov["controls"].size() + 1);
    int with_evidence = 0;
    for (const json& c : cov["controls"]) {
      std::string id = c["id"];
      ASSERT_TRUE(rows.count(id)) << applicant << ": " << id << " missing";
      const std::vector<std::string>& cells = rows[id];
      // Empty cells are skipped by the extractor; the status is the first
      // cell equal to a status word after the id and title.
      std::string status = c["status"];
      auto at = std::find(cells.begin() + 1, cells.end(), status);
      EXPECT_NE(at, cells.end()) << id << ": status " << status << " not in row";
      if (!c["evidence"].empty()) {
        ++with_evidence;
        std::string first = c["evidence"][0]["file"];
        bool found = std::any_of(cells.begin(), cells.end(), [&](const std::string& cell) {
          return cell.find(first) != std::string::npos;
        });
        EXPECT_TRUE(found) << id << ": evidence file " << first << " not listed";
      }
      for (const json& need : c["still_needed"]) {
        std::string label = need;
        bool found = std::any_of(cells.begin(), cells.end(), [&](const std::string& cell) {
          return cell.find(label) != std::string::npos;
        });
        EXPECT_TRUE(found) << id << ": still needed '" << label << "' not listed";
      }
    }
    EXPECT_GT(with_evidence, 0) << applicant;
  }
}

TEST(SelfAssessment, HostileTextSurvivesAndEvidenceStopsAtThree) {
  ApplicantVerdict v;
  v.applicant = "hostile";
  ControlVerdict c;
  c.id = "SEC-001";
  c.title = "Keys & <secrets> \"rotated\"";
  c.section = "=SUM(A1:A2)";
  c.status = Status::kPartial;
  c.reason = std::string("bad\x01 byte \xff and tab\there");
  c.still_needed = {"MFA for root", "a rotation log"};
  CriterionVerdict cr;
  cr.shown = true;
  for (int i = 0; i < 5; ++i) {
    EvidenceSpan e;
    e.file = "docs/file-" + std::to_string(i) + ".pdf";
    e.loc.page = i + 1;
    cr.evidence.push_back(e);
  }
  c.criteria.push_back(cr);
  v.controls.push_back(c);
  ControlVerdict waived;
  waived.id = "FTR-001";
  waived.status = Status::kWaived;
  waived.reason = "Waived: ftr.";
  v.controls.push_back(waived);

  auto xlsx = RenderSelfAssessmentXlsx(v);
  ASSERT_TRUE(xlsx.ok()) << xlsx.error().ToString();
  EXPECT_EQ(xlsx->substr(0, 2), "PK");
  auto again = RenderSelfAssessmentXlsx(v);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(*xlsx == *again) << "the same verdict gives the same bytes";

  auto doc = ExtractBytes(*xlsx, "self-assessment.xlsx");
  ASSERT_TRUE(doc.ok()) << doc.error().ToString();
  auto rows = RowsById(*doc);
  ASSERT_TRUE(rows.count("SEC-001"));
  std::string row = doc->blocks[1].text;
  EXPECT_NE(row.find("Keys & <secrets> \"rotated\""), std::string::npos) << row;
  EXPECT_NE(row.find("=SUM(A1:A2)"), std::string::npos) << "kept as text, not a formula";
  EXPECT_NE(row.find("docs/file-0.pdf"), std::string::npos) << row;
  EXPECT_NE(row.find("docs/file-2.pdf"), std::string::npos) << row;
  EXPECT_EQ(row.find("docs/file-3.pdf"), std::string::npos) << row;
  EXPECT_NE(row.find("and 2 more"), std::string::npos) << row;
  EXPECT_NE(row.find("MFA for root"), std::string::npos) << row;
  EXPECT_NE(row.find("byte \xEF\xBF\xBD and"), std::string::npos) << row;
  ASSERT_TRUE(rows.count("FTR-001"));
  EXPECT_EQ(rows["FTR-001"], (std::vector<std::string>{"FTR-001", "waived", "Waived: ftr."}));

  ApplicantVerdict error;
  error.applicant = "broken";
  error.error = "applicant.yaml: malformed YAML";
  auto header_only = RenderSelfAssessmentXlsx(error);
  ASSERT_TRUE(header_only.ok());
  auto header_doc = ExtractBytes(*header_only, "broken.xlsx");
  ASSERT_TRUE(header_doc.ok()) << header_doc.error().ToString();
  ASSERT_EQ(header_doc->blocks.size(), 1u);
  EXPECT_EQ(Cells(header_doc->blocks[0].text)[0], "Control ID");
}

}  // namespace
}  // namespace evcov
