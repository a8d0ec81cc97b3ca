#include "pipeline/shard.h"

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <map>

#include "pipeline/atomic_file.h"
#include "pipeline/batch_index.h"

namespace evcov {

namespace fs = std::filesystem;

Result<Shard> ParseShard(const std::string& text) {
  auto bad = [&](const std::string& why) {
    return MakeError(ErrorKind::kInvalid, "", "--shard " + text + ": " + why);
  };
  size_t slash = text.find('/');
  if (slash == std::string::npos) return bad("expected K/N, e.g. 0/4");
  auto number = [](std::string_view s, int* out) {
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
    return ec == std::errc() && end == s.data() + s.size() && !s.empty();
  };
  Shard shard;
  std::string_view all(text);
  if (!number(all.substr(0, slash), &shard.index) || !number(all.substr(slash + 1), &shard.count)) {
    return bad("K and N must be whole numbers");
  }
  if (shard.count < 1) return bad("N must be at least 1");
  if (shard.index < 0 || shard.index >= shard.count) {
    return bad("K is 0-based and must be between 0 and N-1");
  }
  return shard;
}

uint64_t Fnv1a64(const std::string& text) {
  uint64_t hash = 0xcbf29ce484222325ULL;
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

bool InShard(const std::string& folder_name, const Shard& shard) {
  if (shard.count <= 1) return true;
  return Fnv1a64(folder_name) % static_cast<uint64_t>(shard.count) ==
         static_cast<uint64_t>(shard.index);
}

namespace {

// One applicant's output folder in one input: its files, relative to it.
struct Source {
  fs::path dir;
  std::vector<std::string> files;  // sorted
};

// Regular files below `dir`, skipping hidden ones (such as the temporary
// files of an interrupted atomic write).
Result<std::vector<std::string>> ListFiles(const fs::path& dir) {
  std::vector<std::string> files;
  std::error_code ec;
  fs::recursive_directory_iterator it(dir, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    std::string name = it->path().filename().string();
    if (!name.empty() && name[0] == '.') {
      if (it->is_directory(ec)) it.disable_recursion_pending();
      continue;
    }
    if (it->is_symlink(ec) || !it->is_regular_file(ec)) continue;
    files.push_back(fs::relative(it->path(), dir, ec).string());
  }
  if (ec) return MakeError(ErrorKind::kIo, dir.string(), "cannot list: " + ec.message());
  std::sort(files.begin(), files.end());
  return files;
}

// Whether two copies of an applicant's outputs hold the same files and bytes.
Result<bool> SameOutputs(const Source& a, const Source& b) {
  if (a.files != b.files) return false;
  for (const std::string& f : a.files) {
    auto x = ReadFile((a.dir / f).string());
    if (!x.ok()) return x.error();
    auto y = ReadFile((b.dir / f).string());
    if (!y.ok()) return y.error();
    if (*x != *y) return false;
  }
  return true;
}

}  // namespace

Result<MergeSummary> MergeOutputs(const std::vector<std::string>& inputs,
                                  const std::string& merged_dir, const MergeOptions& options) {
  std::error_code ec;
  fs::path merged = fs::weakly_canonical(merged_dir, ec);
  std::map<std::string, Source> applicants;  // by folder name
  std::vector<std::string> conflicts;
  for (const std::string& input : inputs) {
    if (!fs::is_directory(input, ec)) {
      return MakeError(ErrorKind::kInvalid, input,
                       "not a folder (expected an evcov output folder)");
    }
    if (fs::weakly_canonical(input, ec) == merged) {
      return MakeError(ErrorKind::kInvalid, input,
                       "the merged folder must not be one of the inputs");
    }
    for (const auto& e : fs::directory_iterator(input, ec)) {
      std::string name = e.path().filename().string();
      std::error_code entry_ec;
      if (name.empty() || name[0] == '.' || !e.is_directory(entry_ec) ||
          !fs::exists(e.path() / "coverage.json", entry_ec)) {
        continue;
      }
      auto files = ListFiles(e.path());
      if (!files.ok()) return files.error();
      Source source{e.path(), std::move(*files)};
      auto [it, inserted] = applicants.emplace(name, source);
      if (inserted) continue;
      auto same = SameOutputs(it->second, source);
      if (!same.ok()) return same.error();
      if (!*same) {
        conflicts.push_back("applicant '" + name + "' is in both " + it->second.dir.string() +
                            " and " + source.dir.string() + " with different outputs");
      }
    }
    if (ec) return MakeError(ErrorKind::kIo, input, "cannot list: " + ec.message());
  }
  if (!conflicts.empty()) {
    std::string message = "conflicting duplicate applicants, nothing merged:";
    for (const std::string& c : conflicts) message += "\n  " + c;
    return MakeError(ErrorKind::kInvalid, merged_dir, message);
  }
  for (const auto& [name, source] : applicants) {
    for (const std::string& f : source.files) {
      auto bytes = ReadFile((source.dir / f).string());
      if (!bytes.ok()) return bytes.error();
      auto w = WriteFileAtomic((fs::path(merged_dir) / name / f).string(), *bytes);
      if (!w.ok()) return w.error();
    }
  }
  auto index = WriteBatchIndex(merged_dir, options.data_dir, options.write_pdf);
  if (!index.ok()) return index.error();
  MergeSummary summary;
  for (const IndexRow& row : index->rows) {
    ++summary.applicants;
    if (!row.error.empty()) ++summary.applicant_errors;
    summary.files_unread += row.files_unread;
  }
  return summary;
}

}  // namespace evcov
