// A value, or the one-line reason there is none: what a function returns
// for a problem with one item (a file, a line of a file), which the caller
// reports and skips, where an exception would be for a failure of the
// environment. std::expected arrives with C++23; this is the part we use.
#ifndef GAZETTE_COMMON_BASE_EXPECTED_H_
#define GAZETTE_COMMON_BASE_EXPECTED_H_

#include <cassert>
#include <optional>
#include <string>
#include <utility>

namespace gazette {

// The reason an Expected holds no value, for constructing one.
struct Unexpected {
  std::string reason;
};

template <typename T>
class [[nodiscard]] Expected {
 public:
  Expected(T value) : value_(std::move(value)) {}  // NOLINT: implicit
  Expected(Unexpected failure)                     // NOLINT: implicit
      : reason_(std::move(failure.reason)) {}

  bool ok() const { return value_.has_value(); }
  explicit operator bool() const { return ok(); }

  // The value; only when ok().
  T& value() & {
    assert(ok());
    return *value_;
  }
  const T& value() const& {
    assert(ok());
    return *value_;
  }
  T&& value() && {
    assert(ok());
    return *std::move(value_);
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  // Why there is no value; empty when ok().
  const std::string& error() const { return reason_; }

 private:
  std::optional<T> value_;
  std::string reason_;
};

}  // namespace gazette

#endif  // GAZETTE_COMMON_BASE_EXPECTED_H_
