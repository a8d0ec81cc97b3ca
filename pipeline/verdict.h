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
  bool weak = false;  // shown only by a bare mention: enough for partial, not for met
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
  std::string sha;  // SHA-256 of the bytes (hex); empty when they could not be read
};

const char* ToString(FileState state);

// What changed since the previous run into the same output folder
// (pipeline/changes.h). Empty fields of StatusChange: the control was absent
// from that run.
struct StatusChange {
  std::string id;
  std::string title;
  std::string from;  // ToString(Status) of the previous run
  std::string to;
};

struct EvidenceChange {
  std::string id;  // control
  std::string file;
  int page = 0;
  std::string locator;
};

struct RunChanges {
  bool has_previous = false;  // a previous coverage.json was read
  std::string since;          // its generated_at
  std::vector<StatusChange> controls;
  std::vector<EvidenceChange> evidence_added;
  std::vector<EvidenceChange> evidence_lost;
  std::vector<std::string> files_added;
  std::vector<std::string> files_removed;
  std::vector<std::string> files_modified;  // same path, other content hash
};

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
  RunChanges changes;  // filled by the run just before the outputs are written

  int Count(Status s) const;
  int UnreadFiles() const;
};

}  // namespace evcov
