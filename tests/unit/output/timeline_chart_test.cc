#include "common/output/timeline_chart.h"

#include <doctest/doctest.h>

#include <string>

namespace gazette {
namespace {

TEST_CASE("the timeline chart has labelled axes and a bar per bucket") {
  const Timeline t{
      "month", true, {{"1987-02", 3}, {"1987-03", 0}, {"1987-04", 1}}};
  CHECK(TimelineChart(t) ==
        "Timeline: 4 dated articles by month, 1987-02 to 1987-04 (█ = 1 "
        "article)\n"
        "month   │\n"
        "1987-02 │███ 3\n"
        "1987-03 │ 0\n"
        "1987-04 │█ 1\n"
        "        └───\n"
        "        0  3 articles\n");
}

TEST_CASE("the longest bar fits the width; a small count keeps one block") {
  const Timeline t{"year", false, {{"1987", 1000}, {"1988", 1}}};
  const std::string chart = TimelineChart(t);
  CHECK(chart.find("(█ = 20 articles), estimated\n") != std::string::npos);
  std::string longest = "1987 │";
  for (size_t i = 0; i < kTimelineBarWidth; ++i) longest += "█";
  CHECK(chart.find(longest + " 1000\n") != std::string::npos);
  CHECK(chart.find("1988 │█ 1\n") != std::string::npos);
}

TEST_CASE("a timeline without dated matches says so") {
  CHECK(TimelineChart(Timeline{"month", true, {}}) ==
        "Timeline: no matching article has a date.\n");
}

}  // namespace
}  // namespace gazette
