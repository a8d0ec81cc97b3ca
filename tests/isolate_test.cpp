// Hostile inputs and isolated extraction (pipeline/isolate.h): files built to
// attack the extractors (tests/fixtures/make_hostile.py), names, links and
// permissions made at test time, and children that hang, crash or run out of
// memory (EVCOV_TEST_CHILD_FAULT). Each costs its own file only: the good
// document beside it is still read and judged, and the input tree is unchanged.
#include "pipeline/isolate.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>

#include "pipeline/document_json.h"
#include "pipeline/extract.h"
#include "tests/cli_run.h"
#include "tests/test_util.h"

namespace evcov {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;
using testing::ReadJsonFile;
using testing::RunEvcovBinary;
using ::testing::StartsWith;

// Path -> hash of (kind, mode, content or link target) of everything below
// `dir`, links not followed: proves a run changed nothing.
std::map<std::string, size_t> HashTree(const std::string& dir) {
  std::map<std::string, size_t> out;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    std::string rel = e.path().lexically_relative(dir).string();
    struct stat st;
    if (lstat(e.path().c_str(), &st) != 0) continue;
    std::string what = std::to_string(st.st_mode) + ":";
    if (S_ISLNK(st.st_mode)) {
      what += fs::read_symlink(e.path()).string();
    } else if (S_ISREG(st.st_mode)) {
      auto bytes = ReadFile(e.path().string());
      what += bytes.ok() ? *bytes : "<unreadable>";
    }
    out[rel] = std::hash<std::string>{}(what);
  }
  return out;
}

// files[] of a coverage.json by file name.
std::map<std::string, nlohmann::json> FilesByName(const nlohmann::json& coverage) {
  std::map<std::string, nlohmann::json> out;
  for (const auto& f : coverage["files"]) out[f["file"].get<std::string>()] = f;
  return out;
}

// Cited for a control or for one of its criteria (a control may still be
// missing while one criterion is shown by `file`).
bool CitedAsEvidence(const nlohmann::json& coverage, const std::string& file) {
  auto cites = [&](const nlohmann::json& evidence) {
    for (const auto& e : evidence) {
      if (e["file"] == file) return true;
    }
    return false;
  };
  for (const auto& c : coverage["controls"]) {
    if (cites(c["evidence"])) return true;
    for (const auto& cr : c["criteria"]) {
      if (cites(cr["evidence"])) return true;
    }
  }
  return false;
}

std::string Hostile(const std::string& name) { return testing::Fixture("hostile/" + name); }

constexpr const char* kGood = "good-runbook.md";
constexpr size_t kDevopsControls = 38;  // aws-devops-4.0

// A batch with one applicant folder holding `good-runbook.md`; returns its path.
std::string MakeApplicant(const std::string& batch) {
  std::string dir = batch + "/acme";
  fs::create_directories(dir);
  std::ofstream(dir + "/applicant.yaml") << "name: Acme Cloud\nchecklist: aws-devops-4.0\n";
  fs::copy_file(Hostile(kGood), dir + "/" + kGood);
  return dir;
}

// The good document was read and the applicant judged against every control.
void ExpectGoodDocumentJudged(const nlohmann::json& coverage) {
  auto files = FilesByName(coverage);
  ASSERT_TRUE(files.count(kGood));
  EXPECT_EQ(files[kGood]["state"], "read") << files[kGood];
  EXPECT_FALSE(coverage.contains("error"));
  EXPECT_EQ(coverage["controls"].size(), kDevopsControls);
  EXPECT_TRUE(CitedAsEvidence(coverage, kGood));
}

TEST(Isolate, TheChildReturnsTheSameDocumentAsInProcessExtraction) {
  ExtractOptions options;
  auto isolated = ExtractFileIsolated(Hostile(kGood), kGood, options, IsolationLimits{});
  auto local = ExtractFileInProcess(Hostile(kGood), kGood, options);
  ASSERT_TRUE(isolated.ok()) << isolated.error().ToString();
  ASSERT_TRUE(local.ok());
  EXPECT_EQ(ToJson(*isolated), ToJson(*local));
}

TEST(Isolate, TheChildsErrorComesBackWithItsKindAndMessage) {
  auto isolated =
      ExtractFileIsolated(Hostile("truncated.pdf"), "truncated.pdf", {}, IsolationLimits{});
  auto local = ExtractFileInProcess(Hostile("truncated.pdf"), "truncated.pdf", {});
  ASSERT_FALSE(isolated.ok());
  ASSERT_FALSE(local.ok());
  EXPECT_EQ(isolated.error().kind, ErrorKind::kCorrupt);
  EXPECT_EQ(isolated.error().file, "truncated.pdf");
  EXPECT_EQ(isolated.error().message, local.error().message);
}

