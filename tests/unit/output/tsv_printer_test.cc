#include <doctest/doctest.h>

#include <sstream>

#include "gazette/printers.h"
#include "tests/unit/output/printer_fixture.h"

namespace gazette {
namespace {

std::vector<std::string> Split(const std::string& text, char sep) {
  std::vector<std::string> parts;
  std::string part;
  std::istringstream in(text);
  while (std::getline(in, part, sep)) parts.push_back(part);
  return parts;
}

TEST_CASE("tsv printer escapes tabs, line breaks and backslashes") {
  std::ostringstream out;
  MakeTsvPrinter(out)->Print(testing::TwoHitResult());
  const auto lines = Split(out.str(), '\n');
  REQUIRE(lines.size() == 3);
  // New columns go at the end, so that scripts reading by position hold.
  CHECK(lines[0] == "rank\tscore\tdate\tid\tpath\ttitle\tsnippet\tsource\turl");
  CHECK(Split(lines[1], '\t') ==
        std::vector<std::string>{"1", "1.5", "2025-05-28", "2025/a.txt",
                                 "/news/2025/a.txt", "Golan talks",
                                 "the Golan talks resume", "Reuters",
                                 "https://example.org/a"});
  // A line ends in the empty url: add it back after the split.
  auto odd = Split(lines[2], '\t');
  odd.emplace_back();
  REQUIRE(odd.size() == 9);
  CHECK(odd[7] == "Wire\\tservice");
  CHECK(odd[1] == "0.25");
  CHECK(odd[2] == "");
  CHECK(odd[3] == "odd\\tname\\\\x.txt");
  CHECK(odd[5] == "Line\\nbreak\\rtitle");
}

}  // namespace
}  // namespace gazette
