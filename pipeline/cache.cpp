#include "pipeline/cache.h"

#include <openssl/evp.h>
#include <poppler-version.h>
#include <sqlite3.h>
#include <tesseract/baseapi.h>

#include <array>
#include <cctype>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "extractors/registry.h"
#include "pipeline/document_json.h"

namespace evcov {

namespace fs = std::filesystem;

namespace {

// Bumped when the table layout or the meaning of a stored value changes; an
// older database is dropped and rebuilt rather than read wrongly.
constexpr int kCacheFormat = 1;

constexpr const char* kCreateSql =
    "CREATE TABLE IF NOT EXISTS entries ("
    " sha TEXT NOT NULL, ext TEXT NOT NULL, recipe TEXT NOT NULL,"
    " kind TEXT NOT NULL,"        // "document" or an ErrorKind name
    " payload TEXT NOT NULL,"     // Document JSON, or the error message
    " used_at INTEGER NOT NULL,"  // Unix seconds of the last store or hit
    " PRIMARY KEY (sha, ext, recipe))";

std::optional<ErrorKind> ErrorKindFromString(const std::string& s) {
  for (ErrorKind k :
       {ErrorKind::kUnsupported, ErrorKind::kCorrupt, ErrorKind::kEncrypted, ErrorKind::kLimit,
        ErrorKind::kIo, ErrorKind::kInvalid, ErrorKind::kInternal}) {
    if (s == ToString(k)) return k;
  }
  return std::nullopt;
}

long long Now() { return static_cast<long long>(std::time(nullptr)); }

std::string SqliteMessage(sqlite3* db, int rc) {
  std::string msg = sqlite3_errstr(rc);
  if (db) {
    std::string detail = sqlite3_errmsg(db);
    if (!detail.empty() && detail != msg) msg += " (" + detail + ")";
  }
  return msg;
}

// Runs `sql`, which returns no rows we need.
int Exec(sqlite3* db, const char* sql) { return sqlite3_exec(db, sql, nullptr, nullptr, nullptr); }

int UserVersion(sqlite3* db, int* version) {
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &stmt, nullptr);
  if (rc != SQLITE_OK) return rc;
  rc = sqlite3_step(stmt);
  if (rc == SQLITE_ROW) {
    *version = sqlite3_column_int(stmt, 0);
    rc = SQLITE_OK;
  }
  sqlite3_finalize(stmt);
  return rc;
}

// Opens `path` and makes it a cache database of the current format. Returns
// the SQLite result code of the first step that failed.
int OpenDatabase(const std::string& path, sqlite3** out) {
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  auto fail = [&](int code) {
    sqlite3_close(db);
    return code;
  };
  if (rc != SQLITE_OK) return fail(rc);
  // Another run may share the cache; wait for its writes instead of failing.
  sqlite3_busy_timeout(db, 10000);
  // The first statement that reads the file: a non-database fails here.
  if ((rc = Exec(db, "PRAGMA journal_mode=WAL")) != SQLITE_OK) return fail(rc);
  // A lost write after a crash only costs a re-extraction.
  if ((rc = Exec(db, "PRAGMA synchronous=NORMAL")) != SQLITE_OK) return fail(rc);
  int version = 0;
  if ((rc = UserVersion(db, &version)) != SQLITE_OK) return fail(rc);
  if (version != kCacheFormat) {
    if ((rc = Exec(db, "DROP TABLE IF EXISTS entries")) != SQLITE_OK) return fail(rc);
    std::string set = "PRAGMA user_version=" + std::to_string(kCacheFormat);
    if ((rc = Exec(db, set.c_str())) != SQLITE_OK) return fail(rc);
  }
  if ((rc = Exec(db, kCreateSql)) != SQLITE_OK) return fail(rc);
  std::string prune = "DELETE FROM entries WHERE used_at < " +
                      std::to_string(Now() - static_cast<long long>(kCachePruneDays) * 86400);
  if ((rc = Exec(db, prune.c_str())) != SQLITE_OK) return fail(rc);
  *out = db;
  return SQLITE_OK;
}

bool IsDamage(int rc) {
  int primary = rc & 0xFF;
  return primary == SQLITE_NOTADB || primary == SQLITE_CORRUPT;
}

// Size and modification time, to notice a file rewritten while it was read.
struct Stamp {
  std::uintmax_t size = 0;
  fs::file_time_type mtime;
  bool ok = false;
  bool operator==(const Stamp& o) const { return ok && o.ok && size == o.size && mtime == o.mtime; }
};

Stamp StampOf(const std::string& path) {
  Stamp s;
  std::error_code ec1, ec2;
  s.size = fs::file_size(path, ec1);
  s.mtime = fs::last_write_time(path, ec2);
  s.ok = !ec1 && !ec2;
  return s;
}

}  // namespace