TEST(Isolate, OutputOverTheCapIsALimitError) {
  std::string dir = testing::TempDir("isolate-big");
  std::string path = dir + "/big.txt";
  {
    std::ofstream out(path);
    for (int i = 0; i < 40000; ++i) out << "Line " << i << " of a very long but plain text file.\n";
  }
  IsolationLimits limits;
  limits.output_mib = 1;
  auto doc = ExtractFileIsolated(path, "big.txt", {}, limits);
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.error().kind, ErrorKind::kLimit);
  EXPECT_EQ(doc.error().message, "output larger than 1 MiB");
  limits.output_mib = 16;
  EXPECT_TRUE(ExtractFileIsolated(path, "big.txt", {}, limits).ok());
  fs::remove_all(dir);
}

TEST(Hostile, ExternalEntityIsNotResolved) {
  auto doc = ExtractFileIsolated(Hostile("xxe.docx"), "xxe.docx", {}, IsolationLimits{});
  ASSERT_TRUE(doc.ok()) << doc.error().ToString();
  std::string text = testing::AllText(*doc);
  EXPECT_THAT(text, HasSubstr("Incident response runbook"));
  EXPECT_THAT(text, Not(HasSubstr("root:x:0:0")));
  EXPECT_THAT(text, Not(HasSubstr("/bin/")));
}

TEST(Hostile, BillionLaughsIsRefusedOrLiteralNeverExpanded) {
  auto doc = ExtractFileIsolated(Hostile("billion-laughs.svg"), "billion-laughs.svg", {},
                                 IsolationLimits{});
  if (doc.ok()) {
    EXPECT_LT(testing::AllText(*doc).size(), 1000u) << "entities were expanded";
  } else {
    EXPECT_EQ(doc.error().kind, ErrorKind::kCorrupt) << doc.error().ToString();
  }
}

TEST(Hostile, DeeplyNestedPdfIsStillRead) {
  auto doc = ExtractFileIsolated(Hostile("nested.pdf"), "nested.pdf", {}, IsolationLimits{});
  ASSERT_TRUE(doc.ok()) << doc.error().ToString();
  EXPECT_THAT(testing::AllText(*doc), HasSubstr("Backups are restored every quarter"));
}

// The whole hostile set in one applicant folder, through the real binary, with
// and without isolation: each file gets its specific error, nothing else breaks.
class HostileBatch : public ::testing::TestWithParam<bool> {};

TEST_P(HostileBatch, EachFileGetsItsErrorAndTheGoodDocumentIsJudged) {
  const bool isolated = GetParam();
  std::string batch = testing::TempDir(isolated ? "hostile-iso" : "hostile-inproc");
  std::string out = testing::TempDir(isolated ? "hostile-iso-out" : "hostile-inproc-out");
  std::string dir = MakeApplicant(batch);
  for (const char* name : {"xxe.docx", "billion-laughs.svg", "zip-bomb.docx", "huge-header.png",
                           "truncated.pdf", "nested.pdf"}) {
    fs::copy_file(Hostile(name), dir + "/" + name);
  }
  fs::create_symlink("/etc/passwd", dir + "/passwd.txt");
  fs::create_symlink("loop-b", dir + "/loop-a");
  fs::create_symlink("loop-a", dir + "/loop-b");
  std::ofstream(dir + "/bad\n\xffname.md") << "Release notes.\n";
  std::ofstream(dir + "/empty.txt");
  std::ofstream(dir + "/unreadable.txt") << "Backups are restored every quarter.\n";
  fs::permissions(dir + "/unreadable.txt", fs::perms::none);

  auto before = HashTree(batch);
  std::string log;
  int code = RunEvcovBinary(
      "run '" + batch + "' -o '" + out + "' --no-pdf -q -j 2" + (isolated ? "" : " --no-isolation"),
      &log);
  EXPECT_EQ(code, 1) << log;
  EXPECT_EQ(HashTree(batch), before);

  auto coverage = ReadJsonFile(out + "/acme/coverage.json");
  ExpectGoodDocumentJudged(coverage);
  EXPECT_THAT(coverage.dump(), Not(HasSubstr("root:x:0:0")));
  auto files = FilesByName(coverage);
  auto error = [&](const std::string& name) {
    EXPECT_TRUE(files.count(name)) << name << " not reported";
    return files[name].value("error", "");
  };
  auto state = [&](const std::string& name) { return files[name].value("state", ""); };

  EXPECT_EQ(state("xxe.docx"), "read");
  if (state("billion-laughs.svg") == "not-read") {
    EXPECT_THAT(error("billion-laughs.svg"), StartsWith("corrupt: "));
  }
  EXPECT_THAT(error("zip-bomb.docx"), StartsWith("limit: "));
  EXPECT_THAT(error("zip-bomb.docx"), HasSubstr("compression ratio"));
  EXPECT_THAT(error("huge-header.png"), StartsWith("limit: image is 100000 x 100000 pixels"));
  EXPECT_THAT(error("truncated.pdf"), StartsWith("corrupt: "));
  EXPECT_EQ(state("nested.pdf"), "read");
  EXPECT_EQ(state("passwd.txt"), "not-read");
  EXPECT_EQ(error("passwd.txt"), "symbolic link not followed (-> /etc/passwd)");
  EXPECT_EQ(error("loop-a"), "symbolic link not followed (-> loop-b)");
  EXPECT_EQ(error("loop-b"), "symbolic link not followed (-> loop-a)");
  EXPECT_EQ(state("bad\\n\\xffname.md"), "read");
  EXPECT_EQ(error("empty.txt"), "corrupt: empty file (0 bytes)");
  ASSERT_TRUE(files.count("unreadable.txt"));
  if (geteuid() != 0) {  // root reads it anyway
    EXPECT_EQ(state("unreadable.txt"), "not-read");
    EXPECT_THAT(error("unreadable.txt"), StartsWith("io: "));
  }
  fs::permissions(dir + "/unreadable.txt", fs::perms::owner_all);
  fs::remove_all(batch);
  fs::remove_all(out);
}

