#include "pipeline/isolate.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
#include <new>
#include <nlohmann/json.hpp>
#include <string_view>
#include <system_error>
#include <thread>
#include <vector>

#include "pipeline/document_json.h"
#include "pipeline/extract.h"

// Sanitizers map terabytes of shadow memory: under RLIMIT_AS they cannot start.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define EVCOV_SANITIZED_MEMORY 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(memory_sanitizer) || \
    __has_feature(thread_sanitizer)
#define EVCOV_SANITIZED_MEMORY 1
#endif
#endif

namespace evcov {

bool MemoryLimitEnforced() {
#ifdef EVCOV_SANITIZED_MEMORY
  return false;
#else
  return true;
#endif
}

namespace {

using Clock = std::chrono::steady_clock;

// The child's exit status when an allocation failed under the memory cap
// (std::new_handler); any other non-zero status is reported as a failure.
constexpr int kExitOutOfMemory = 86;
constexpr int kExitSetupFailed = 87;
constexpr int kExitExecFailed = 88;
constexpr const char* kHelperName = "evcov-extract-child";
constexpr long kMaxMib = 1L << 30;  // 1 PiB: "no limit" without overflowing a shift

std::string ErrnoText(int err) { return std::error_code(err, std::generic_category()).message(); }

std::string SignalName(int sig) {
  const char* abbrev = sigabbrev_np(sig);
  return abbrev ? std::string("SIG") + abbrev : "signal " + std::to_string(sig);
}

ErrorKind KindFromString(const std::string& s) {
  for (ErrorKind k : {ErrorKind::kUnsupported, ErrorKind::kCorrupt, ErrorKind::kEncrypted,
                      ErrorKind::kLimit, ErrorKind::kIo, ErrorKind::kInvalid}) {
    if (s == ToString(k)) return k;
  }
  return ErrorKind::kInternal;
}

std::string Dump(const nlohmann::json& j) {
  // Replace rather than throw on invalid UTF-8: a reply must always be sent.
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string ErrorReply(ErrorKind kind, const std::string& message) {
  return Dump({{"error", {{"kind", ToString(kind)}, {"message", message}}}});
}

// Closes every descriptor from `first` up: the child must hold no other
// worker's pipe (that worker would wait for EOF in vain), nor anything else.
void CloseDescriptorsFrom(int first) {
#ifdef SYS_close_range
  if (syscall(SYS_close_range, first, ~0U, 0) == 0) return;
#endif
  long max = sysconf(_SC_OPEN_MAX);
  if (max < 0 || max > 65536) max = 65536;
  for (int fd = first; fd < max; ++fd) close(fd);
}

// Bytes of address space the process has mapped now, from /proc/self/statm.
long long MappedBytes() {
  int fd = open("/proc/self/statm", O_RDONLY | O_CLOEXEC);
  if (fd < 0) return 0;
  char buf[128] = {};
  ssize_t n = read(fd, buf, sizeof buf - 1);
  close(fd);
  if (n <= 0) return 0;
  return std::atoll(buf) * sysconf(_SC_PAGESIZE);
}

void SetLimit(int resource, rlim_t soft, rlim_t hard) {
  rlimit r{soft, hard};
  setrlimit(resource, &r);  // best effort: the wall-clock timeout still holds
}

bool WriteAll(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

// EVCOV_TEST_CHILD_FAULT=hang|crash|oom[:NAME] exists for the tests only
// (tests/isolate_test.cpp): it makes the isolated child of every file (or of the
// files whose relative path contains NAME) hang, die of SIGSEGV or allocate
// without bound, so each outcome can be checked. Honoured only here, in the
// child; it changes nothing in-process.
void InjectTestFault(const std::string& relative, const IsolationLimits& limits) {
  const char* env = std::getenv("EVCOV_TEST_CHILD_FAULT");
  if (!env || !*env) return;
  std::string_view fault(env);
  if (auto colon = fault.find(':'); colon != std::string_view::npos) {
    if (relative.find(fault.substr(colon + 1)) == std::string::npos) return;
    fault = fault.substr(0, colon);
  }
  if (fault == "hang") {
    for (;;) pause();
  }
  if (fault == "crash") {
    // raise() rather than a null dereference, which is undefined behaviour and
    // which ASan/UBSan would turn into a report and a different exit.
    signal(SIGSEGV, SIG_DFL);
    raise(SIGSEGV);
  }
  if (fault == "oom") {
    // Bounded, so a build without the cap (sanitizers) cannot eat the machine.
    std::vector<std::unique_ptr<char[]>> hog;
    volatile char sink = 0;
    for (long i = 0; i < 2 * limits.memory_mib + 64; ++i) {
      hog.emplace_back(new char[1 << 20]);
      std::memset(hog.back().get(), static_cast<int>(i), 1 << 20);
      sink = static_cast<char>(sink + hog.back()[i % (1 << 20)]);
    }
  }
}

// The helper's path: $EVCOV_EXTRACT_HELPER, else beside the running binary
// (build/evcov and build/evcov_tests alike; an install keeps them together).
std::string HelperPath() {
  if (const char* env = std::getenv("EVCOV_EXTRACT_HELPER"); env && *env) return env;
  std::error_code ec;
  auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return kHelperName;
  return (self.parent_path() / kHelperName).string();
}

// The helper's command line; built before fork, since the forked child may
// only make async-signal-safe calls until it execs.
std::vector<std::string> HelperArgs(const std::string& path, const std::string& relative,
                                    const ExtractOptions& o, const IsolationLimits& limits) {
  return {HelperPath(),
          "--relative",
          relative,
          "--ocr",
          o.ocr ? "1" : "0",
          "--ocr-dpi",
          std::to_string(o.ocr_dpi),
          "--min-page-chars",
          std::to_string(o.min_page_chars),
          "--max-pixels",
          std::to_string(o.max_pixels),
          "--max-pages",
          std::to_string(o.max_pages),
          "--ocr-lang",
          o.ocr_lang,
          "--memory-mib",
          std::to_string(limits.memory_mib),
          "--",
          path};
}

// The forked child before exec: reply pipe on stdout, nothing else inherited,
// no core dumps, the CPU limit. Only async-signal-safe calls: another thread of
// the parent may have held any lock (malloc's, a library's) at fork time.
[[noreturn]] void ExecHelper(int reply_fd, char* const argv[], int cpu_seconds) {
  int null_fd = open("/dev/null", O_RDONLY);
  if (null_fd < 0 || dup2(null_fd, STDIN_FILENO) < 0 || dup2(reply_fd, STDOUT_FILENO) < 0) {
    _exit(kExitSetupFailed);
  }
  CloseDescriptorsFrom(STDERR_FILENO + 1);
  SetLimit(RLIMIT_CORE, 0, 0);  // a crash on a hostile file leaves no core dump behind
  const rlim_t cpu = static_cast<rlim_t>(cpu_seconds);
  SetLimit(RLIMIT_CPU, cpu, cpu + 1);
  execv(argv[0], argv);
  _exit(kExitExecFailed);
}

enum class ReadOutcome { kEof, kTimedOut, kTooLarge, kFailed };

// Reads the child's reply until EOF, the deadline or the size cap.
ReadOutcome ReadReply(int fd, Clock::time_point deadline, size_t cap, std::string* out, int* err) {
  char buf[1 << 16];
  for (;;) {
    auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) return ReadOutcome::kTimedOut;
    pollfd p{fd, POLLIN, 0};
    int r = poll(&p, 1, static_cast<int>(std::min<long long>(left, INT_MAX)));
    if (r < 0 && errno != EINTR) {
      *err = errno;
      return ReadOutcome::kFailed;
    }
    if (r <= 0) continue;
    ssize_t n = read(fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR || errno == EAGAIN) continue;
      *err = errno;
      return ReadOutcome::kFailed;
    }
    if (n == 0) return ReadOutcome::kEof;
    if (out->size() + static_cast<size_t>(n) > cap) return ReadOutcome::kTooLarge;
    out->append(buf, static_cast<size_t>(n));
  }
}

// Waits for the child; past the deadline it is killed. Returns the wait status
// and sets *killed when the deadline did it.
int Reap(pid_t pid, Clock::time_point deadline, bool* killed) {
  int status = 0;
  auto nap = std::chrono::microseconds(200);
  for (;;) {
    pid_t r = waitpid(pid, &status, WNOHANG);
    if (r == pid) return status;
    if (r < 0 && errno != EINTR) return 0;  // not our child any more: nothing to report
    if (Clock::now() >= deadline && !*killed) {
      kill(pid, SIGKILL);
      *killed = true;
    }
    std::this_thread::sleep_for(nap);
    nap = std::min(nap * 2, std::chrono::microseconds(20000));
  }
}

Result<Document> ParseReply(const std::string& reply, const std::string& relative) {
  auto j = nlohmann::json::parse(reply, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) {
    return MakeError(ErrorKind::kInternal, relative,
                     "the extraction process sent an unreadable reply (" +
                         std::to_string(reply.size()) + " bytes)");
  }
  if (j.contains("error")) {
    const auto& e = j["error"];
    return MakeError(KindFromString(e.value("kind", "")), relative, e.value("message", ""));
  }
  auto doc = DocumentFromJson(j);
  if (!doc.ok()) return MakeError(ErrorKind::kInternal, relative, doc.error().message);
  doc->path = relative;  // the reply's copy had invalid UTF-8 replaced
  return doc;
}

}  // namespace

Result<Document> ExtractFileIsolated(const std::string& path, const std::string& relative,
                                     const ExtractOptions& options, const IsolationLimits& limits) {
  std::vector<std::string> args = HelperArgs(path, relative, options, limits);
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) {
    return MakeError(ErrorKind::kInternal, relative,
                     "cannot create a pipe for isolated extraction: " + ErrnoText(errno));
  }
  const int seconds_limit = std::max(1, limits.timeout_seconds);
  const auto deadline = Clock::now() + std::chrono::seconds(seconds_limit);
  pid_t pid = fork();
  if (pid < 0) {
    int err = errno;
    close(fds[0]);
    close(fds[1]);
    return MakeError(ErrorKind::kInternal, relative,
                     "cannot start the extraction process: " + ErrnoText(err));
  }
  if (pid == 0) ExecHelper(fds[1], argv.data(), seconds_limit);
  close(fds[1]);

