// The batch index: one row per applicant of an output folder, the first thing
// a validator opens in the morning.
//
// Built only from the OUT_DIR/<applicant>/coverage.json files present on disk
// (read back, never from the run's memory), so `evcov run` and `evcov merge`
// produce the same index for the same applicants. Every folder of OUT_DIR that
// holds a coverage.json is a row, including folders left there by an earlier
// run. Rows are in byte order of the folder name. A coverage.json that cannot
// be read, is not JSON or has another schema becomes a row carrying that error:
// one bad file never hides the others.
//
// Outputs, each written atomically: index.json (schema "evcov-index/1"),
// index.csv (RFC 4180) and index.pdf (libharu; wording and layout from
// templates/index.json, status words and colours from templates/report.json).
#pragma once

#include <array>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "pipeline/result.h"
#include "pipeline/verdict.h"

namespace evcov {

inline constexpr const char* kIndexSchema = "evcov-index/1";

struct IndexRow {
  std::string applicant;        // folder name
  std::string name;             // display name (the folder name when unknown)
  std::string checklist;        // checklist id, empty when the applicant could not be judged
  std::array<int, 5> counts{};  // controls per Status, in enum order (met ... manual)
  int files = 0;
  int files_unread = 0;
  std::string error;   // the applicant's error, or why its coverage.json is unusable
  std::string report;  // "<applicant>/report.pdf" relative to OUT_DIR; empty if absent

  int Count(Status s) const { return counts[static_cast<size_t>(s)]; }
};

struct BatchIndex {
  std::string generated_at;  // ISO 8601 UTC, when the index was built
  std::string tool_version;
  std::vector<IndexRow> rows;
};

// Scans `out_dir`; kIo when the folder itself cannot be listed.
Result<BatchIndex> ReadBatchIndex(const std::string& out_dir);

nlohmann::json IndexJson(const BatchIndex& index);

// Header plus one line per row, CRLF line ends. A cell starting with = + - @
// gets a leading ' so a spreadsheet does not run it as a formula; index.json
// keeps the exact values.
std::string IndexCsv(const BatchIndex& index);

// The overview as PDF bytes: one page up to about 25 applicants, continued on
// further pages (table header repeated) beyond that. kInvalid for a bad
// template, kIo for a missing font, kInternal when libharu fails.
Result<std::string> RenderIndexPdf(const BatchIndex& index, const std::string& data_dir);

// ReadBatchIndex, then writes index.json, index.csv and (when `write_pdf`)
// index.pdf into `out_dir`. Returns the index, or the first error; an output
// that fails does not stop the others from being written.
Result<BatchIndex> WriteBatchIndex(const std::string& out_dir, const std::string& data_dir,
                                   bool write_pdf);

}  // namespace evcov
