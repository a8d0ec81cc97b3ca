// Result<T>: a value or the Error that explains why there is none.
//
// Errors carry the file they concern and a reason a person can act on. No
// exception crosses a stage boundary: library calls that may throw are wrapped
// where they happen and turned into an Error. Thread-compatible, like a value.
#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace evcov {

// What the pipeline does next depends on the kind, not on the message.
enum class ErrorKind {
  kUnsupported,  // no extractor for this media type: report "not read".
  kCorrupt,      // the file is damaged or not what it claims: report, go on.
  kEncrypted,    // password-protected: report, go on.
  kLimit,        // a size, time or memory cap was hit: report, go on.
  kIo,           // the file could not be read or written.
  kInvalid,      // bad configuration: checklist, applicant.yaml, flags.
  kInternal,     // a bug or an unexpected library failure.
};

const char* ToString(ErrorKind kind);

struct Error {
  ErrorKind kind = ErrorKind::kInternal;
  std::string file;     // path as the user gave it (may be empty)
  std::string message;  // the reason, without the file name

  // "file: message" (or just the message when there is no file).
  std::string ToString() const;
};

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}      // NOLINT: implicit by design
  Result(Error error) : v_(std::move(error)) {}  // NOLINT

  bool ok() const { return std::holds_alternative<T>(v_); }
  explicit operator bool() const { return ok(); }

  const T& value() const& {
    assert(ok());
    return std::get<T>(v_);
  }
  T& value() & {
    assert(ok());
    return std::get<T>(v_);
  }
  T&& value() && {
    assert(ok());
    return std::get<T>(std::move(v_));
  }
  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }

  const Error& error() const {
    assert(!ok());
    return std::get<Error>(v_);
  }

 private:
  std::variant<T, Error> v_;
};

inline Error MakeError(ErrorKind kind, std::string file, std::string message) {
  return Error{kind, std::move(file), std::move(message)};
}

}  // namespace evcov
