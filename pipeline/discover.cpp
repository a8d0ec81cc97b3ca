#include "pipeline/discover.h"

#include <algorithm>
#include <filesystem>
#include <set>

namespace evcov {

namespace fs = std::filesystem;

std::string EscapeName(const std::string& name) {
  std::string out;
  const auto* s = reinterpret_cast<const unsigned char*>(name.data());
  size_t n = name.size();
  auto hex = [](unsigned c) {
    const char* d = "0123456789abcdef";
    return std::string("\\x") + d[c >> 4] + d[c & 15];
  };
  for (size_t i = 0; i < n;) {
    unsigned c = s[i];
    if (c == '\n') {
      out += "\\n";
      ++i;
      continue;
    }
    if (c == '\t') {
      out += "\\t";
      ++i;
      continue;
    }
    if (c < 0x20 || c == 0x7f) {
      out += hex(c);
      ++i;
      continue;
    }
    if (c < 0x80) {
      out += static_cast<char>(c);
      ++i;
      continue;
    }
    size_t len = (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    bool valid = len > 0 && i + len <= n;
    for (size_t k = 1; valid && k < len; ++k) valid = (s[i + k] & 0xC0) == 0x80;
    if (!valid) {
      out += hex(c);
      ++i;
      continue;
    }
    out.append(name, i, len);
    i += len;
  }
  return out;
}

std::vector<std::string> DiscoverApplicants(const std::string& batch_dir) {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(batch_dir, ec)) {
    std::string name = e.path().filename().string();
    if (name.empty() || name[0] == '.') continue;
    if (e.is_symlink(ec) || !e.is_directory(ec)) continue;
    out.push_back(e.path().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

ApplicantFiles DiscoverFiles(const std::string& applicant_dir) {
  ApplicantFiles result;
  std::set<std::string> examples;
  std::error_code ec;
  fs::path root(applicant_dir);
  auto it =
      fs::recursive_directory_iterator(root, fs::directory_options::skip_permission_denied, ec);
  if (ec) {
    result.skipped.push_back({".", "cannot list folder: " + ec.message()});
    return result;
  }
  for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) {
      result.skipped.push_back({".", "cannot list part of the folder: " + ec.message()});
      ec.clear();
      continue;
    }
    const fs::path& p = it->path();
    std::string rel = p.lexically_relative(root).generic_string();
    std::string name = p.filename().string();
    if (!name.empty() && name[0] == '.') {
      if (it->is_directory(ec)) it.disable_recursion_pending();
      continue;
    }
    if (it->is_symlink(ec)) {
      std::error_code ec2;
      fs::path target = fs::read_symlink(p, ec2);
      result.skipped.push_back(
          {EscapeName(rel), "symbolic link not followed (-> " + EscapeName(target.string()) + ")"});
      continue;
    }
    if (it->is_directory(ec)) {
      auto parts = fs::path(rel);
      auto first = parts.begin();
      if (first != parts.end() && *first == "cases" &&
          std::distance(parts.begin(), parts.end()) == 2) {
        examples.insert(std::next(first)->string());
      }
      continue;
    }
    if (!it->is_regular_file(ec)) {
      result.skipped.push_back({EscapeName(rel), "not a regular file"});
      continue;
    }
    if (rel == "applicant.yaml" || rel == "labels.tsv" || rel == "NOTES.md") continue;
    SourceFile f;
    f.path = p.string();
    f.relative = rel;
    f.size = static_cast<long long>(it->file_size(ec));
    fs::path relp(rel);
    auto first = relp.begin();
    if (first != relp.end() && *first == "cases" && std::distance(relp.begin(), relp.end()) >= 3) {
      f.example = std::next(first)->string();
      examples.insert(f.example);
    }
    result.files.push_back(std::move(f));
  }
  std::sort(result.files.begin(), result.files.end(),
            [](const SourceFile& a, const SourceFile& b) { return a.relative < b.relative; });
  result.examples.assign(examples.begin(), examples.end());
  return result;
}

}  // namespace evcov
