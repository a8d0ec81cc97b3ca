// ZipArchive: read-only access to the entries of a ZIP held in memory (OOXML).
//
// Limits are checked from the central directory before anything is inflated:
// entry count, total uncompressed size, and per-entry compression ratio, so a
// zip bomb fails with ErrorKind::kLimit instead of exhausting memory. Entry
// names are only looked up, never used as paths on disk.
#pragma once

#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "pipeline/result.h"

namespace evcov {

struct ZipLimits {
  long max_entries = 10000;
  long long max_total_bytes = 512LL << 20;  // uncompressed, all entries
  long long max_entry_bytes = 256LL << 20;  // uncompressed, one entry
  double max_ratio = 200.0;                 // uncompressed / compressed, per entry
};

class ZipArchive {
 public:
  // The bytes must outlive the archive. `file` is used in error messages.
  static Result<std::unique_ptr<ZipArchive>> Open(std::span<const std::byte> bytes,
                                                  const std::string& file,
                                                  const ZipLimits& limits = {});
  ~ZipArchive();
  ZipArchive(const ZipArchive&) = delete;
  ZipArchive& operator=(const ZipArchive&) = delete;

  std::vector<std::string> Names() const;
  bool Has(const std::string& name) const;
  // The entry's bytes; kCorrupt if missing or unreadable.
  Result<std::string> Read(const std::string& name) const;

 private:
  struct Impl;
  explicit ZipArchive(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace evcov
