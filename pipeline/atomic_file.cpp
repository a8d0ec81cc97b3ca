#include "pipeline/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace evcov {

namespace fs = std::filesystem;

Result<bool> WriteFileAtomic(const std::string& path, std::string_view bytes) {
  fs::path target(path);
  std::error_code ec;
  if (target.has_parent_path()) fs::create_directories(target.parent_path(), ec);
  std::string tmp =
      (target.parent_path() / ("." + target.filename().string() + ".tmp-XXXXXX")).string();
  int fd = mkstemp(tmp.data());
  if (fd < 0)
    return MakeError(ErrorKind::kIo, path,
                     std::string("cannot create temporary file: ") + std::strerror(errno));
  const char* p = bytes.data();
  size_t left = bytes.size();
  while (left > 0) {
    ssize_t n = write(fd, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      std::string why = std::strerror(errno);
      close(fd);
      unlink(tmp.c_str());
      return MakeError(ErrorKind::kIo, path, "write failed: " + why);
    }
    p += n;
    left -= static_cast<size_t>(n);
  }
  fchmod(fd, 0644);
  if (fsync(fd) != 0 || close(fd) != 0) {
    unlink(tmp.c_str());
    return MakeError(ErrorKind::kIo, path, std::string("cannot flush: ") + std::strerror(errno));
  }
  if (rename(tmp.c_str(), path.c_str()) != 0) {
    std::string why = std::strerror(errno);
    unlink(tmp.c_str());
    return MakeError(ErrorKind::kIo, path, "cannot rename into place: " + why);
  }
  return true;
}

Result<std::string> ReadFile(const std::string& path, long long max_bytes) {
  int fd = open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0)
    return MakeError(ErrorKind::kIo, path, std::string("cannot open: ") + std::strerror(errno));
  std::string out;
  char buf[1 << 16];
  for (;;) {
    ssize_t n = read(fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      std::string why = std::strerror(errno);
      close(fd);
      return MakeError(ErrorKind::kIo, path, "read failed: " + why);
    }
    if (n == 0) break;
    out.append(buf, static_cast<size_t>(n));
    if (static_cast<long long>(out.size()) > max_bytes) {
      close(fd);
      return MakeError(ErrorKind::kLimit, path,
                       "file is larger than " + std::to_string(max_bytes >> 20) + " MiB");
    }
  }
  close(fd);
  return out;
}

}  // namespace evcov
