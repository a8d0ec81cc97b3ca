// The applicant's checklist as a self-assessment spreadsheet
// (OUT_DIR/<applicant>/self-assessment.xlsx): one row per control, keyed by
// control id, with columns Control ID, Title, Section, Status, Evidence (file
// and locator of the first three pieces), Still needed, Reason.
//
// Reads only the judged ApplicantVerdict, like the other renderers. The XLSX
// is minimal hand-written SpreadsheetML zipped with libzip: one sheet, shared
// strings, a bold header row that stays frozen, column widths and an
// autofilter. Status words are coverage.json's (met, partial, ...), so the
// filter values match the machine-readable output. An applicant that could not
// be judged gets the header row only. Returns the bytes; the caller writes
// them atomically.
#pragma once

#include <string>

#include "pipeline/result.h"
#include "pipeline/verdict.h"

namespace evcov {

// kInternal when libzip fails.
Result<std::string> RenderSelfAssessmentXlsx(const ApplicantVerdict& verdict);

}  // namespace evcov