  std::string reply;
  int err = 0;
  const size_t cap = static_cast<size_t>(std::clamp(limits.output_mib, 1L, kMaxMib)) << 20;
  ReadOutcome outcome = ReadReply(fds[0], deadline, cap, &reply, &err);
  close(fds[0]);
  bool killed = false;
  if (outcome != ReadOutcome::kEof) {
    kill(pid, SIGKILL);
    killed = true;
  }
  int status = Reap(pid, deadline, &killed);

  const std::string seconds = std::to_string(limits.timeout_seconds) + " s";
  if (outcome == ReadOutcome::kTooLarge) {
    return MakeError(ErrorKind::kLimit, relative,
                     "output larger than " + std::to_string(limits.output_mib) + " MiB");
  }
  if (outcome == ReadOutcome::kTimedOut || (killed && outcome == ReadOutcome::kEof)) {
    return MakeError(ErrorKind::kLimit, relative, "timed out after " + seconds);
  }
  if (outcome == ReadOutcome::kFailed) {
    return MakeError(ErrorKind::kInternal, relative,
                     "cannot read from the extraction process: " + ErrnoText(err));
  }
  if (WIFSIGNALED(status)) {
    int sig = WTERMSIG(status);
    if (sig == SIGXCPU) {
      return MakeError(ErrorKind::kLimit, relative, "timed out after " + seconds + " of CPU time");
    }
    return MakeError(ErrorKind::kInternal, relative, "crashed: " + SignalName(sig));
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) == kExitExecFailed) {
    return MakeError(ErrorKind::kInternal, relative,
                     "cannot run the extraction helper " + args.front() +
                         " (install it beside evcov, or set EVCOV_EXTRACT_HELPER)");
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) == kExitOutOfMemory) {
    return MakeError(ErrorKind::kLimit, relative,
                     "exceeded the memory limit of " + std::to_string(limits.memory_mib) + " MiB");
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) != 0) {
    // E.g. a sanitizer report, printed on stderr by the child.
    return MakeError(ErrorKind::kInternal, relative,
                     "crashed: the extraction process exited with status " +
                         std::to_string(WEXITSTATUS(status)));
  }
  return ParseReply(reply, relative);
}

