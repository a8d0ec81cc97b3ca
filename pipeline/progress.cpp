#include "pipeline/progress.h"

#include <unistd.h>

#include <cstdio>

namespace evcov {

namespace {

// "1:05", "12:00", "1:02:03".
std::string Duration(long long seconds) {
  char buf[32];
  if (seconds >= 3600) {
    std::snprintf(buf, sizeof buf, "%lld:%02lld:%02lld", seconds / 3600, seconds / 60 % 60,
                  seconds % 60);
  } else {
    std::snprintf(buf, sizeof buf, "%lld:%02lld", seconds / 60, seconds % 60);
  }
  return buf;
}

constexpr auto kRedrawEvery = std::chrono::milliseconds(200);

}  // namespace

std::string ProgressStatusLine(const ProgressCounts& c, double elapsed_seconds) {
  std::string line = "evcov: files " + std::to_string(c.files_done) + "/" +
                     std::to_string(c.files_total) + " (" + std::to_string(c.files_cached) +
                     " from cache) \xC2\xB7 applicants " + std::to_string(c.applicants_done) + "/" +
                     std::to_string(c.applicants_total);
  if (c.files_done < c.files_total && c.bytes_done > 0 && elapsed_seconds >= 1.0) {
    double rate = static_cast<double>(c.bytes_done) / elapsed_seconds;
    auto left = static_cast<long long>(static_cast<double>(c.bytes_total - c.bytes_done) / rate);
    line += " \xC2\xB7 ETA " + Duration(left);
  } else if (c.files_done == c.files_total && c.applicants_done < c.applicants_total) {
    line += " \xC2\xB7 judging";
  }
  return line;
}

ProgressDisplay::Mode ProgressDisplay::ModeForStderr(bool quiet) {
  if (quiet) return Mode::kQuiet;
  return isatty(STDERR_FILENO) ? Mode::kLive : Mode::kLines;
}

ProgressDisplay::ProgressDisplay(Mode mode, std::ostream* out)
    : mode_(mode), out_(out), start_(std::chrono::steady_clock::now()) {}

ProgressDisplay::~ProgressDisplay() { Clear(); }

void ProgressDisplay::Start(int files, long long bytes, int applicants) {
  std::lock_guard lock(mu_);
  counts_ = {};
  counts_.files_total = files;
  counts_.bytes_total = bytes;
  counts_.applicants_total = applicants;
  start_ = std::chrono::steady_clock::now();
  Draw(true);
}

void ProgressDisplay::FileDone(long long bytes, bool from_cache) {
  std::lock_guard lock(mu_);
  ++counts_.files_done;
  if (from_cache) ++counts_.files_cached;
  counts_.bytes_done += bytes;
  Draw(counts_.files_done == counts_.files_total);
}

void ProgressDisplay::ApplicantDone() {
  std::lock_guard lock(mu_);
  ++counts_.applicants_done;
  Draw(true);
}

void ProgressDisplay::Log(const std::string& line) {
  std::lock_guard lock(mu_);
  if (mode_ == Mode::kQuiet) return;
  EraseLocked();
  *out_ << line << "\n";
  Draw(true);
}

void ProgressDisplay::Warn(const std::string& line) {
  std::lock_guard lock(mu_);
  EraseLocked();
  *out_ << line << "\n";
  Draw(true);
}

void ProgressDisplay::Clear() {
  std::lock_guard lock(mu_);
  EraseLocked();
}

void ProgressDisplay::EraseLocked() {
  if (!drawn_) return;
  *out_ << "\r\033[K" << std::flush;  // carriage return, erase to the end of the line
  drawn_ = false;
}

void ProgressDisplay::Draw(bool force) {
  if (mode_ != Mode::kLive || counts_.files_total + counts_.applicants_total == 0) return;
  auto now = std::chrono::steady_clock::now();
  if (!force && drawn_ && now - last_draw_ < kRedrawEvery) return;
  last_draw_ = now;
  double elapsed = std::chrono::duration<double>(now - start_).count();
  *out_ << "\r\033[K" << ProgressStatusLine(counts_, elapsed) << std::flush;
  drawn_ = true;
}

}  // namespace evcov
