// The judged result of one applicant: what renderers read, and all they read.
//
// Every positive criterion carries EvidenceSpans that point at the exact place
// (file, page/slide/sheet!cell, heading path) and quote it; every negative one
// says what is still needed. Passages that named a criterion but were set aside
// (negated, deferred, handed to the customer, a placeholder, a bare claim) are
// kept too, so a validator sees why a keyword did not count.
#pragma once

#include <string>
#include <vector>

#include "pipeline/document.h"

namespace evcov {

enum class Status { kMet, kPartial, kMissing, kWaived, kManual };

const char* ToString(Status status);

struct EvidenceSpan {
  std::string file;     // relative to the applicant folder
  std::string example;  // customer example folder, empty for practice files
  Locator loc;
  std::string snippet;  // the passage, trimmed to a readable length
  bool ocr = false;
};

struct SetAside {
  EvidenceSpan span;
  std::string reason;  // "negated", "deferred or planned", "customer's responsibility", ...
};

struct CriterionVerdict {
  std::string id;
  std::string label;
  bool shown = false;
  std::vector<EvidenceSpan> evidence;  // empty unless shown
  std::vector<SetAside> set_aside;
};

// A per-example view, for controls required of every (or N) customer example.
struct ExampleVerdict {
  std::string example;
  Status status = Status::kMissing;
  std::vector<std::string> still_needed;  // criterion labels
};

struct ControlVerdict {
  std::string id;
  std::string title;
  std::string section;
  std::string subgroup;
  std::string scope;  // "practice", "each-example", ...
  Status status = Status::kMissing;
  std::string reason;  // one sentence: why this status
  std::vector<CriterionVerdict> criteria;
  std::vector<ExampleVerdict> examples;
  std::vector<std::string> still_needed;

  // Evidence of all shown criteria, de-duplicated, in criterion order.
  std::vector<EvidenceSpan> Evidence() const;
};

enum class FileState { kRead, kPartial, kNotRead };

struct FileRecord {
  std::string relative;
  std::string example;
  std::string media_type;
  std::string extractor;
  FileState state = FileState::kRead;
  int pages = 0;
  std::vector<int> ocr_pages;
  int blocks = 0;
  std::string error;  // why it was not read (kNotRead)
  std::vector<std::string> warnings;
};

const char* ToString(FileState state);

struct ApplicantVerdict {
  std::string applicant;  // folder name
  std::string name;       // display name
  std::string checklist_id;
  std::string checklist_title;
  std::string checklist_version;
  std::string category;
  std::string deployment;
  std::vector<std::string> waivers;
  std::vector<std::string> examples;
  std::vector<ControlVerdict> controls;
  std::vector<FileRecord> files;
  std::string error;         // set when the applicant could not be judged at all
  std::string generated_at;  // ISO 8601 UTC
  std::string tool_version;

  int Count(Status s) const;
  int UnreadFiles() const;
};

}  // namespace evcov
