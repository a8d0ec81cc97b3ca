// The extraction cache (pipeline/cache.h): the API on its own, then nightly
// runs of the real binary over a copy of samples/batch: a warm run extracts
// nothing and judges the same, one edited file is the only one extracted
// again, --no-cache extracts everything, a damaged cache file costs a warning,
// and -j 1 and -j 2 write the same coverage.json.
#include "pipeline/cache.h"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <thread>

#include "pipeline/document_json.h"
#include "tests/cli_run.h"
#include "tests/test_util.h"

namespace evcov {
namespace {

namespace fs = std::filesystem;

// ---------------------------------------------------------------------------
// The API.

Document SampleDocument(const std::string& path) {
  Document d;
  d.path = path;
  d.media_type = "text/markdown";
  d.extractor = "text";
  d.page_count = 1;
  Block b;
  b.kind = BlockKind::kParagraph;
  b.text = "Backups run nightly and are restored monthly.";
  b.loc.heading_path = {"Operations", "Backups"};
  b.loc.confidence = 87.25f;
  d.blocks.push_back(b);
  d.warnings.push_back({"ocr-low-confidence", "page 1: low confidence", b.loc});
  return d;
}

TEST(ExtractionCache, StoresAndServesDocumentsUnderTheirNewName) {
  std::string dir = testing::TempDir("cache-api");
  std::string warning;
  auto cache = ExtractionCache::Open(dir + "/c.sqlite", "recipe-1", &warning);
  ASSERT_TRUE(cache.ok()) << cache.error().ToString();
  EXPECT_EQ(warning, "");
  CacheKey key{std::string(64, 'a'), "md"};
  EXPECT_FALSE((*cache)->Lookup(key, "runbook.md").has_value());
  (*cache)->Store(key, SampleDocument("runbook.md"));
  auto hit = (*cache)->Lookup(key, "ops/copy-of-runbook.md");
  ASSERT_TRUE(hit.has_value());
  ASSERT_TRUE(hit->ok());
  EXPECT_EQ((*hit)->path, "ops/copy-of-runbook.md");
  Document expected = SampleDocument("ops/copy-of-runbook.md");
  EXPECT_EQ(ToJson(**hit), ToJson(expected));
  // Another extension, recipe or content is another key.
  EXPECT_FALSE((*cache)->Lookup({key.sha256, "txt"}, "runbook.txt").has_value());
  EXPECT_FALSE((*cache)->Lookup({std::string(64, 'b'), "md"}, "runbook.md").has_value());
  cache->reset();
  auto other_recipe = ExtractionCache::Open(dir + "/c.sqlite", "recipe-2", &warning);
  ASSERT_TRUE(other_recipe.ok());
  EXPECT_FALSE((*other_recipe)->Lookup(key, "runbook.md").has_value());
  EXPECT_EQ((*other_recipe)->Size(), 1);
}

TEST(ExtractionCache, KeepsLastingErrorsButNotTransientOnes) {
  std::string dir = testing::TempDir("cache-errors");
  std::string warning;
  auto cache = ExtractionCache::Open(dir + "/c.sqlite", "r", &warning);
  ASSERT_TRUE(cache.ok());
  CacheKey encrypted{std::string(64, '1'), "pdf"};
  (*cache)->Store(encrypted, MakeError(ErrorKind::kEncrypted, "a.pdf", "password-protected"));
  auto hit = (*cache)->Lookup(encrypted, "b.pdf");
  ASSERT_TRUE(hit.has_value());
  ASSERT_FALSE(hit->ok());
  EXPECT_EQ(hit->error().kind, ErrorKind::kEncrypted);
  EXPECT_EQ(hit->error().file, "b.pdf");
  EXPECT_EQ(hit->error().message, "password-protected");
  for (ErrorKind kind : {ErrorKind::kLimit, ErrorKind::kInternal, ErrorKind::kIo}) {
    CacheKey key{std::string(64, static_cast<char>('2' + static_cast<int>(kind))), "pdf"};
    (*cache)->Store(key, MakeError(kind, "c.pdf", "timed out after 60 s"));
    EXPECT_FALSE((*cache)->Lookup(key, "c.pdf").has_value()) << ToString(kind);
  }
  EXPECT_EQ((*cache)->Size(), 1);
}

TEST(ExtractionCache, AFileThatIsNotADatabaseIsRecreatedWithAWarning) {
  std::string dir = testing::TempDir("cache-garbage");
  std::string path = dir + "/c.sqlite";
  std::ofstream(path) << std::string(4096, 'x');
  std::string warning;
  auto cache = ExtractionCache::Open(path, "r", &warning);
  ASSERT_TRUE(cache.ok()) << cache.error().ToString();
  EXPECT_NE(warning.find("recreated"), std::string::npos) << warning;
  CacheKey key{std::string(64, 'c'), "md"};
  (*cache)->Store(key, SampleDocument("x.md"));
  EXPECT_TRUE((*cache)->Lookup(key, "x.md").has_value());
  EXPECT_EQ((*cache)->problem(), "");
}

TEST(ExtractionCache, DamagedPagesAreNoticedAndTheFileStartsOverNextTime) {
  std::string dir = testing::TempDir("cache-damaged");
  std::string path = dir + "/c.sqlite";
  std::string warning;
  {
    auto cache = ExtractionCache::Open(path, "r", &warning);
    ASSERT_TRUE(cache.ok());
    for (int i = 0; i < 200; ++i) {
      (*cache)->Store({std::to_string(i), "md"}, SampleDocument("f.md"));
    }
  }
  // Fold the write-ahead log into the file, then overwrite all but its first page.
  {
    auto cache = ExtractionCache::Open(path, "r", &warning);
    ASSERT_TRUE(cache.ok());
  }
  auto size = fs::file_size(path);
  ASSERT_GT(size, 16384u);
  {
    std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(4096);
    f << std::string(size - 4096, '\x7f');
  }
  warning.clear();
  auto cache = ExtractionCache::Open(path, "r", &warning);
  ASSERT_TRUE(cache.ok()) << cache.error().ToString();
  int served = 0;
  for (int i = 0; i < 200; ++i)
    served += (*cache)->Lookup({std::to_string(i), "md"}, "f.md").has_value();
  std::string problem = (*cache)->problem();
  EXPECT_TRUE(!warning.empty() || !problem.empty()) << served;
  EXPECT_LT(served, 200);
  cache->reset();
  warning.clear();
  auto again = ExtractionCache::Open(path, "r", &warning);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ((*again)->Size(), 0);
  EXPECT_EQ((*again)->problem(), "");
}

TEST(ExtractionCache, ServesManyThreadsAtOnce) {
  std::string dir = testing::TempDir("cache-threads");
  std::string warning;
  auto opened = ExtractionCache::Open(dir + "/c.sqlite", "r", &warning);
  ASSERT_TRUE(opened.ok());
  ExtractionCache* cache = opened->get();
  std::vector<std::thread> threads;
  std::atomic<int> hits{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 50; ++i) {
        CacheKey key{std::to_string(t) + "-" + std::to_string(i), "md"};
        cache->Store(key, SampleDocument("f.md"));
        if (cache->Lookup(key, "f.md").has_value()) ++hits;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(hits.load(), 200);
  EXPECT_EQ(cache->Size(), 200);
  EXPECT_EQ(cache->problem(), "");
}

TEST(ExtractionCache, RecipeNamesEveryExtractorAndTheOptionsThatChangeOutput) {
  ExtractOptions options;
  std::string recipe = ExtractionRecipe(options);
  for (const auto& e : ExtractorRegistry::Builtin().extractors()) {
    EXPECT_NE(recipe.find(std::string(e->name()) + "@" + std::to_string(e->version())),
              std::string::npos)
        << e->name();
  }
  ExtractOptions no_ocr = options;
  no_ocr.ocr = false;
  ExtractOptions dpi = options;
  dpi.ocr_dpi = 150;
  ExtractOptions chars = options;
  chars.min_page_chars = 10;
  ExtractOptions lang = options;
  lang.ocr_lang = "deu";
  for (const ExtractOptions& o : {no_ocr, dpi, chars, lang}) {
    EXPECT_NE(ExtractionRecipe(o), recipe);
  }
  EXPECT_EQ(ExtractionRecipe(options), recipe);
}

TEST(ExtractionCache, HashesFileBytesAndNotesTheExtension) {
  std::string dir = testing::TempDir("cache-sha");
  std::ofstream(dir + "/abc.txt") << "abc";
  auto sha = Sha256OfFile(dir + "/abc.txt");
  ASSERT_TRUE(sha.ok());
  // FIPS 180-2, appendix B.1.
  EXPECT_EQ(*sha, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_FALSE(Sha256OfFile(dir + "/missing.txt").ok());
  EXPECT_EQ(ExtensionOf("ops/Runbook.MD"), "md");
  EXPECT_EQ(ExtensionOf("cases/a.b/README"), "");
  EXPECT_EQ(ExtensionOf(".hidden"), "");
}

// ---------------------------------------------------------------------------
// Nightly runs of the real binary.

struct Counts {
  int extracted = -1;
  int from_cache = -1;
};

// From the closing line "evcov: 2 applicants, 11 files: 1 extracted, 10 from cache".
Counts ParseCounts(const std::string& log) {
  std::smatch m;
  static const std::regex kLine(R"(files?: (\d+) extracted, (\d+) from cache)");
  Counts c;
  if (std::regex_search(log, m, kLine)) {
    c.extracted = std::stoi(m[1]);
    c.from_cache = std::stoi(m[2]);
  }
  return c;
}

nlohmann::json Coverage(const std::string& out, const std::string& applicant) {
  nlohmann::json j = testing::ReadJsonFile(out + "/" + applicant + "/coverage.json");
  j.erase("generated_at");
  return j;
}

// Evidence files of a batch: every regular file but each applicant.yaml.
int CountFiles(const std::string& dir) {
  int n = 0;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    n += e.is_regular_file() && e.path().filename() != "applicant.yaml";
  }
  return n;
}

class NightlyRun : public ::testing::Test {
 protected:
  void SetUp() override {
    batch_ = testing::TempDir("cache-batch");
    out_ = testing::TempDir("cache-out");
    fs::copy(testing::SampleBatch(), batch_, fs::copy_options::recursive);
    files_ = CountFiles(batch_);
  }
  std::string Run(const std::string& extra, int* code = nullptr) {
    std::string log;
    int c = testing::RunEvcovBinary("run '" + batch_ + "' -o '" + out_ + "' -j 2 --no-pdf " + extra,
                                    &log);
    if (code) *code = c;
    return log;
  }
  std::string batch_, out_;
  int files_ = 0;
};

TEST_F(NightlyRun, WarmRunExtractsNothingAndJudgesTheSame) {
  ASSERT_EQ(files_, 11);  // samples/batch as committed
  int code = 0;
  std::string cold = Run("", &code);
  EXPECT_EQ(code, 1) << cold;  // the legacy .doc is not read
  Counts c = ParseCounts(cold);
  EXPECT_EQ(c.extracted, files_) << cold;
  EXPECT_EQ(c.from_cache, 0);
  EXPECT_TRUE(fs::exists(out_ + "/.evcov-cache.sqlite"));
  auto harbour = Coverage(out_, "harbour-lane-software");
  auto kestrel = Coverage(out_, "kestrel-devops");
  for (const auto& f : kestrel["files"]) {
    EXPECT_EQ(f.value("sha", "").size(), 64u) << f["file"];
  }

  std::string warm = Run("", &code);
  EXPECT_EQ(code, 1) << warm;
  c = ParseCounts(warm);
  EXPECT_EQ(c.extracted, 0) << warm;
  EXPECT_EQ(c.from_cache, files_);
  // A Document from the cache judges exactly like a fresh one.
  EXPECT_EQ(Coverage(out_, "harbour-lane-software"), harbour);
  EXPECT_EQ(Coverage(out_, "kestrel-devops"), kestrel);

  std::string none = Run("--no-cache", &code);
  c = ParseCounts(none);
  EXPECT_EQ(c.extracted, files_) << none;
  EXPECT_EQ(c.from_cache, 0);
  EXPECT_NE(none.find("(cache off)"), std::string::npos);
}

TEST_F(NightlyRun, OnlyTheEditedFileIsExtractedAgain) {
  std::string cache = out_ + "/elsewhere.sqlite";
  std::string cold = Run("--cache '" + cache + "'");
  EXPECT_EQ(ParseCounts(cold).extracted, files_) << cold;
  EXPECT_FALSE(fs::exists(out_ + "/.evcov-cache.sqlite"));
  std::ofstream(batch_ + "/kestrel-devops/operations-runbook.md", std::ios::app)
      << "\n## Escalation\n\nThe on-call engineer escalates a P1 after 30 minutes.\n";
  std::string warm = Run("--cache '" + cache + "'");
  Counts c = ParseCounts(warm);
  EXPECT_EQ(c.extracted, 1) << warm;
  EXPECT_EQ(c.from_cache, files_ - 1);
  // The one miss was the edited file: its new bytes are in the cache now.
  auto sha = Sha256OfFile(batch_ + "/kestrel-devops/operations-runbook.md");
  ASSERT_TRUE(sha.ok());
  std::string warning;
  auto opened = ExtractionCache::Open(cache, ExtractionRecipe(ExtractOptions{}), &warning);
  ASSERT_TRUE(opened.ok());
  auto hit = (*opened)->Lookup({*sha, "md"}, "operations-runbook.md");
  ASSERT_TRUE(hit.has_value());
  ASSERT_TRUE(hit->ok());
  EXPECT_NE(testing::AllText(**hit).find("escalates a P1"), std::string::npos);
}

TEST_F(NightlyRun, ADamagedCacheFileCostsAWarningNotTheRun) {
  std::ofstream(out_ + "/.evcov-cache.sqlite") << "this is not an SQLite database\n"
                                               << std::string(8192, '\x7f');
  int code = 0;
  std::string log = Run("", &code);
  EXPECT_EQ(code, 1) << log;  // as without a cache: only the legacy .doc is unread
  EXPECT_NE(log.find("recreated it empty"), std::string::npos) << log;
  EXPECT_EQ(ParseCounts(log).extracted, files_);
  EXPECT_EQ(Coverage(out_, "kestrel-devops")["controls"].size(), 38u);
  EXPECT_EQ(ParseCounts(Run("")).from_cache, files_);
}

TEST_F(NightlyRun, OneAndTwoWorkersWriteTheSameCoverage) {
  std::string one = testing::TempDir("cache-j1");
  std::string two = testing::TempDir("cache-j2");
  std::string log1, log2;
  testing::RunEvcovBinary("run '" + batch_ + "' -o '" + one + "' -j 1 --no-pdf --no-cache -q",
                          &log1);
  testing::RunEvcovBinary("run '" + batch_ + "' -o '" + two + "' -j 2 --no-pdf --no-cache -q",
                          &log2);
  for (const char* applicant : {"harbour-lane-software", "kestrel-devops"}) {
    auto a = Coverage(one, applicant);
    auto b = Coverage(two, applicant);
    EXPECT_FALSE(a["controls"].empty()) << log1;
    // dump() compares key order and array order, not just values.
    EXPECT_EQ(a.dump(1), b.dump(1)) << applicant;
  }
  EXPECT_FALSE(fs::exists(one + "/.evcov-cache.sqlite"));
}

TEST_F(NightlyRun, FailOnGatesTheExitCode) {
  std::string log;
  std::string kestrel = batch_ + "/kestrel-devops";
  std::string check = "check '" + kestrel + "' -o '" + out_ + "' --no-pdf -q ";
  int code = testing::RunEvcovBinary(check + "--fail-on missing", &log);
  ASSERT_GT(Coverage(out_, "kestrel-devops")["counts"]["missing"].get<int>(), 0);
  EXPECT_EQ(code, 3) << log;
  EXPECT_EQ(testing::RunEvcovBinary(check + "--fail-on partial", &log), 3) << log;
  EXPECT_EQ(testing::RunEvcovBinary(check, &log), 1) << log;  // no gate: the unread .doc
  EXPECT_EQ(testing::RunEvcovBinary(check + "--fail-on met", &log), 2) << log;
}

// A checklist of two controls, one met and one partial, to tell the two
// thresholds apart: --fail-on missing passes, --fail-on partial fails.
TEST(FailOn, PartialIsAtOrBelowPartialButNotAtOrBelowMissing) {
  std::string data = testing::TempDir("gate-data");
  std::string applicant = testing::TempDir("gate-applicant");
  std::string out = testing::TempDir("gate-out");
  fs::create_directories(data + "/checklists");
  fs::copy(testing::SourceDir() + "/checklists/lexicon.xml", data + "/checklists/lexicon.xml");
  std::ofstream(data + "/checklists/gate-test.xml") << R"(<?xml version="1.0" encoding="UTF-8"?>
<checklist schema="1" id="gate-test" title="Gate test" version="1" seed="none">
  <section id="ops" title="Operations" group="practice">
    <group title="Runbooks">
      <control id="OPS-001" title="Restore tests" scope="practice">
        <requirement>Backups are restored on a schedule.</requirement>
        <criterion id="restore" label="Restore test">
          <terms>restore test*|restore drill*</terms>
        </criterion>
      </control>
      <control id="OPS-002" title="Paging and ledgers" scope="practice">
        <requirement>Engineers are paged and log restores; a ledger is kept.</requirement>
        <criterion id="pager" label="Paging"><terms>pagerduty</terms></criterion>
        <criterion id="log" label="Logged restores"><terms>logged result*</terms></criterion>
        <criterion id="ledger" label="Quantum ledger"><terms>quantum ledger</terms></criterion>
      </control>
    </group>
  </section>
</checklist>
)";
  std::ofstream(applicant + "/applicant.yaml") << "name: Gate Test\nchecklist: gate-test\n";
  std::ofstream(applicant + "/runbook.md")
      << "# Runbook\n\nThe platform team runs monthly restore tests of every backup: each "
         "restore test is a restore drill with a logged result.\n\n"
         "Alarms page the on-call engineer through PagerDuty.\n";
  std::string args =
      "check '" + applicant + "' -o '" + out + "' --no-pdf -q --data-dir '" + data + "' --fail-on ";
  std::string log;
  int missing = testing::RunEvcovBinary(args + "missing", &log);
  auto cov =
      testing::ReadJsonFile(out + "/" + fs::path(applicant).filename().string() + "/coverage.json");
  ASSERT_EQ(cov["counts"]["met"], 1) << cov.dump(1);
  ASSERT_EQ(cov["counts"]["partial"], 1) << cov.dump(1);
  EXPECT_EQ(missing, 0) << log;
  EXPECT_EQ(testing::RunEvcovBinary(args + "partial", &log), 3) << log;
}

}  // namespace
}  // namespace evcov
