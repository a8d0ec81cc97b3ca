// The evidence-coverage report of one applicant as PDF (libharu).
//
// Reads only the judged ApplicantVerdict: it never reopens a source file and
// never re-judges. Wording, colours and layout choices come from
// templates/report.json so a change of wording is not a code change. Returns
// the PDF bytes; the caller writes them atomically.
#pragma once

#include <string>

#include "pipeline/result.h"
#include "pipeline/verdict.h"

namespace evcov {

struct ReportOptions {
  std::string data_dir;  // holds templates/ (and the font path fallback)
  std::string font_path = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
  std::string bold_font_path = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";
};

Result<std::string> RenderReportPdf(const ApplicantVerdict& verdict, const ReportOptions& options);

}  // namespace evcov
