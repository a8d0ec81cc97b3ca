// Changes since the last run (pipeline/changes.h): ComputeChanges on small
// coverage.json values, then two runs of the real binary into one output
// folder with one Markdown runbook edited in between: changes.json names the
// file as modified and the status change it caused, and the report shows a
// "Changed since" page after the cover.
#include "pipeline/changes.h"

#include <gtest/gtest.h>
#include <poppler-document.h>
#include <poppler-global.h>
#include <poppler-page.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>

#include "tests/cli_run.h"
#include "tests/test_util.h"

namespace evcov {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing::ReadJsonFile;
using testing::RunEvcovBinary;

json Control(const std::string& id, const std::string& status, json evidence = json::array()) {
  return {{"id", id}, {"title", id + " title"}, {"status", status}, {"evidence", evidence}};
}

json Ev(const std::string& file, int page, const std::string& locator) {
  return {{"file", file}, {"page", page}, {"locator", locator}, {"snippet", "text"}};
}

json File(const std::string& file, const std::string& sha) {
  json f = {{"file", file}, {"state", "read"}};
  if (!sha.empty()) f["sha"] = sha;
  return f;
}

json Coverage(json controls, json files, const std::string& generated_at) {
  return {{"schema", "evcov-coverage/1"},
          {"generated_at", generated_at},
          {"controls", controls},
          {"files", files}};
}

TEST(ComputeChanges, ListsStatusEvidenceAndFileChangesInAFixedOrder) {
  json before = Coverage(
      {Control("B-2", "met", {Ev("a.pdf", 3, "p. 3"), Ev("z.md", 0, "§ Old")}),
       Control("GONE-1", "partial", {Ev("a.pdf", 1, "p. 1")}), Control("A-1", "missing")},
      {File("a.pdf", "aa"), File("old.docx", "oo"), File("same.md", "ss"), File("legacy.doc", "")},
      "2025-01-01T00:00:00Z");
  json after = Coverage(
      {Control("B-2", "partial", {Ev("a.pdf", 3, "p. 3")}),
       Control("A-1", "met", {Ev("z.md", 0, "§ New"), Ev("b.md", 0, "§ X")}),
       Control("NEW-9", "missing")},
      {File("same.md", "ss"), File("a.pdf", "a2"), File("legacy.doc", "ll"), File("new.txt", "nn")},
      "2025-01-02T00:00:00Z");
  RunChanges c = ComputeChanges(before, after);
  EXPECT_TRUE(c.has_previous);
  EXPECT_EQ(c.since, "2025-01-01T00:00:00Z");
  // Current checklist order first, then controls only the previous run had.
  ASSERT_EQ(c.controls.size(), 4u);
  EXPECT_EQ(c.controls[0].id, "B-2");
  EXPECT_EQ(c.controls[0].from, "met");
  EXPECT_EQ(c.controls[0].to, "partial");
  EXPECT_EQ(c.controls[1].id, "A-1");
  EXPECT_EQ(c.controls[2].id, "NEW-9");
  EXPECT_EQ(c.controls[2].from, "");
  EXPECT_EQ(c.controls[3].id, "GONE-1");
  EXPECT_EQ(c.controls[3].to, "");
  // Evidence by control in that order, then file, page and locator.
  ASSERT_EQ(c.evidence_added.size(), 2u);
  EXPECT_EQ(c.evidence_added[0].id, "A-1");
  EXPECT_EQ(c.evidence_added[0].file, "b.md");
  EXPECT_EQ(c.evidence_added[1].file, "z.md");
  EXPECT_EQ(c.evidence_added[1].locator, "§ New");
  ASSERT_EQ(c.evidence_lost.size(), 2u);
  EXPECT_EQ(c.evidence_lost[0].id, "B-2");
  EXPECT_EQ(c.evidence_lost[0].locator, "§ Old");
  EXPECT_EQ(c.evidence_lost[1].id, "GONE-1");
  EXPECT_EQ(c.evidence_lost[1].page, 1);
  EXPECT_EQ(c.files_added, std::vector<std::string>{"new.txt"});
  EXPECT_EQ(c.files_removed, std::vector<std::string>{"old.docx"});
  // legacy.doc had no hash before: not reported as modified.
  EXPECT_EQ(c.files_modified, std::vector<std::string>{"a.pdf"});

  ApplicantVerdict v;
  v.applicant = "acme";
  v.generated_at = "2025-01-02T00:00:00Z";
  v.changes = c;
  json j = ChangesJson(v);
  EXPECT_EQ(j["schema"], "evcov-changes/1");
  EXPECT_EQ(j["since"], "2025-01-01T00:00:00Z");
  EXPECT_TRUE(j["controls"][2]["from"].is_null());
  EXPECT_EQ(j["controls"][0]["to"], "partial");
  EXPECT_EQ(j["evidence_lost"][1],
            json({{"id", "GONE-1"}, {"file", "a.pdf"}, {"page", 1}, {"locator", "p. 1"}}));
}

TEST(ComputeChanges, IdenticalRunsChangeNothing) {
  json cov = Coverage({Control("A-1", "met", {Ev("a.pdf", 2, "p. 2")})}, {File("a.pdf", "aa")},
                      "2025-01-01T00:00:00Z");
  RunChanges c = ComputeChanges(cov, cov);
  EXPECT_TRUE(c.controls.empty());
  EXPECT_TRUE(c.evidence_added.empty());
  EXPECT_TRUE(c.evidence_lost.empty());
  EXPECT_TRUE(c.files_added.empty() && c.files_removed.empty() && c.files_modified.empty());
}

TEST(ReadPreviousCoverage, AbsentIsNothingAndBrokenIsAnError) {
  std::string dir = testing::TempDir("changes-read");
  auto absent = ReadPreviousCoverage(dir + "/coverage.json");
  ASSERT_TRUE(absent.ok());
  EXPECT_FALSE(absent->has_value());
  std::ofstream(dir + "/broken.json") << "{\"schema\": \"evcov-cov";
  auto broken = ReadPreviousCoverage(dir + "/broken.json");
  ASSERT_FALSE(broken.ok());
  EXPECT_EQ(broken.error().kind, ErrorKind::kInvalid);
  std::ofstream(dir + "/other.json") << R"({"schema": "evcov-coverage/0"})";
  auto other = ReadPreviousCoverage(dir + "/other.json");
  ASSERT_FALSE(other.ok());
  EXPECT_NE(other.error().message.find("evcov-coverage/0"), std::string::npos);
}

// ---------------------------------------------------------------------------
// Two runs of the real binary into one output folder.

void IgnorePopplerMessages(const std::string&, void*) {}

// Text of page `n` (1-based) of a PDF.
std::string PageText(const std::string& path, int n) {
  poppler::set_debug_error_function(IgnorePopplerMessages, nullptr);
  std::unique_ptr<poppler::document> doc(poppler::document::load_from_file(path));
  if (!doc || doc->pages() < n) return "";
  std::unique_ptr<poppler::page> page(doc->create_page(n - 1));
  poppler::byte_array bytes = page->text().to_utf8();
  return std::string(bytes.begin(), bytes.end());
}

TEST(ChangesSinceLastRun, AnEditedRunbookIsModifiedAndMovesItsControl) {
  std::string batch = testing::TempDir("changes-batch");
  std::string out = testing::TempDir("changes-out");
  fs::copy(testing::SampleBatch(), batch, fs::copy_options::recursive);
  std::string run = "run '" + batch + "' -o '" + out + "' -j 2 ";
  std::string log;
  RunEvcovBinary(run + "--no-pdf", &log);
  std::string kestrel = out + "/kestrel-devops";
  ASSERT_TRUE(fs::exists(kestrel + "/coverage.json")) << log;
  EXPECT_FALSE(fs::exists(kestrel + "/changes.json"));  // nothing to compare with
  json first = ReadJsonFile(kestrel + "/coverage.json");
  std::string cost_before;
  for (const auto& c : first["controls"]) {
    if (c["id"] == "COST-001") cost_before = c["status"];
  }
  ASSERT_EQ(cost_before, "missing") << "samples/batch changed; pick another control";

  std::ofstream(batch + "/kestrel-devops/operations-runbook.md", std::ios::app)
      << "\n## Cost model\n\nBefore implementation we present each customer a cost estimate "
         "built with the AWS Pricing Calculator from sizing inputs: instance types, storage in GB "
         "and request volume. The summary gives a monthly total of USD 4,200. A business value "
         "analysis compares TCO with the on-premises estate.\n";
  RunEvcovBinary(run, &log);
  ASSERT_TRUE(fs::exists(kestrel + "/changes.json")) << log;
  json changes = ReadJsonFile(kestrel + "/changes.json");
  EXPECT_EQ(changes["schema"], "evcov-changes/1");
  EXPECT_EQ(changes["since"], first["generated_at"]);
  EXPECT_EQ(changes["files_modified"], json({"operations-runbook.md"}));
  EXPECT_EQ(changes["files_added"], json::array());
  EXPECT_EQ(changes["files_removed"], json::array());
  ASSERT_EQ(changes["controls"].size(), 1u) << changes.dump(1);
  EXPECT_EQ(changes["controls"][0]["id"], "COST-001");
  EXPECT_EQ(changes["controls"][0]["from"], "missing");
  EXPECT_NE(changes["controls"][0]["to"], "missing");
  bool runbook_evidence = false;
  for (const auto& e : changes["evidence_added"]) {
    runbook_evidence |= e["id"] == "COST-001" && e["file"] == "operations-runbook.md";
  }
  EXPECT_TRUE(runbook_evidence) << changes.dump(1);
  EXPECT_EQ(changes["evidence_lost"], json::array());
  // The other applicant did not change, and says so.
  json harbour = ReadJsonFile(out + "/harbour-lane-software/changes.json");
  EXPECT_EQ(harbour["controls"], json::array());
  EXPECT_EQ(harbour["files_modified"], json::array());

  // The page after the cover.
  std::string page = PageText(kestrel + "/report.pdf", 2);
  EXPECT_NE(page.find("Changed since " + first["generated_at"].get<std::string>()),
            std::string::npos)
      << page;
  EXPECT_NE(page.find("COST-001"), std::string::npos) << page;
  EXPECT_NE(page.find("operations-runbook.md"), std::string::npos) << page;

  // An unreadable previous coverage.json: a warning, and no stale changes.json.
  std::ofstream(out + "/harbour-lane-software/coverage.json") << "{ torn";
  RunEvcovBinary(run + "--no-pdf", &log);
  EXPECT_NE(log.find("previous coverage.json is not valid JSON"), std::string::npos) << log;
  EXPECT_FALSE(fs::exists(out + "/harbour-lane-software/changes.json"));
  EXPECT_TRUE(fs::exists(kestrel + "/changes.json"));
}

}  // namespace
}  // namespace evcov