namespace {

// Minimal argument reading: the helper is only ever started by
// ExtractFileIsolated, with the arguments HelperArgs writes.
bool ParseHelperArgs(int argc, char** argv, std::string* path, std::string* relative,
                     ExtractOptions* o, long* memory_mib) {
  for (int i = 1; i < argc; ++i) {
    std::string_view flag = argv[i];
    if (flag == "--") {
      if (i + 2 != argc) return false;
      *path = argv[i + 1];
      return true;
    }
    if (i + 1 >= argc) return false;
    std::string value = argv[++i];
    try {
      if (flag == "--relative")
        *relative = value;
      else if (flag == "--ocr")
        o->ocr = value == "1";
      else if (flag == "--ocr-dpi")
        o->ocr_dpi = std::stoi(value);
      else if (flag == "--min-page-chars")
        o->min_page_chars = std::stoi(value);
      else if (flag == "--max-pixels")
        o->max_pixels = std::stol(value);
      else if (flag == "--max-pages")
        o->max_pages = std::stoi(value);
      else if (flag == "--ocr-lang")
        o->ocr_lang = value;
      else if (flag == "--memory-mib")
        *memory_mib = std::stol(value);
      else
        return false;
    } catch (const std::exception&) {
      return false;
    }
  }
  return false;
}

}  // namespace

