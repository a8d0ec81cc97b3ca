// Changes since the last run: this run's coverage.json against the one a
// previous run left in the same output folder, for nightly runs where the
// question is "what moved?".
//
// Compared, in coverage.json terms (schema evcov-coverage/1):
//   - controls whose status differs (a control only one run has: the other
//     side is empty, null in changes.json);
//   - evidence gained or lost, an evidence item being (control id, file, page,
//     locator) of controls[].evidence; the snippet is not compared, so an edit
//     that keeps a passage where it was is not a change;
//   - files added, removed, or modified (same path, other `sha`). Files of a
//     previous coverage.json without `sha` (older evcov) are never "modified".
// Ordering is deterministic: controls in the current checklist's order, then
// those only the previous run had, in its order; evidence by control in that
// order, then by file, page and locator; files by path.
//
// Pure functions over JSON values, except ReadPreviousCoverage.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "pipeline/result.h"
#include "pipeline/verdict.h"

namespace evcov {

inline constexpr const char* kChangesSchema = "evcov-changes/1";

// The coverage.json at `path`: nullopt when there is none; kInvalid when it
// is not JSON or has another schema (the caller warns and compares nothing).
Result<std::optional<nlohmann::json>> ReadPreviousCoverage(const std::string& path);

// What changed from `previous` to `current` (both coverage.json values);
// has_previous is set and since is previous["generated_at"].
RunChanges ComputeChanges(const nlohmann::json& previous, const nlohmann::json& current);

// Reads the coverage.json a previous run left at `previous_path` and sets
// verdict->changes against `verdict` (call it before the new coverage.json is
// written). Returns a warning for the log when that file exists but cannot be
// used (verdict->changes stays empty), "" otherwise.
std::string AttachChanges(const std::string& previous_path, ApplicantVerdict* verdict);

// changes.json: {schema, applicant, since, generated_at, controls[{id, title,
// from, to}], evidence_added[{id, file, page, locator}], evidence_lost[...],
// files_added[], files_removed[], files_modified[]}.
nlohmann::json ChangesJson(const ApplicantVerdict& verdict);

}  // namespace evcov
