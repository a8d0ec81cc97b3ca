// Sharding and merging (pipeline/shard.h): shards run as separate processes
// and merged give the same index as one run; duplicates that disagree are
// refused, naming both folders.
#include "pipeline/shard.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "pipeline/atomic_file.h"
#include "tests/cli_run.h"
#include "tests/test_util.h"

namespace evcov {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::set<std::string> ApplicantFolders(const std::string& out) {
  std::set<std::string> names;
  for (const auto& e : fs::directory_iterator(out)) {
    if (fs::exists(e.path() / "coverage.json")) names.insert(e.path().filename());
  }
  return names;
}

json WithoutTimestamp(json index) {
  index.erase("generated_at");
  return index;
}

TEST(Shard, ParsesZeroBasedKOfNAndRefusesTheRest) {
  auto s = ParseShard("1/3");
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->index, 1);
  EXPECT_EQ(s->count, 3);
  EXPECT_TRUE(ParseShard("0/1").ok());
  for (const char* bad : {"3/3", "-1/2", "1/0", "1", "a/2", "1/2x", "/2", "1/"}) {
    auto r = ParseShard(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().kind, ErrorKind::kInvalid);
    EXPECT_NE(r.error().message.find(bad), std::string::npos);
  }
}

TEST(Shard, HashIsFnv1a64AndEveryNameHasExactlyOneShard) {
  // Published FNV-1a 64 test vectors.
  EXPECT_EQ(Fnv1a64(""), 0xcbf29ce484222325ULL);
  EXPECT_EQ(Fnv1a64("a"), 0xaf63dc4c8601ec8cULL);
  EXPECT_EQ(Fnv1a64("foobar"), 0x85944171f73967e8ULL);
  for (const char* name : {"harbour-lane-software", "kestrel-devops", "x", ""}) {
    EXPECT_TRUE(InShard(name, Shard{}));
    int owners = 0;
    for (int k = 0; k < 5; ++k) owners += InShard(name, Shard{k, 5}) ? 1 : 0;
    EXPECT_EQ(owners, 1) << name;
  }
}

TEST(Shard, TwoShardsMergedEqualOneRun) {
  std::string root = testing::TempDir("shard-merge");
  // samples/batch plus one small applicant, so that both shards get work:
  // both sample folder names hash to shard 1, "tern-cloud" to shard 0.
  fs::copy(testing::SampleBatch(), root + "/batch", fs::copy_options::recursive);
  fs::create_directories(root + "/batch/tern-cloud");
  std::ofstream(root + "/batch/tern-cloud/applicant.yaml")
      << "name: Tern Cloud\nchecklist: aws-devops-4.0\n";
  std::ofstream(root + "/batch/tern-cloud/runbook.md")
      << "# Runbook\n\nOn-call engineers follow this runbook for incidents.\n";
  std::string batch = "'" + root + "/batch'";
  std::string log;
  int single = testing::RunEvcovBinary("run " + batch + " -o '" + root + "/single' -q -j 2", &log);
  ASSERT_EQ(single, 1) << log;  // one unreadable legacy file in the samples

  std::set<std::string> seen;
  std::vector<size_t> per_shard;
  for (int k = 0; k < 2; ++k) {
    std::string out = root + "/shard-" + std::to_string(k);
    int code = testing::RunEvcovBinary(
        "run " + batch + " -o '" + out + "' -q -j 2 --shard " + std::to_string(k) + "/2", &log);
    EXPECT_LE(code, 1) << log;
    EXPECT_TRUE(fs::exists(out + "/index.json")) << "every shard writes its own index";
    per_shard.push_back(ApplicantFolders(out).size());
    for (const std::string& name : ApplicantFolders(out)) {
      EXPECT_EQ(Fnv1a64(name) % 2, static_cast<uint64_t>(k)) << name;
      EXPECT_TRUE(seen.insert(name).second) << name << " judged by two shards";
    }
  }
  EXPECT_EQ(per_shard, (std::vector<size_t>{1, 2}));
  EXPECT_EQ(seen, ApplicantFolders(root + "/single"));
  EXPECT_EQ(seen.size(), 3u);

  int merged = testing::RunEvcovBinary(
      "merge '" + root + "/shard-0' '" + root + "/shard-1' -o '" + root + "/merged'", &log);
  EXPECT_EQ(merged, single) << log;
  json a = testing::ReadJsonFile(root + "/single/index.json");
  json b = testing::ReadJsonFile(root + "/merged/index.json");
  EXPECT_EQ(WithoutTimestamp(a), WithoutTimestamp(b));
  EXPECT_TRUE(fs::exists(root + "/merged/index.csv"));
  EXPECT_TRUE(fs::exists(root + "/merged/index.pdf"));
  for (const std::string& name : seen) {
    for (const char* file : {"coverage.json", "report.pdf", "self-assessment.xlsx"}) {
      std::string shard = root + "/shard-" + std::to_string(Fnv1a64(name) % 2) + "/" + name;
      auto original = ReadFile(shard + "/" + file);
      auto copy = ReadFile(root + "/merged/" + name + "/" + file);
      ASSERT_TRUE(original.ok() && copy.ok()) << name << "/" << file;
      EXPECT_TRUE(*original == *copy) << name << "/" << file;
    }
  }
}

