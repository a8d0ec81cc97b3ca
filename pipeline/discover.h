// Discovery: which applicants a batch holds and which files each submitted.
//
// Read-only. A batch is a folder of applicant folders (each with
// applicant.yaml); an applicant's files are every regular file below its
// folder, with the customer example taken from cases/<example>/. Symbolic links
// are never followed (a link is reported, not read), nor is anything outside the
// applicant folder. Skipped files are returned with the reason, never dropped.
// Files that describe the submission rather than evidence it (applicant.yaml,
// and the evaluation annotations labels.tsv and NOTES.md at the applicant root)
// are not evidence and are not listed.
#pragma once

#include <string>
#include <vector>

namespace evcov {

struct SourceFile {
  std::string path;      // absolute or as given, for reading
  std::string relative;  // relative to the applicant folder, '/' separated
  std::string example;   // customer example (cases/<example>/...), empty for practice files
  long long size = 0;
};

struct SkippedFile {
  std::string relative;
  std::string reason;
};

struct ApplicantFiles {
  std::vector<SourceFile> files;  // sorted by relative path
  std::vector<SkippedFile> skipped;
  std::vector<std::string> examples;  // every cases/<example>/ folder, sorted
};

// Applicant folders of a batch (direct subfolders holding applicant.yaml, or
// any subfolder that is not hidden), sorted by name.
std::vector<std::string> DiscoverApplicants(const std::string& batch_dir);

ApplicantFiles DiscoverFiles(const std::string& applicant_dir);

// Escapes control characters and invalid UTF-8 for display ("\n", "\xff").
std::string EscapeName(const std::string& name);

}  // namespace evcov
