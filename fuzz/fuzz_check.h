// What the fuzz targets share: a check that stops the run (so libFuzzer
// saves the input) when a property every input must have does not hold.
#ifndef GAZETTE_FUZZ_FUZZ_CHECK_H_
#define GAZETTE_FUZZ_FUZZ_CHECK_H_

#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "common/base/utf8.h"

namespace gazette::fuzz {

inline void Check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "fuzz check failed: %s\n", what);
    std::abort();
  }
}

inline bool IsUtf8(std::string_view text) { return RepairUtf8(text) == text; }

// A message for a user (a warning, a skip reason, an error): what the
// programs print after "path: " or "searcher: ", so it must be one short
// line of UTF-8 whatever the input was.
inline void CheckMessage(std::string_view message, const char* what) {
  const std::string prefix(what);
  Check(!message.empty(), (prefix + ": empty").c_str());
  Check(message.find('\n') == std::string_view::npos,
        (prefix + ": more than one line").c_str());
  Check(IsUtf8(message), (prefix + ": not UTF-8").c_str());
  Check(message.size() <= 500, (prefix + ": longer than 500 bytes").c_str());
}

}  // namespace gazette::fuzz

#endif  // GAZETTE_FUZZ_FUZZ_CHECK_H_