// A hand-made applicant output folder.
void FakeApplicant(const std::string& out, const std::string& name, const std::string& extra) {
  json cov = {{"schema", "evcov-coverage/1"},  {"applicant", name},      {"name", name + extra},
              {"checklist", "aws-devops-4.0"}, {"counts", {{"met", 1}}}, {"files", json::array()},
              {"controls", json::array()}};
  ASSERT_TRUE(WriteFileAtomic(out + "/" + name + "/coverage.json", cov.dump()).ok());
}

TEST(Shard, MergeRefusesConflictingDuplicatesNamingBothAndAcceptsIdenticalOnes) {
  std::string root = testing::TempDir("shard-conflict");
  FakeApplicant(root + "/a", "acme", "");
  FakeApplicant(root + "/a", "bolt", "");
  FakeApplicant(root + "/b", "acme", " (rerun)");
  FakeApplicant(root + "/b", "bolt", "");  // the same bytes: not a conflict
  std::string log;
  EXPECT_EQ(testing::RunEvcovBinary(
                "merge '" + root + "/a' '" + root + "/b' -o '" + root + "/m' --no-pdf", &log),
            2);
  EXPECT_NE(log.find("'acme' is in both " + root + "/a/acme and " + root + "/b/acme"),
            std::string::npos)
      << log;
  EXPECT_EQ(log.find("'bolt'"), std::string::npos) << log;
  EXPECT_FALSE(fs::exists(root + "/m/acme")) << "nothing is copied when a conflict is found";
  EXPECT_FALSE(fs::exists(root + "/m/bolt"));

  fs::remove_all(root + "/b/acme");
  EXPECT_EQ(testing::RunEvcovBinary(
                "merge '" + root + "/a' '" + root + "/b' -o '" + root + "/m' --no-pdf", &log),
            0)
      << log;
  json index = testing::ReadJsonFile(root + "/m/index.json");
  ASSERT_EQ(index["applicants"].size(), 2u);
  EXPECT_EQ(index["applicants"][0]["applicant"], "acme");
  EXPECT_EQ(index["applicants"][1]["applicant"], "bolt");
}

TEST(Shard, AnEmptyShardSucceedsAndABadShardIsAUsageError) {
  std::string root = testing::TempDir("shard-empty");
  std::string batch = root + "/batch";
  fs::create_directories(batch + "/solo");
  std::ofstream(batch + "/solo/applicant.yaml") << "name: Solo\nchecklist: aws-devops-4.0\n";
  std::ofstream(batch + "/solo/runbook.md") << "# Runbook\n\nOn-call engineers follow it.\n";
  int other = Fnv1a64("solo") % 2 == 0 ? 1 : 0;
  std::string log;
  EXPECT_EQ(testing::RunEvcovBinary("run '" + batch + "' -o '" + root + "/out' -q --no-pdf " +
                                        "--shard " + std::to_string(other) + "/2",
                                    &log),
            0)
      << log;
  json index = testing::ReadJsonFile(root + "/out/index.json");
  EXPECT_TRUE(index["applicants"].empty());
  EXPECT_FALSE(fs::exists(root + "/out/solo"));
  EXPECT_EQ(testing::RunEvcovBinary(
                "run '" + batch + "' -o '" + root + "/out2' -q --no-pdf --shard 2/2", &log),
            2);
  EXPECT_NE(log.find("0-based"), std::string::npos) << log;
}

}  // namespace
}  // namespace evcov