std::string ExtractionRecipe(const ExtractOptions& options) {
  std::ostringstream r;
  r << "evcov-cache/" << kCacheFormat << " " << kDocumentSchema;
  // Text layers and OCR come from these libraries; a Debian upgrade of either
  // may change the text, so it invalidates.
  r << " poppler=" << poppler::version_string();
  r << " tesseract=" << tesseract::TessBaseAPI::Version();
  r << " ocr=" << (options.ocr ? 1 : 0) << " dpi=" << options.ocr_dpi
    << " min_page_chars=" << options.min_page_chars << " lang=" << options.ocr_lang
    << " max_pixels=" << options.max_pixels << " max_pages=" << options.max_pages;
  r << " extractors=";
  bool first = true;
  for (const auto& e : ExtractorRegistry::Builtin().extractors()) {
    r << (first ? "" : ",") << e->name() << "@" << e->version();
    first = false;
  }
  return r.str();
}

Result<std::string> Sha256OfFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return MakeError(ErrorKind::kIo, path, "cannot open for hashing");
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1) {
    return MakeError(ErrorKind::kInternal, path, "SHA-256 unavailable in OpenSSL");
  }
  std::array<char, 1 << 16> buf;
  while (in) {
    in.read(buf.data(), buf.size());
    if (in.gcount() > 0) EVP_DigestUpdate(ctx.get(), buf.data(), static_cast<size_t>(in.gcount()));
  }
  if (in.bad()) return MakeError(ErrorKind::kIo, path, "read error while hashing");
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_DigestFinal_ex(ctx.get(), digest, &length);
  static const char* kHex = "0123456789abcdef";
  std::string hex;
  for (unsigned int i = 0; i < length; ++i) {
    hex += kHex[digest[i] >> 4];
    hex += kHex[digest[i] & 0xF];
  }
  return hex;
}

std::string ExtensionOf(const std::string& name) {
  auto slash = name.find_last_of('/');
  std::string base = slash == std::string::npos ? name : name.substr(slash + 1);
  auto dot = base.find_last_of('.');
  if (dot == std::string::npos || dot == 0) return {};
  std::string ext = base.substr(dot + 1);
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return ext;
}

bool Cacheable(const Result<Document>& doc) {
  if (doc.ok()) return true;
  ErrorKind k = doc.error().kind;
  return k != ErrorKind::kLimit && k != ErrorKind::kInternal && k != ErrorKind::kIo;
}

Result<std::unique_ptr<ExtractionCache>> ExtractionCache::Open(const std::string& path,
                                                               const std::string& recipe,
                                                               std::string* warning) {
  sqlite3* db = nullptr;
  int rc = OpenDatabase(path, &db);
  if (IsDamage(rc)) {
    // Only derived data lives here: rebuilding costs one cold run.
    std::error_code ec;
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path + suffix, ec);
    if (warning) {
      *warning =
          path + ": not a usable cache database (" + sqlite3_errstr(rc) + "); recreated it empty";
    }
    rc = OpenDatabase(path, &db);
  }
  if (rc != SQLITE_OK) {
    return MakeError(ErrorKind::kIo, path, std::string("cannot open cache: ") + sqlite3_errstr(rc));
  }
  std::unique_ptr<ExtractionCache> cache(new ExtractionCache(path, recipe, db));
  std::lock_guard lock(cache->mu_);
  if (!cache->Prepare(
          "SELECT kind, payload FROM entries WHERE sha = ?1 AND ext = ?2 AND recipe = ?3",
          &cache->lookup_) ||
      !cache->Prepare("INSERT OR REPLACE INTO entries (sha, ext, recipe, kind, payload, used_at) "
                      "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                      &cache->store_) ||
      !cache->Prepare("UPDATE entries SET used_at = ?4 WHERE sha = ?1 AND ext = ?2 AND recipe = ?3",
                      &cache->touch_)) {
    return MakeError(ErrorKind::kIo, path, cache->problem_);
  }
  return cache;
}

ExtractionCache::ExtractionCache(std::string path, std::string recipe, sqlite3* db)
    : path_(std::move(path)), recipe_(std::move(recipe)), db_(db) {}

ExtractionCache::~ExtractionCache() {
  sqlite3_finalize(lookup_);
  sqlite3_finalize(store_);
  sqlite3_finalize(touch_);
  sqlite3_close(db_);
  if (damaged_) {
    // Found damaged while in use: the next run starts from an empty cache.
    std::error_code ec;
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path_ + suffix, ec);
  }
}

bool ExtractionCache::Prepare(const char* sql, sqlite3_stmt** stmt) {
  int rc = sqlite3_prepare_v2(db_, sql, -1, stmt, nullptr);
  if (rc != SQLITE_OK) Fail(rc);
  return rc == SQLITE_OK;
}

void ExtractionCache::Fail(int rc) {
  if (!problem_.empty()) return;
  problem_ = SqliteMessage(db_, rc);
  if (IsDamage(rc)) {
    damaged_ = true;
    problem_ += "; the file is deleted at the end of the run";
  }
}

