// Running the pipeline: one applicant folder, or a batch of them, to outputs.
//
// discover -> extract (in parallel, one file = one task) -> match -> judge ->
// write coverage.json and report.pdf under OUT_DIR/<applicant>/, atomically.
// A file that cannot be read costs that file only (listed as not read with the
// reason); an applicant whose applicant.yaml or checklist is bad gets an error
// entry and the batch goes on. The input tree is only ever read.
#pragma once

#include <string>
#include <vector>

#include "extractors/extractor.h"
#include "pipeline/isolate.h"
#include "pipeline/shard.h"
#include "pipeline/verdict.h"

namespace evcov {

struct RunOptions {
  std::string data_dir;  // holds checklists/ and templates/
  ExtractOptions extract;
  int jobs = 0;        // worker threads; 0 = number of cores
  bool quiet = false;  // no progress lines on stderr
  bool write_pdf = true;
  // Each file is extracted in a child process under these limits (pipeline/isolate.h).
  IsolationLimits isolation;
  Shard shard;  // run: only the applicants of this shard (default: all)
  // Extraction cache (pipeline/cache.h): off with use_cache = false; an empty
  // cache_path means OUT_DIR/.evcov-cache.sqlite.
  bool use_cache = true;
  std::string cache_path;
};

struct RunSummary {
  int applicants = 0;
  int applicant_errors = 0;  // applicants that could not be judged
  int files_unread = 0;      // files not read across all applicants
  int write_errors = 0;      // outputs that could not be written
  int other_shards = 0;      // applicant folders left to other shards (--shard)
  int cache_hits = 0;        // files served by the extraction cache
  int extracted = 0;         // files extracted (cache misses, or no cache)
  int controls_missing = 0;  // across applicants (waived and manual are not counted)
  int controls_partial = 0;
};

// Judges one applicant folder (never throws; errors end up in the verdict).
// No extraction cache, no changes: those belong to an output folder.
ApplicantVerdict JudgeApplicant(const std::string& applicant_dir, const RunOptions& options);

// Writes coverage.json, self-assessment.xlsx and report.pdf for `verdict` into
// out_dir/<applicant>/, and changes.json when verdict.changes.has_previous (a
// stale changes.json is removed otherwise).
// Returns false (and prints the reason) when an output could not be written.
bool WriteApplicantOutputs(const ApplicantVerdict& verdict, const std::string& out_dir,
                           const RunOptions& options);

// Batch: every applicant folder of batch_dir (of options.shard only), then the
// batch index files of out_dir (pipeline/batch_index.h).
RunSummary RunBatch(const std::string& batch_dir, const std::string& out_dir,
                    const RunOptions& options);

// One applicant (partner pre-check) into out_dir/<applicant>/.
RunSummary CheckApplicant(const std::string& applicant_dir, const std::string& out_dir,
                          const RunOptions& options);

// The data folder: $EVCOV_DATA_DIR, else the source tree the binary was built from.
std::string DefaultDataDir();

}  // namespace evcov
