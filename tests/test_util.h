// Shared helpers for tests: fixture paths and reading/extracting files.
#pragma once

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "extractors/registry.h"
#include "pipeline/atomic_file.h"

namespace evcov::testing {

inline std::string SourceDir() { return EVCOV_SOURCE_DIR; }
inline std::string SharedDir() { return EVCOV_SHARED_DIR; }
inline std::string Fixture(const std::string& rel) {
  return SourceDir() + "/tests/fixtures/" + rel;
}

// Extracts `bytes` through the registry as the file `path` (never opened).
inline Result<Document> ExtractBytes(const std::string& bytes, const std::string& path,
                                     ExtractOptions options = {}) {
  ExtractContext ctx;
  ctx.path = path;
  ctx.options = options;
  return ExtractorRegistry::Builtin().Extract(
      std::as_bytes(std::span<const char>(bytes.data(), bytes.size())), ctx);
}

inline Result<Document> ExtractPath(const std::string& path, ExtractOptions options = {}) {
  auto bytes = ReadFile(path);
  if (!bytes.ok()) return bytes.error();
  return ExtractBytes(*bytes, path, options);
}

// All block texts of a document joined by newlines.
inline std::string AllText(const Document& d) {
  std::string out;
  for (const auto& b : d.blocks) out += b.text + "\n";
  return out;
}

// A fresh empty temporary folder, removed by the caller's TearDown if wanted.
inline std::string TempDir(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() /
             ("evcov-test-" + name + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir.string();
}

}  // namespace evcov::testing
