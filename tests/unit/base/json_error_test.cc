#include "common/base/json_error.h"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "common/base/utf8.h"

namespace gazette {
namespace {

std::string ErrorFor(const std::string& line) {
  try {
    const nlohmann::json parsed = nlohmann::json::parse(line);
    FAIL("parsed: " << parsed.dump());
  } catch (const nlohmann::json::exception& e) {
    return DescribeJsonError(e.what());
  }
  return "";
}

TEST_CASE("JSON errors say where and what, without nlohmann's ids") {
  const struct {
    std::string line;
    std::string message;
  } cases[] = {
      {"{",
       "parse error at column 2: syntax error while parsing object key - "
       "unexpected end of input; expected string literal"},
      {R"({"a": tru})",
       "parse error at column 10: syntax error while parsing value - invalid "
       "literal; last read: '\"a\": tru}'"},
      {"[1e99999]", "number overflow parsing '1e99999'"},
      // Control characters come back from nlohmann as <U+0001>.
      {"{\"a\": \"\x01\"}",
       "parse error at column 8: syntax error while parsing value - invalid "
       "string: control character U+0001 (SOH) must be escaped to \\u0001; "
       "last read: '\"<U+0001>'"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.line);
    CHECK(ErrorFor(c.line) == c.message);
  }
}

TEST_CASE("JSON errors quote at most 40 bytes of the input, escaped") {
  const std::string long_string = "[\"" + std::string(100000, 'a') + "\xff";
  const std::string message = ErrorFor(long_string);
  CHECK(message.starts_with("parse error at column 100003: "));
  CHECK(message.find("last read: '\"aaaa") != std::string::npos);
  CHECK(message.find("\xe2\x80\xa6'") != std::string::npos);  // "…'"
  CHECK(message.size() < 300);

  const std::string bad_byte = ErrorFor("[\"\xff\"]");
  CHECK(bad_byte.find("last read: '\"\\xff'") != std::string::npos);
  CHECK(RepairUtf8(bad_byte) == bad_byte);

  CHECK(ErrorFor("[" + std::string(1000, '9') + "e9999]").size() < 300);
}

}  // namespace
}  // namespace gazette
