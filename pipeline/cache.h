// Extraction cache: what extracting one file's bytes gave, kept across runs.
//
// A nightly run over a batch that barely changed should not OCR the same scans
// again. The cache maps (SHA-256 of the file bytes, the file name's extension,
// the extraction recipe) to the Document JSON (pipeline/document_json.h) or to
// the Error (kind + message) the extraction produced. The extension is in the
// key because it is the one thing the registry reads from a file's name (to
// tell Markdown from plain text, and to warn on a mismatch). The recipe names
// every extractor with its version, the libraries whose output we keep and
// every ExtractOptions field that changes output (ExtractionRecipe), so a new
// extractor version or `--no-ocr` misses instead of serving stale text; never
// a modification time.
//
// Errors of kind kLimit, kInternal and kIo are never stored: a timeout, a crash
// or a busy disk may not happen next time.
//
// Storage: one SQLite database in WAL mode (default OUT_DIR/.evcov-cache.sqlite),
// table `entries` (sha, ext, recipe, kind, payload, used_at); entries unused for
// kCachePruneDays are deleted when the cache is opened. A damaged database
// never fails a run: Open deletes and recreates a file that is not a database;
// a failure later disables the cache for the rest of the run (see problem()),
// and damage found then deletes the file when the cache is closed.
//
// Thread-safe: one connection behind a mutex; extraction itself runs outside it.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "extractors/extractor.h"
#include "pipeline/document.h"
#include "pipeline/result.h"

struct sqlite3;
struct sqlite3_stmt;

namespace evcov {

inline constexpr int kCachePruneDays = 30;

// Everything besides the bytes that decides what extraction yields, as one
// string: cache format, Document schema, Poppler and Tesseract versions, every
// registered extractor's name@version, and the ExtractOptions fields.
std::string ExtractionRecipe(const ExtractOptions& options);

// SHA-256 of a file's bytes as 64 lower-case hex digits, read in chunks.
Result<std::string> Sha256OfFile(const std::string& path);

// The cache key of one file: its bytes, its extension (lower case, no dot).
struct CacheKey {
  std::string sha256;
  std::string extension;
};

// The lower-case extension of a file name ("md" for "ops/Runbook.MD").
std::string ExtensionOf(const std::string& name);

// True when `doc` may be served again for the same bytes and recipe.
bool Cacheable(const Result<Document>& doc);

class ExtractionCache {
 public:
  // Opens or creates the database at `path` for `recipe`. A file that is not a
  // database (or is damaged) is deleted and recreated, with *warning set to say
  // so. An Error (kIo) when no usable database can be had; run without cache.
  static Result<std::unique_ptr<ExtractionCache>> Open(const std::string& path,
                                                       const std::string& recipe,
                                                       std::string* warning);
  ~ExtractionCache();
  ExtractionCache(const ExtractionCache&) = delete;
  ExtractionCache& operator=(const ExtractionCache&) = delete;

  // The stored result for `key`, its Document path and Error file set to
  // `relative`; nullopt on a miss or when the cache is disabled. An unreadable
  // entry is a miss (it is overwritten by the next Store).
  std::optional<Result<Document>> Lookup(const CacheKey& key, const std::string& relative);

  // Stores `doc` for `key` when Cacheable(doc); otherwise does nothing.
  void Store(const CacheKey& key, const Result<Document>& doc);

  // Number of entries (for tests and --stats-like checks); -1 when disabled.
  long long Size();

  // The first failure after Open, "" while the cache works. After a failure
  // every Lookup misses and every Store is skipped.
  std::string problem();

  const std::string& path() const { return path_; }

 private:
  ExtractionCache(std::string path, std::string recipe, sqlite3* db);
  void Fail(int sqlite_code);  // mutex held
  bool Prepare(const char* sql, sqlite3_stmt** stmt);

  std::mutex mu_;
  std::string path_;
  std::string recipe_;
  sqlite3* db_ = nullptr;
  sqlite3_stmt* lookup_ = nullptr;
  sqlite3_stmt* store_ = nullptr;
  sqlite3_stmt* touch_ = nullptr;
  std::string problem_;
  bool damaged_ = false;  // the database file itself is damaged: delete it when done
};

// One file through the cache: hashes `path` (always, so coverage.json can
// record the hash), looks it up, and on a miss calls `extract` and stores the
// result unless the file changed while it was being read.
struct CachedExtraction {
  Result<Document> doc = Error{ErrorKind::kInternal, "", "not extracted"};
  std::string sha256;  // empty when the file could not be hashed
  bool from_cache = false;
};

CachedExtraction ExtractThroughCache(const std::string& path, const std::string& relative,
                                     ExtractionCache* cache,  // may be null: no cache
                                     const std::function<Result<Document>()>& extract);

}  // namespace evcov
