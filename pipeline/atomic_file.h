// Writing outputs so a reader (or a crash) never sees a torn file.
//
// WriteFileAtomic writes to a temporary file in the same folder, fsyncs it and
// renames it over the target: a run killed at any point leaves either the old
// file or the new one. Parent folders are created as needed.
#pragma once

#include <string>
#include <string_view>

#include "pipeline/result.h"

namespace evcov {

Result<bool> WriteFileAtomic(const std::string& path, std::string_view bytes);

// Reads a whole file; kIo with the reason on failure.
Result<std::string> ReadFile(const std::string& path, long long max_bytes = 1LL << 31);

}  // namespace evcov