std::string ExtractionCache::problem() {
  std::lock_guard lock(mu_);
  return problem_.empty() ? "" : path_ + ": cache disabled for this run: " + problem_;
}

namespace {

void BindKey(sqlite3_stmt* stmt, const CacheKey& key, const std::string& recipe) {
  sqlite3_bind_text(stmt, 1, key.sha256.data(), static_cast<int>(key.sha256.size()),
                    SQLITE_TRANSIENT);
  sqlite3_bind_text(stmt, 2, key.extension.data(), static_cast<int>(key.extension.size()),
                    SQLITE_TRANSIENT);
  sqlite3_bind_text(stmt, 3, recipe.data(), static_cast<int>(recipe.size()), SQLITE_TRANSIENT);
}

std::string ColumnText(sqlite3_stmt* stmt, int column) {
  const unsigned char* text = sqlite3_column_text(stmt, column);
  int bytes = sqlite3_column_bytes(stmt, column);
  return text ? std::string(reinterpret_cast<const char*>(text), static_cast<size_t>(bytes)) : "";
}

}  // namespace

std::optional<Result<Document>> ExtractionCache::Lookup(const CacheKey& key,
                                                        const std::string& relative) {
  std::string kind, payload;
  {
    std::lock_guard lock(mu_);
    if (!problem_.empty()) return std::nullopt;
    sqlite3_reset(lookup_);
    BindKey(lookup_, key, recipe_);
    int rc = sqlite3_step(lookup_);
    if (rc == SQLITE_DONE) return std::nullopt;
    if (rc != SQLITE_ROW) {
      Fail(rc);
      return std::nullopt;
    }
    kind = ColumnText(lookup_, 0);
    payload = ColumnText(lookup_, 1);
    sqlite3_reset(lookup_);
    sqlite3_reset(touch_);
    BindKey(touch_, key, recipe_);
    sqlite3_bind_int64(touch_, 4, Now());
    if (int t = sqlite3_step(touch_); t != SQLITE_DONE) Fail(t);
    sqlite3_reset(touch_);
  }
  if (kind != "document") {
    auto error_kind = ErrorKindFromString(kind);
    if (!error_kind) return std::nullopt;
    return Result<Document>(Error{*error_kind, relative, payload});
  }
  nlohmann::json j = nlohmann::json::parse(payload, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return std::nullopt;
  auto doc = DocumentFromJson(j);
  if (!doc.ok()) return std::nullopt;
  doc->path = relative;  // the same bytes may sit under another name
  return doc;
}

void ExtractionCache::Store(const CacheKey& key, const Result<Document>& doc) {
  if (!Cacheable(doc) || key.sha256.empty()) return;
  std::string kind = doc.ok() ? "document" : ToString(doc.error().kind);
  // Replace, not throw: a file name need not be UTF-8 (Lookup restores the name).
  std::string payload =
      doc.ok() ? ToJson(*doc).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
               : doc.error().message;
  std::lock_guard lock(mu_);
  if (!problem_.empty()) return;
  sqlite3_reset(store_);
  BindKey(store_, key, recipe_);
  sqlite3_bind_text(store_, 4, kind.data(), static_cast<int>(kind.size()), SQLITE_TRANSIENT);
  sqlite3_bind_text(store_, 5, payload.data(), static_cast<int>(payload.size()), SQLITE_TRANSIENT);
  sqlite3_bind_int64(store_, 6, Now());
  int rc = sqlite3_step(store_);
  if (rc != SQLITE_DONE) Fail(rc);
  sqlite3_reset(store_);
}

long long ExtractionCache::Size() {
  std::lock_guard lock(mu_);
  if (!problem_.empty()) return -1;
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db_, "SELECT COUNT(*) FROM entries", -1, &stmt, nullptr) != SQLITE_OK) {
    return -1;
  }
  long long n = sqlite3_step(stmt) == SQLITE_ROW ? sqlite3_column_int64(stmt, 0) : -1;
  sqlite3_finalize(stmt);
  return n;
}

CachedExtraction ExtractThroughCache(const std::string& path, const std::string& relative,
                                     ExtractionCache* cache,
                                     const std::function<Result<Document>()>& extract) {
  CachedExtraction out;
  Stamp before = StampOf(path);
  auto sha = Sha256OfFile(path);
  if (sha.ok()) out.sha256 = *sha;
  CacheKey key{out.sha256, ExtensionOf(relative)};
  if (cache && sha.ok()) {
    if (auto hit = cache->Lookup(key, relative)) {
      out.doc = std::move(*hit);
      out.from_cache = true;
      return out;
    }
  }
  out.doc = extract();
  // A file rewritten between hashing and extraction would pair new text with
  // the old hash; keep the result for this run only.
  if (cache && sha.ok() && StampOf(path) == before) cache->Store(key, out.doc);
  return out;
}

}  // namespace evcov
