// The progress display (pipeline/progress.h): what the live status line says,
// and that only a terminal gets it.
#include "pipeline/progress.h"

#include <gtest/gtest.h>

#include <sstream>

namespace evcov {
namespace {

TEST(ProgressStatusLine, CountsFilesCacheHitsApplicantsAndAnEta) {
  ProgressCounts c;
  c.files_total = 40;
  c.files_done = 10;
  c.files_cached = 4;
  c.bytes_total = 4000;
  c.bytes_done = 1000;
  c.applicants_total = 3;
  // A quarter of the bytes in 20 s: 60 s to go.
  EXPECT_EQ(ProgressStatusLine(c, 20.0),
            "evcov: files 10/40 (4 from cache) \xC2\xB7 applicants 0/3 \xC2\xB7 ETA 1:00");
  // No ETA from the first instant's rate.
  EXPECT_EQ(ProgressStatusLine(c, 0.5),
            "evcov: files 10/40 (4 from cache) \xC2\xB7 applicants 0/3");
  c.bytes_done = 1;
  EXPECT_NE(ProgressStatusLine(c, 3600.0).find("ETA 3999:00:00"), std::string::npos);
  c.files_done = 40;
  c.bytes_done = 4000;
  c.applicants_done = 1;
  EXPECT_EQ(ProgressStatusLine(c, 60.0),
            "evcov: files 40/40 (4 from cache) \xC2\xB7 applicants 1/3 \xC2\xB7 judging");
}

TEST(ProgressDisplay, LinesModeWritesPlainLinesAndQuietOnlyWarnings) {
  std::ostringstream lines;
  {
    ProgressDisplay d(ProgressDisplay::Mode::kLines, &lines);
    d.Start(2, 100, 1);
    d.FileDone(50, true);
    d.Log("evcov: acme: 1 met");
    d.ApplicantDone();
  }
  EXPECT_EQ(lines.str(), "evcov: acme: 1 met\n");  // no status line, no terminal codes
  std::ostringstream quiet;
  {
    ProgressDisplay d(ProgressDisplay::Mode::kQuiet, &quiet);
    d.Start(1, 1, 1);
    d.Log("evcov: acme: 1 met");
    d.Warn("evcov: warning: cache recreated");
  }
  EXPECT_EQ(quiet.str(), "evcov: warning: cache recreated\n");
}

TEST(ProgressDisplay, LiveModeRedrawsOneLineInPlaceAndErasesIt) {
  std::ostringstream out;
  {
    ProgressDisplay d(ProgressDisplay::Mode::kLive, &out);
    d.Start(1, 10, 1);
    d.FileDone(10, false);
    d.Log("evcov: acme: 1 met");
  }
  std::string s = out.str();
  EXPECT_EQ(s.rfind("\r\033[Kevcov: files 0/1 (0 from cache)", 0), 0u) << s;
  EXPECT_NE(s.find("\r\033[Kevcov: files 1/1 (0 from cache)"), std::string::npos);
  // The log line goes on a line of its own, the status line is erased at the end.
  EXPECT_NE(s.find("\r\033[Kevcov: acme: 1 met\n"), std::string::npos) << s;
  EXPECT_TRUE(s.ends_with("\r\033[K")) << s;
}

}  // namespace
}  // namespace evcov
