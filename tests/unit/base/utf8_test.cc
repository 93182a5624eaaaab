#include "common/base/utf8.h"

#include <doctest/doctest.h>

namespace gazette {
namespace {

TEST_CASE("utf8 repair keeps valid text and replaces each bad byte") {
  struct Case {
    std::string in;
    std::string out;
    size_t repairs;
  };
  const Case cases[] = {
      {"plain", "plain", 0},
      {"\u201CHayat\u201D", "\u201CHayat\u201D", 0},
      {"\xC0\xAF", "\uFFFD\uFFFD", 2},                      // overlong '/'
      {"\xED\xA0\x80", "\uFFFD\uFFFD\uFFFD", 3},            // a surrogate
      {"ab\xE2\x80", "ab\uFFFD\uFFFD", 2},                  // truncated
      {"\xF4\x90\x80\x80", "\uFFFD\uFFFD\uFFFD\uFFFD", 4},  // past U+10FFFF
  };
  for (const Case& c : cases) {
    size_t repairs = 99;
    CHECK(RepairUtf8(c.in, &repairs) == c.out);
    CHECK(repairs == c.repairs);
  }
}

TEST_CASE("utf16 conversion joins surrogate pairs and replaces lone ones") {
  CHECK(Utf16ToUtf8(std::string("\x3D\xD8\x00\xDE", 4), false) == "\U0001F600");
  CHECK(Utf16ToUtf8(std::string("\x3D\xD8", 2), false) == "\uFFFD");
  CHECK(Utf16ToUtf8(std::string("\x00\x41", 2), true) == "A");
}

}  // namespace
}  // namespace gazette
