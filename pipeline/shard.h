// Splitting one batch over several machines, and joining their outputs again.
//
// A shard is "K/N" with 0-based K (0 <= K < N), so the completion index of a
// Kubernetes Indexed Job, AWS_BATCH_JOB_ARRAY_INDEX and a Slurm array started
// at 0 can be passed as they are. An applicant belongs to shard K when the
// FNV-1a 64 hash of its folder name, mod N, is K: the split depends only on the
// name, never on the build, the machine or which other applicants exist, so
// shards run anywhere agree on who does what.
//
// MergeOutputs copies the applicant folders of several output folders into one
// and writes one batch index. It checks everything before copying anything: an
// applicant found in two inputs with different contents is an error naming
// both folders, and nothing is written.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "pipeline/result.h"

namespace evcov {

struct Shard {
  int index = 0;  // K, 0-based
  int count = 1;  // N; 1 = the whole batch
};

// Parses "K/N" (0 <= K < N, N >= 1); kInvalid with the reason otherwise.
Result<Shard> ParseShard(const std::string& text);

// FNV-1a 64 of the bytes of `text`; stable across builds and platforms.
uint64_t Fnv1a64(const std::string& text);

// Whether the applicant whose folder is named `folder_name` belongs to `shard`.
bool InShard(const std::string& folder_name, const Shard& shard);

struct MergeOptions {
  std::string data_dir;   // holds templates/ for index.pdf
  bool write_pdf = true;  // index.pdf
};

struct MergeSummary {
  int applicants = 0;        // applicant folders in the merged folder
  int applicant_errors = 0;  // of those, applicants that could not be judged
  int files_unread = 0;      // files not read, across all applicants
};

// Copies every applicant folder (a folder holding coverage.json) of each of
// `inputs` into `merged_dir`, each file atomically, then writes the batch
// index of `merged_dir`. An applicant present in several inputs with
// byte-identical files is copied once; with different files it is a conflict.
// Errors: kInvalid for conflicts (all of them, one per line) or an input that
// is not a folder, kIo when a file cannot be read or written.
Result<MergeSummary> MergeOutputs(const std::vector<std::string>& inputs,
                                  const std::string& merged_dir, const MergeOptions& options);

}  // namespace evcov
