// The batch index (pipeline/batch_index.h): index.json, index.csv and
// index.pdf agree with the coverage.json files they were built from, through
// the real binary on samples/batch and through the library on hand-made output
// folders with broken and hostile entries.
#include "pipeline/batch_index.h"

#include <gtest/gtest.h>
#include <poppler-document.h>
#include <poppler-global.h>
#include <poppler-page.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <set>

#include "pipeline/atomic_file.h"
#include "pipeline/coverage_json.h"
#include "tests/cli_run.h"
#include "tests/test_util.h"

namespace evcov {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const char* const kStatusNames[] = {"met", "partial", "missing", "waived", "manual"};

// RFC 4180 records: quoted fields may hold commas, quotes and line breaks.
std::vector<std::vector<std::string>> ParseCsv(const std::string& text) {
  std::vector<std::vector<std::string>> rows(1);
  std::string field;
  bool quoted = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      rows.back().push_back(field);
      field.clear();
    } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      rows.back().push_back(field);
      field.clear();
      rows.emplace_back();
      ++i;
    } else {
      field += c;
    }
  }
  if (rows.back().empty()) rows.pop_back();
  return rows;
}

// Text of every page of a PDF as poppler reads it; empty when it cannot open it.
std::vector<std::string> PdfPages(const std::string& path) {
  poppler::set_debug_error_function([](const std::string&, void*) {}, nullptr);
  std::unique_ptr<poppler::document> doc(poppler::document::load_from_file(path));
  std::vector<std::string> pages;
  if (!doc) return pages;
  for (int i = 0; i < doc->pages(); ++i) {
    std::unique_ptr<poppler::page> page(doc->create_page(i));
    poppler::byte_array bytes = page->text().to_utf8();
    pages.emplace_back(bytes.begin(), bytes.end());
  }
  return pages;
}

std::string Squash(const std::string& text) {
  std::string out;
  for (char c : text) {
    bool space = c == ' ' || c == '\n' || c == '\r' || c == '\t';
    if (space && (out.empty() || out.back() == ' ')) continue;
    out += space ? ' ' : c;
  }
  return out;
}

const std::vector<std::string> kCsvHeader = {"applicant", "name",         "checklist", "met",
                                             "partial",   "missing",      "waived",    "manual",
                                             "files",     "files_unread", "error",     "report"};

