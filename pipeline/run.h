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
#include "pipeline/verdict.h"

namespace evcov {

struct RunOptions {
  std::string data_dir;  // holds checklists/ and templates/
  ExtractOptions extract;
  int jobs = 0;        // worker threads; 0 = number of cores
  bool quiet = false;  // no progress lines on stderr
  bool write_pdf = true;
};

struct RunSummary {
  int applicants = 0;
  int applicant_errors = 0;  // applicants that could not be judged
  int files_unread = 0;      // files not read across all applicants
  int write_errors = 0;      // outputs that could not be written
};

// Judges one applicant folder (never throws; errors end up in the verdict).
ApplicantVerdict JudgeApplicant(const std::string& applicant_dir, const RunOptions& options);

// Writes coverage.json and report.pdf for `verdict` into out_dir/<applicant>/.
// Returns false (and prints the reason) when an output could not be written.
bool WriteApplicantOutputs(const ApplicantVerdict& verdict, const std::string& out_dir,
                           const RunOptions& options);

// Batch: every applicant folder of batch_dir, then the batch index files.
RunSummary RunBatch(const std::string& batch_dir, const std::string& out_dir,
                    const RunOptions& options);

// One applicant (partner pre-check) into out_dir/<applicant>/.
RunSummary CheckApplicant(const std::string& applicant_dir, const std::string& out_dir,
                          const RunOptions& options);

// The data folder: $EVCOV_DATA_DIR, else the source tree the binary was built from.
std::string DefaultDataDir();

}  // namespace evcov
