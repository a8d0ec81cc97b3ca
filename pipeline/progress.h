// Progress of a run on stderr.
//
// Three modes, chosen once per run:
//   kQuiet  nothing but warnings (--quiet);
//   kLines  one plain line per event, for logs and pipes (stderr not a terminal);
//   kLive   stderr is a terminal: the same lines, plus one status line kept at
//           the bottom and redrawn in place ("files 12/40 (5 from cache) ·
//           applicants 0/3 · ETA 1:05").
// The ETA assumes the bytes still to extract go at the rate so far; files from
// the cache make it optimistic early on, large scans pessimistic. It is a hint.
//
// Thread-safe: extraction workers report files from several threads.
#pragma once

#include <chrono>
#include <mutex>
#include <ostream>
#include <string>

namespace evcov {

struct ProgressCounts {
  int files_total = 0;
  int files_done = 0;
  int files_cached = 0;  // of files_done, served by the extraction cache
  long long bytes_total = 0;
  long long bytes_done = 0;
  int applicants_total = 0;
  int applicants_done = 0;
};

// The live status line for `counts` after `elapsed_seconds` (no newline, no
// terminal codes). The ETA is left out until a second has passed.
std::string ProgressStatusLine(const ProgressCounts& counts, double elapsed_seconds);

class ProgressDisplay {
 public:
  enum class Mode { kQuiet, kLines, kLive };

  // kQuiet when `quiet`, else kLive when stderr is a terminal, else kLines.
  static Mode ModeForStderr(bool quiet);

  explicit ProgressDisplay(Mode mode, std::ostream* out);
  ~ProgressDisplay();  // erases the status line
  ProgressDisplay(const ProgressDisplay&) = delete;
  ProgressDisplay& operator=(const ProgressDisplay&) = delete;

  void Start(int files, long long bytes, int applicants);
  void FileDone(long long bytes, bool from_cache);
  void ApplicantDone();

  // A log line (no trailing newline), shown above the status line; dropped
  // when quiet.
  void Log(const std::string& line);
  // A warning: shown even when quiet.
  void Warn(const std::string& line);
  // Erases the status line so that other code may write to stderr; the next
  // event draws it again.
  void Clear();

 private:
  void Draw(bool force);  // mutex held
  void EraseLocked();     // mutex held

  std::mutex mu_;
  Mode mode_;
  std::ostream* out_;
  ProgressCounts counts_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_;
  bool drawn_ = false;
};

}  // namespace evcov
