// End to end through the real binary: a batch in, coverage.json and report.pdf
// out, bad applicants isolated, inputs untouched, exit codes as documented.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "pipeline/checklist.h"
#include "tests/cli_run.h"
#include "tests/test_util.h"

namespace evcov {
namespace {

namespace fs = std::filesystem;
using testing::ReadJsonFile;
using testing::RunEvcovBinary;
using testing::SampleBatch;

// Path -> size + content of every file below `dir`, to prove nothing changed.
std::map<std::string, std::string> Snapshot(const std::string& dir) {
  std::map<std::string, std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (!e.is_regular_file()) continue;
    auto bytes = ReadFile(e.path().string());
    out[e.path().string()] = bytes.ok() ? *bytes : "<unreadable>";
  }
  return out;
}

TEST(Cli, BatchRunWritesCoverageAndReportPerApplicantAndLeavesInputsAlone) {
  std::string out = testing::TempDir("cli-batch");
  auto before = Snapshot(SampleBatch());
  std::string log;
  int code = RunEvcovBinary("run '" + SampleBatch() + "' -o '" + out + "' -j 2", &log);
  // The sample batch holds one unreadable legacy file on purpose: exit 1.
  EXPECT_EQ(code, 1) << log;
  EXPECT_EQ(Snapshot(SampleBatch()), before);
  for (const char* applicant : {"harbour-lane-software", "kestrel-devops"}) {
    std::string dir = out + "/" + applicant;
    ASSERT_TRUE(fs::exists(dir + "/coverage.json")) << log;
    auto pdf = ReadFile(dir + "/report.pdf");
    ASSERT_TRUE(pdf.ok());
    EXPECT_EQ(pdf->substr(0, 5), "%PDF-");
    auto cov = ReadJsonFile(dir + "/coverage.json");
    auto checklist = LoadChecklist(testing::SourceDir(), cov["checklist"].get<std::string>());
    ASSERT_TRUE(checklist.ok());
    std::set<std::string> ids;
    for (const auto& c : cov["controls"]) {
      ids.insert(c["id"].get<std::string>());
      std::string status = c["status"];
      if (status == "met") {
        EXPECT_FALSE(c["evidence"].empty()) << c["id"];
        for (const auto& e : c["evidence"]) {
          EXPECT_TRUE(
              fs::exists(SampleBatch() + "/" + applicant + "/" + e["file"].get<std::string>()));
          EXPECT_FALSE(e["snippet"].get<std::string>().empty());
        }
      }
      if (status == "missing" || status == "partial") {
        EXPECT_FALSE(c["still_needed"].empty()) << c["id"];
      }
    }
    EXPECT_EQ(ids.size(), checklist->controls.size());
  }
  auto kestrel = ReadJsonFile(out + "/kestrel-devops/coverage.json");
  bool legacy_reported = false;
  for (const auto& f : kestrel["files"]) {
    if (f["file"] == "archive/legacy-notes.doc") {
      legacy_reported = f["state"] == "not-read" && !f["error"].get<std::string>().empty();
    }
  }
  EXPECT_TRUE(legacy_reported);
}

TEST(Cli, ABadApplicantGetsAnErrorAndTheBatchGoesOn) {
  std::string batch = testing::TempDir("cli-bad");
  std::string out = testing::TempDir("cli-bad-out");
  fs::create_directories(batch + "/broken");
  std::ofstream(batch + "/broken/applicant.yaml") << "name: [unclosed\n";
  fs::create_directories(batch + "/unknown");
  std::ofstream(batch + "/unknown/applicant.yaml") << "name: U\nchecklist: aws-nothing-9\n";
  fs::create_directories(batch + "/good");
  std::ofstream(batch + "/good/applicant.yaml") << "name: G\nchecklist: aws-devops-4.0\n";
  std::ofstream(batch + "/good/runbook.md")
      << "# Runbook\n\nOn-call engineers follow this runbook.\n";
  std::string log;
  EXPECT_EQ(RunEvcovBinary("run '" + batch + "' -o '" + out + "' -q --no-pdf", &log), 1) << log;
  auto broken = ReadJsonFile(out + "/broken/coverage.json");
  EXPECT_NE(broken["error"].get<std::string>().find("malformed YAML"), std::string::npos);
  auto unknown = ReadJsonFile(out + "/unknown/coverage.json");
  EXPECT_NE(unknown["error"].get<std::string>().find("unknown checklist 'aws-nothing-9'"),
            std::string::npos);
  auto good = ReadJsonFile(out + "/good/coverage.json");
  EXPECT_FALSE(good.contains("error"));
  EXPECT_EQ(good["controls"].size(), 38u);
}

TEST(Cli, UsageErrorsAndOutputInsideInputAreRefused) {
  EXPECT_EQ(RunEvcovBinary("run"), 2);
  std::string log;
  EXPECT_EQ(RunEvcovBinary("run '" + SampleBatch() + "' -o '" + SampleBatch() + "/out'", &log), 2);
  EXPECT_NE(log.find("must not be inside the input folder"), std::string::npos);
  EXPECT_FALSE(fs::exists(SampleBatch() + "/out"));
}

TEST(Cli, ExtractPrintsTheDocumentAsJson) {
  std::string out;
  ASSERT_EQ(RunEvcovBinary("extract '" + testing::Fixture("core/access-standard.docx") + "'", &out),
            0);
  auto j = nlohmann::json::parse(out);
  EXPECT_EQ(j["schema"], "evcov-document/1");
  EXPECT_EQ(j["extractor"], "docx");
  EXPECT_GT(j["blocks"].size(), 3u);
}

TEST(Cli, ChecklistsListsEveryChecklistWithItsCount) {
  std::string out;
  ASSERT_EQ(RunEvcovBinary("checklists", &out), 0);
  EXPECT_NE(out.find("aws-saas-2025-02\t49 controls"), std::string::npos) << out;
  EXPECT_NE(out.find("aws-smb-2025-08\t54 controls"), std::string::npos) << out;
  ASSERT_EQ(RunEvcovBinary("checklist aws-devops-4.0", &out), 0);
  EXPECT_NE(out.find("POV-001"), std::string::npos);
}

}  // namespace
}  // namespace evcov