TEST(BatchIndex, RunWritesAnIndexThatMatchesEveryCoverageJson) {
  std::string out = testing::TempDir("index-run");
  std::string log;
  ASSERT_EQ(testing::RunEvcovBinary("run '" + testing::SampleBatch() + "' -o '" + out + "' -q -j 2",
                                    &log),
            1)
      << log;  // samples/batch holds one unreadable legacy file on purpose

  std::vector<std::string> applicants;  // folders with a coverage.json, sorted
  for (const auto& e : fs::directory_iterator(out)) {
    if (fs::exists(e.path() / "coverage.json")) applicants.push_back(e.path().filename());
  }
  std::sort(applicants.begin(), applicants.end());
  ASSERT_EQ(applicants.size(), 2u);

  json index = testing::ReadJsonFile(out + "/index.json");
  EXPECT_EQ(index["schema"], "evcov-index/1");
  EXPECT_FALSE(index["generated_at"].get<std::string>().empty());
  ASSERT_EQ(index["applicants"].size(), applicants.size());
  auto csv_bytes = ReadFile(out + "/index.csv");
  ASSERT_TRUE(csv_bytes.ok());
  auto csv = ParseCsv(*csv_bytes);
  ASSERT_EQ(csv.size(), applicants.size() + 1);
  EXPECT_EQ(csv[0], kCsvHeader);

  int total_unread = 0;
  for (size_t i = 0; i < applicants.size(); ++i) {
    const json& row = index["applicants"][i];
    json cov = testing::ReadJsonFile(out + "/" + applicants[i] + "/coverage.json");
    EXPECT_EQ(row["applicant"], applicants[i]);
    EXPECT_EQ(row["name"], cov["name"]);
    EXPECT_EQ(row["checklist"], cov["checklist"]);
    EXPECT_EQ(row["counts"], cov["counts"]);
    int counted = 0;
    for (const char* s : kStatusNames) counted += row["counts"][s].get<int>();
    EXPECT_EQ(counted, static_cast<int>(cov["controls"].size()));
    int unread = 0;
    for (const json& f : cov["files"]) unread += f["state"] == "not-read" ? 1 : 0;
    EXPECT_EQ(row["files"], cov["files"].size());
    EXPECT_EQ(row["files_unread"], unread);
    total_unread += unread;
    EXPECT_EQ(row["error"], cov.value("error", ""));
    EXPECT_EQ(row["report"], applicants[i] + "/report.pdf");
    EXPECT_TRUE(fs::exists(out + "/" + row["report"].get<std::string>()));

    const std::vector<std::string>& line = csv[i + 1];
    ASSERT_EQ(line.size(), kCsvHeader.size());
    EXPECT_EQ(line[0], applicants[i]);
    EXPECT_EQ(line[1], cov["name"].get<std::string>());
    EXPECT_EQ(line[2], cov["checklist"].get<std::string>());
    for (size_t k = 0; k < 5; ++k) {
      EXPECT_EQ(line[3 + k], std::to_string(cov["counts"][kStatusNames[k]].get<int>()));
    }
    EXPECT_EQ(line[8], std::to_string(cov["files"].size()));
    EXPECT_EQ(line[9], std::to_string(unread));
    EXPECT_EQ(line[11], applicants[i] + "/report.pdf");
  }
  EXPECT_EQ(total_unread, 1);  // kestrel-devops/archive/legacy-notes.doc
  EXPECT_EQ(index["totals"]["files_unread"], total_unread);

  std::vector<std::string> pages = PdfPages(out + "/index.pdf");
  ASSERT_EQ(pages.size(), 1u) << "index.pdf is missing or not one page";
  std::string text = Squash(pages[0]);
  for (const json& row : index["applicants"]) {
    EXPECT_NE(text.find(row["name"].get<std::string>()), std::string::npos)
        << row["name"] << " not in index.pdf:\n"
        << text;
  }
  EXPECT_NE(text.find("Applicants: 2"), std::string::npos) << text;
}

// A folder of outputs as a run could leave it, plus damage.
void WriteCoverage(const fs::path& dir, const ApplicantVerdict& v) {
  ASSERT_TRUE(
      WriteFileAtomic((dir / v.applicant / "coverage.json").string(), CoverageJson(v).dump(2))
          .ok());
}

ApplicantVerdict Verdict(const std::string& folder, const std::string& name) {
  ApplicantVerdict v;
  v.applicant = folder;
  v.name = name;
  v.checklist_id = "aws-devops-4.0";
  for (Status s :
       {Status::kMet, Status::kMet, Status::kPartial, Status::kMissing, Status::kManual}) {
    ControlVerdict c;
    c.id = "C-" + std::to_string(v.controls.size() + 1);
    c.status = s;
    v.controls.push_back(c);
  }
  for (FileState s : {FileState::kRead, FileState::kNotRead, FileState::kPartial}) {
    FileRecord f;
    f.relative = "f" + std::to_string(v.files.size());
    f.state = s;
    v.files.push_back(f);
  }
  return v;
}