int ExtractionHelperMain(int argc, char** argv) {
  std::string path, relative;
  ExtractOptions options;
  IsolationLimits limits;
  if (!ParseHelperArgs(argc, argv, &path, &relative, &options, &limits.memory_mib)) {
    std::fprintf(stderr, "%s: started by evcov for isolated extraction, not by hand\n", argv[0]);
    return 2;
  }
  setenv("OMP_THREAD_LIMIT", "1", 0);  // one file per process: no OpenMP threads in Tesseract
  if (MemoryLimitEnforced()) {
    // On top of what the helper has mapped once loaded (its libraries), so the
    // cap measures the extraction alone.
    const rlim_t cap = static_cast<rlim_t>(MappedBytes()) +
                       (static_cast<rlim_t>(std::clamp(limits.memory_mib, 1L, kMaxMib)) << 20);
    SetLimit(RLIMIT_AS, cap, cap);
    std::set_new_handler([] { _exit(kExitOutOfMemory); });
  }
  InjectTestFault(relative, limits);
  std::string reply;
  try {
    auto doc = ExtractFileInProcess(path, relative, options);
    reply = doc.ok() ? Dump(ToJson(*doc)) : ErrorReply(doc.error().kind, doc.error().message);
  } catch (const std::exception& e) {
    reply = ErrorReply(ErrorKind::kInternal, std::string("extractor failed: ") + e.what());
  }
  return WriteAll(STDOUT_FILENO, reply) ? 0 : kExitSetupFailed;
}

}  // namespace evcov
