// Isolated extraction: one file extracted in a child process under limits.
//
// Submitted files are untrusted, and the libraries that read them (Poppler,
// Leptonica, Tesseract, libxml2, libzip) can hang, crash or exhaust memory on a
// hostile or damaged input. ExtractFileIsolated starts the helper binary
// evcov-extract-child (fork, then exec at once: a fork of the multi-threaded run
// may not call anything that takes a lock), which runs ExtractFileInProcess
// (pipeline/extract.h) and writes the Document to a pipe as its JSON dump
// (pipeline/document_json.h). Whatever the child does, the caller gets a Result
// for that one file:
//   - the child's own Document or Error, unchanged;
//   - kLimit "timed out after N s" (wall clock or CPU time; the child is killed),
//     "exceeded the memory limit of N MiB", "output larger than N MiB";
//   - kInternal "crashed: SIGSEGV" (any fatal signal), an unreadable reply, or
//     a helper that cannot be run.
// Never throws. Thread-safe: several workers may isolate files at once. The
// child inherits only the pipe (stdout), stderr and /dev/null, and never writes
// files. The helper is found beside the running binary, or at
// $EVCOV_EXTRACT_HELPER.
#pragma once

#include <string>

#include "extractors/extractor.h"
#include "pipeline/document.h"
#include "pipeline/result.h"

namespace evcov {

struct IsolationLimits {
  // false: extract in the run's own process (faster, one bad file can take the
  // whole run down).
  bool enabled = true;
  // Wall-clock time per file, and also its CPU-time limit (RLIMIT_CPU). Scanned
  // PDFs cost seconds per page, more on a loaded machine (a 3-page scan took over
  // 60 s at load 8), so this bounds a pathological file, not a big one.
  int timeout_seconds = 300;
  // Memory the extraction may add to what the helper has mapped once its
  // libraries are loaded (RLIMIT_AS). Not enforced in sanitizer builds; see MemoryLimitEnforced.
  long memory_mib = 1024;
  // Size of the Document's JSON dump; text beyond this is not a real document.
  long output_mib = 256;
};

// Extracts `path` (named `relative` in the Document and in errors) in a child
// process under `limits`; `limits.enabled` is not consulted (the caller chose).
Result<Document> ExtractFileIsolated(const std::string& path, const std::string& relative,
                                     const ExtractOptions& options, const IsolationLimits& limits);

// False in AddressSanitizer builds, where the memory cap is skipped: ASan
// reserves terabytes of shadow address space, which any RLIMIT_AS would refuse.
bool MemoryLimitEnforced();

// main() of evcov-extract-child (cli/extract_child.cpp): the other end of
// ExtractFileIsolated. Returns the process exit status.
int ExtractionHelperMain(int argc, char** argv);

}  // namespace evcov
