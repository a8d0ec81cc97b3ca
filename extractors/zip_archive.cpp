#include "extractors/zip_archive.h"

#include <zip.h>

namespace evcov {

struct ZipArchive::Impl {
  zip_t* zip = nullptr;
  std::string file;
  ~Impl() {
    if (zip) zip_discard(zip);
  }
};

ZipArchive::ZipArchive(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ZipArchive::~ZipArchive() = default;

namespace {

Error LimitError(const std::string& file, const std::string& what) {
  return MakeError(ErrorKind::kLimit, file, "zip container " + what);
}

}  // namespace

Result<std::unique_ptr<ZipArchive>> ZipArchive::Open(std::span<const std::byte> bytes,
                                                     const std::string& file,
                                                     const ZipLimits& limits) {
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &err);
  if (!src) {
    std::string msg = zip_error_strerror(&err);
    zip_error_fini(&err);
    return MakeError(ErrorKind::kInternal, file, "zip: " + msg);
  }
  zip_t* zip = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &err);
  if (!zip) {
    zip_source_free(src);
    std::string msg = zip_error_strerror(&err);
    zip_error_fini(&err);
    return MakeError(ErrorKind::kCorrupt, file, "not a readable zip container: " + msg);
  }
  zip_error_fini(&err);
  auto impl = std::make_unique<Impl>();
  impl->zip = zip;
  impl->file = file;

  zip_int64_t n = zip_get_num_entries(zip, 0);
  if (n > limits.max_entries) {
    return LimitError(file, "has " + std::to_string(n) + " entries (limit " +
                                std::to_string(limits.max_entries) + ")");
  }
  long long total = 0;
  for (zip_int64_t i = 0; i < n; ++i) {
    zip_stat_t st;
    if (zip_stat_index(zip, i, 0, &st) != 0) continue;
    if (!(st.valid & ZIP_STAT_SIZE)) continue;
    long long size = static_cast<long long>(st.size);
    total += size;
    if (size > limits.max_entry_bytes) {
      return LimitError(file, std::string("entry is too large when inflated (") +
                                  std::to_string(size >> 20) + " MiB)");
    }
    if ((st.valid & ZIP_STAT_COMP_SIZE) && size > (1 << 20)) {
      double ratio = static_cast<double>(size) / std::max<zip_uint64_t>(st.comp_size, 1);
      if (ratio > limits.max_ratio) {
        return LimitError(file, "entry has a suspicious compression ratio (" +
                                    std::to_string(static_cast<long>(ratio)) + ":1)");
      }
    }
  }
  if (total > limits.max_total_bytes) {
    return LimitError(file, "inflates to " + std::to_string(total >> 20) + " MiB (limit " +
                                std::to_string(limits.max_total_bytes >> 20) + " MiB)");
  }
  return std::unique_ptr<ZipArchive>(new ZipArchive(std::move(impl)));
}

std::vector<std::string> ZipArchive::Names() const {
  std::vector<std::string> names;
  zip_int64_t n = zip_get_num_entries(impl_->zip, 0);
  for (zip_int64_t i = 0; i < n; ++i) {
    const char* name = zip_get_name(impl_->zip, i, 0);
    if (name) names.emplace_back(name);
  }
  return names;
}

bool ZipArchive::Has(const std::string& name) const {
  return zip_name_locate(impl_->zip, name.c_str(), 0) >= 0;
}

Result<std::string> ZipArchive::Read(const std::string& name) const {
  zip_stat_t st;
  if (zip_stat(impl_->zip, name.c_str(), 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE)) {
    return MakeError(ErrorKind::kCorrupt, impl_->file, "zip entry missing: " + name);
  }
  zip_file_t* f = zip_fopen(impl_->zip, name.c_str(), 0);
  if (!f) return MakeError(ErrorKind::kCorrupt, impl_->file, "cannot open zip entry " + name);
  std::string out(st.size, '\0');
  zip_int64_t got = zip_fread(f, out.data(), st.size);
  zip_fclose(f);
  if (got < 0 || static_cast<zip_uint64_t>(got) != st.size) {
    return MakeError(ErrorKind::kCorrupt, impl_->file, "truncated zip entry " + name);
  }
  return out;
}

}  // namespace evcov
