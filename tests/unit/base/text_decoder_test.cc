#include "common/base/text_decoder.h"

#include <doctest/doctest.h>

namespace gazette {
namespace {

TEST_CASE("decoder skips files with NUL bytes as binary") {
  const DecodedText d = DecodeArticleBytes(std::string("date 2025\0x", 11));
  REQUIRE(d.skip_reason);
  CHECK(d.skip_reason->find("binary") != std::string::npos);
}

TEST_CASE("decoder repairs invalid UTF-8 with U+FFFD and warns") {
  const DecodedText d = DecodeArticleBytes("caf\xE9 au lait \xFF");
  CHECK_FALSE(d.skip_reason);
  CHECK(d.text == "caf\uFFFD au lait \uFFFD");
  REQUIRE(d.warnings.size() == 1);
  CHECK(d.warnings[0].find("2 bytes") != std::string::npos);
}

TEST_CASE("decoder converts UTF-16 with a BOM and normalises line ends") {
  const std::string le(
      "\xFF\xFE"
      "d\0a\0\r\0\n\0\xE9\0",
      12);
  const DecodedText d = DecodeArticleBytes(le);
  CHECK_FALSE(d.skip_reason);
  CHECK(d.text == "da\n\u00E9");
  const std::string be("\xFE\xFF\0x\0\r\0y", 8);
  CHECK(DecodeArticleBytes(be).text == "x\ny");
}

TEST_CASE("decoder strips a UTF-8 BOM and turns CRLF and CR into LF") {
  const DecodedText d = DecodeArticleBytes("\xEF\xBB\xBFone\r\ntwo\rthree");
  CHECK(d.text == "one\ntwo\nthree");
  CHECK(d.warnings.empty());
}

TEST_CASE("lines of a text file come without their ends, LF or CRLF") {
  using V = std::vector<std::string_view>;
  CHECK(SplitLines("") == V{});
  CHECK(SplitLines("one") == V{"one"});
  CHECK(SplitLines("one\r\ntwo\n") == V{"one", "two"});
  CHECK(SplitLines("one\n\nthree") == V{"one", "", "three"});
  CHECK(SplitLines("\r\n") == V{""});
  // A lone CR inside a line stays: only a line end's CR goes.
  CHECK(SplitLines("a\rb\n") == V{"a\rb"});
}

}  // namespace
}  // namespace gazette
