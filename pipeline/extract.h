// Extracting one submitted file: read it, sniff it, run its extractor,
// normalise the text (NFC). The single entry point the run uses per file, so
// isolation (a child process with limits) and caching wrap this one call.
//
// Never throws: every failure is an Error naming the file (as `relative`) and
// the reason, with a kind that says what the run does next.
#pragma once

#include <string>

#include "extractors/extractor.h"
#include "pipeline/document.h"
#include "pipeline/result.h"

namespace evcov {

// Reads `path` and extracts it in this process; `relative` names it in the
// Document and in errors.
Result<Document> ExtractFileInProcess(const std::string& path, const std::string& relative,
                                      const ExtractOptions& options);

}  // namespace evcov