INSTANTIATE_TEST_SUITE_P(IsolatedAndInProcess, HostileBatch, ::testing::Bool());

// A child that hangs, crashes or exhausts its memory costs its own file only.
// `victim.md` is a good file the fault is aimed at; the runbook beside it is
// extracted by a healthy child. Each run writes into a fresh folder, so nothing
// comes from an extraction cache.
struct FaultRun {
  int code = -1;
  std::string log;
  nlohmann::json coverage;
};

FaultRun RunWithFault(const std::string& name, const std::string& fault, const std::string& flags) {
  std::string batch = testing::TempDir("fault-" + name);
  std::string out = testing::TempDir("fault-" + name + "-out");
  std::string dir = MakeApplicant(batch);
  // Other bytes than the runbook's: the extraction cache must not answer for it.
  std::ofstream(dir + "/victim.md") << "# Release notes\n\nDeployments are rolled back on alarm.\n";
  FaultRun r;
  r.code = RunEvcovBinary("run '" + batch + "' -o '" + out + "' --no-pdf -q -j 2 " + flags, &r.log,
                          "EVCOV_TEST_CHILD_FAULT=" + fault + " ");
  if (fs::exists(out + "/acme/coverage.json"))
    r.coverage = ReadJsonFile(out + "/acme/coverage.json");
  fs::remove_all(batch);
  fs::remove_all(out);
  return r;
}

TEST(IsolationFaults, AHangingChildIsKilledAtTheTimeout) {
  auto r = RunWithFault("hang", "hang:victim", "--timeout 1");
  ASSERT_EQ(r.code, 1) << r.log;
  EXPECT_EQ(FilesByName(r.coverage)["victim.md"]["error"], "limit: timed out after 1 s");
  ExpectGoodDocumentJudged(r.coverage);
}

TEST(IsolationFaults, ACrashingChildIsReportedWithItsSignal) {
  auto r = RunWithFault("crash", "crash:victim", "");
  ASSERT_EQ(r.code, 1) << r.log;
  EXPECT_EQ(FilesByName(r.coverage)["victim.md"]["error"], "internal: crashed: SIGSEGV");
  ExpectGoodDocumentJudged(r.coverage);
}

TEST(IsolationFaults, AChildOverItsMemoryLimitIsStopped) {
  if (!MemoryLimitEnforced()) GTEST_SKIP() << "no memory cap under sanitizers";
  auto r = RunWithFault("oom", "oom:victim", "--memory-mib 64");
  ASSERT_EQ(r.code, 1) << r.log;
  EXPECT_EQ(FilesByName(r.coverage)["victim.md"]["error"],
            "limit: exceeded the memory limit of 64 MiB");
  ExpectGoodDocumentJudged(r.coverage);
}

TEST(IsolationFaults, TheFaultHookActsOnlyInTheIsolatedChild) {
  auto r = RunWithFault("inproc", "crash:victim", "--no-isolation");
  ASSERT_EQ(r.code, 0) << r.log;
  EXPECT_EQ(FilesByName(r.coverage)["victim.md"]["state"], "read");
}

TEST(IsolationFaults, LimitsMustBePositive) {
  std::string batch = testing::TempDir("limits");
  std::string out = testing::TempDir("limits-out") + "/out";
  std::string dir = MakeApplicant(batch);
  std::string log;
  EXPECT_EQ(RunEvcovBinary("check '" + dir + "' -o '" + out + "' --timeout 0", &log), 2) << log;
  EXPECT_EQ(RunEvcovBinary("check '" + dir + "' -o '" + out + "' --memory-mib 0", &log), 2) << log;
  EXPECT_FALSE(fs::exists(out));
  EXPECT_EQ(
      RunEvcovBinary("check '" + dir + "' -o '" + out + "' --timeout 30 --memory-mib 512", &log), 0)
      << log;
  fs::remove_all(batch);
}

}  // namespace
}  // namespace evcov