TEST(BatchIndex, DamagedAndHostileEntriesBecomeRowsInFolderOrder) {
  fs::path out = testing::TempDir("index-damaged");
  ApplicantVerdict zeta = Verdict("zeta", "=HYPERLINK(\"http://x\"), Ltd");
  WriteCoverage(out, zeta);
  ApplicantVerdict alpha = Verdict("alpha", "Alpha Pty");
  alpha.controls.clear();
  alpha.files.clear();
  alpha.error = "alpha/applicant.yaml: unknown checklist 'aws-nothing-9'";
  WriteCoverage(out, alpha);
  fs::create_directories(out / "broken");
  std::ofstream(out / "broken" / "coverage.json") << "{\"schema\": \"evcov-coverage/1\", ";
  fs::create_directories(out / "future");
  std::ofstream(out / "future" / "coverage.json") << "{\"schema\": \"evcov-coverage/9\"}";
  fs::create_directories(out / "no-coverage");  // ignored: not an applicant's outputs
  fs::create_directories(out / ".hidden");
  std::ofstream(out / ".hidden" / "coverage.json") << "{}";

  auto index = WriteBatchIndex(out.string(), testing::SourceDir(), /*write_pdf=*/true);
  ASSERT_TRUE(index.ok()) << index.error().ToString();
  std::vector<std::string> order;
  for (const IndexRow& r : index->rows) order.push_back(r.applicant);
  EXPECT_EQ(order, (std::vector<std::string>{"alpha", "broken", "future", "zeta"}));

  const IndexRow& a = index->rows[0];
  EXPECT_EQ(a.error, alpha.error);
  EXPECT_EQ(a.report, "");
  EXPECT_NE(index->rows[1].error.find("broken/coverage.json: not a valid coverage.json"),
            std::string::npos)
      << index->rows[1].error;
  EXPECT_NE(index->rows[2].error.find("evcov-coverage/9"), std::string::npos);
  const IndexRow& z = index->rows[3];
  EXPECT_EQ(z.error, "");
  EXPECT_EQ(z.Count(Status::kMet), 2);
  EXPECT_EQ(z.Count(Status::kPartial), 1);
  EXPECT_EQ(z.Count(Status::kManual), 1);
  EXPECT_EQ(z.files, 3);
  EXPECT_EQ(z.files_unread, 1);

  auto csv_bytes = ReadFile((out / "index.csv").string());
  ASSERT_TRUE(csv_bytes.ok());
  auto csv = ParseCsv(*csv_bytes);
  ASSERT_EQ(csv.size(), 5u);
  // The name is one cell, with its comma and quotes, and cannot run as a formula.
  EXPECT_EQ(csv[4][1], "'=HYPERLINK(\"http://x\"), Ltd");
  EXPECT_EQ(csv[1][10], alpha.error);
  json j = testing::ReadJsonFile((out / "index.json").string());
  EXPECT_EQ(j["applicants"][3]["name"], zeta.name);  // exact in JSON
  EXPECT_EQ(j["totals"]["applicant_errors"], 3);

  std::vector<std::string> pages = PdfPages((out / "index.pdf").string());
  ASSERT_EQ(pages.size(), 1u);
  std::string text = Squash(pages[0]);
  EXPECT_NE(text.find("Could not be judged: alpha/applicant.yaml"), std::string::npos) << text;
  EXPECT_NE(text.find("Alpha Pty"), std::string::npos) << text;
}

TEST(BatchIndex, ManyApplicantsContinueOnMorePagesAndAnEmptyFolderSaysSo) {
  fs::path out = testing::TempDir("index-many");
  auto empty = WriteBatchIndex(out.string(), testing::SourceDir(), true);
  ASSERT_TRUE(empty.ok()) << empty.error().ToString();
  std::vector<std::string> pages = PdfPages((out / "index.pdf").string());
  ASSERT_EQ(pages.size(), 1u);
  EXPECT_NE(Squash(pages[0]).find("No applicant folder"), std::string::npos);

  for (int i = 0; i < 60; ++i) {
    char folder[16];
    std::snprintf(folder, sizeof folder, "app-%02d", i);
    WriteCoverage(out, Verdict(folder, std::string("Applicant ") + folder));
  }
  auto index = WriteBatchIndex(out.string(), testing::SourceDir(), true);
  ASSERT_TRUE(index.ok()) << index.error().ToString();
  pages = PdfPages((out / "index.pdf").string());
  ASSERT_GT(pages.size(), 1u);
  std::string all;
  for (const auto& p : pages) all += Squash(p) + " ";
  for (int i = 0; i < 60; ++i) {
    char name[32];
    std::snprintf(name, sizeof name, "Applicant app-%02d", i);
    EXPECT_NE(all.find(name), std::string::npos) << name;
  }
}

}  // namespace
}  // namespace evcov
