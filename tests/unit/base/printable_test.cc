#include "common/base/printable.h"

#include <doctest/doctest.h>

namespace gazette {
namespace {

TEST_CASE("printable text escapes what would break a one-line message") {
  struct Case {
    std::string in;
    std::string out;
  };
  const Case cases[] = {
      {"plain/path name.txt", "plain/path name.txt"},
      {"new\nline.txt", "new\\nline.txt"},
      {"cr\rtab\t", "cr\\rtab\\t"},
      {std::string("nul\0byte", 8), "nul\\0byte"},
      {"\x1b[31mred", "\\x1b[31mred"},
      {"bad\xff\xfe.txt", "bad\\xff\\xfe.txt"},
      {"caf\xc3\xa9 \xe2\x80\x94 ok", "caf\xc3\xa9 \xe2\x80\x94 ok"},
      {"\xc2\x9b"
       "csi",
       "\\u009bcsi"},
      {"truncated \xe2\x80", "truncated \\xe2\\x80"},
      {"keeps \xef\xbf\xbd as is", "keeps \xef\xbf\xbd as is"},
      {"back\\slash", "back\\slash"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.in);
    CHECK(Printable(c.in) == c.out);
  }
}

TEST_CASE("printable text is cut at a character boundary") {
  CHECK(Printable("abcdef", 3) == "abc…");
  CHECK(Printable("abc", 3) == "abc");
  // "é" takes two bytes: never cut inside it.
  CHECK(Printable("a\xc3\xa9z", 2) == "a…");
  CHECK(Printable("a\xc3\xa9z", 3) == "a\xc3\xa9…");
  CHECK(Printable(std::string(100000, 'q'), 80).size() == 80 + 3);
}

TEST_CASE("printable text is bounded by what it prints, escapes included") {
  // Found by fuzzing the query builder: 200 bytes that are not UTF-8 printed
  // as 800 ("\xff" each), so a message quoting them was over 500 bytes.
  CHECK(Printable(std::string(200, '\xff'), 200).size() == 200 + 3);
  CHECK(Printable(std::string(200, '\xff'), 10) == "\\xff\\xff…");
  CHECK(Printable("a\nb", 2) == "a…");
}

}  // namespace
}  // namespace gazette
