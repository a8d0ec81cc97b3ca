#include "pipeline/result.h"

namespace evcov {

const char* ToString(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kUnsupported:
      return "unsupported";
    case ErrorKind::kCorrupt:
      return "corrupt";
    case ErrorKind::kEncrypted:
      return "encrypted";
    case ErrorKind::kLimit:
      return "limit";
    case ErrorKind::kIo:
      return "io";
    case ErrorKind::kInvalid:
      return "invalid";
    case ErrorKind::kInternal:
      return "internal";
  }
  return "internal";
}

std::string Error::ToString() const { return file.empty() ? message : file + ": " + message; }

}  // namespace evcov
