#include "common/search/timeline.h"

#include <doctest/doctest.h>

#include <map>
#include <string>
#include <vector>

namespace gazette {
namespace {

Facets Months(const std::map<std::string, uint64_t>& months) {
  Facets f;
  f.exact = true;
  std::map<std::string, uint64_t> years;
  for (const auto& [month, count] : months) {
    f.months.push_back({month, month, count});
    years[month.substr(0, 4)] += count;
  }
  for (const auto& [year, count] : years)
    f.years.push_back({year, year, count});
  return f;
}

std::vector<std::string> Dates(const Timeline& t) {
  std::vector<std::string> dates;
  for (const TimelineBucket& b : t.buckets) dates.push_back(b.date);
  return dates;
}

std::vector<uint64_t> Counts(const Timeline& t) {
  std::vector<uint64_t> counts;
  for (const TimelineBucket& b : t.buckets) counts.push_back(b.count);
  return counts;
}

uint64_t NoDays(std::string_view day) {
  FAIL("asked for day ", std::string(day));
  return 0;
}

TEST_CASE("a timeline over months has every month between the first and last") {
  const Timeline t = MakeTimeline(
      Months({{"1987-02", 4}, {"1987-05", 1}, {"1987-10", 3}}), NoDays);
  CHECK(t.unit == "month");
  CHECK(t.exact);
  CHECK(Dates(t).size() == 9);
  CHECK(Dates(t).front() == "1987-02");
  CHECK(Dates(t).back() == "1987-10");
  CHECK(Counts(t) == std::vector<uint64_t>{4, 0, 0, 1, 0, 0, 0, 0, 3});
  // Across a new year, and up to four years' months.
  const Timeline across =
      MakeTimeline(Months({{"2024-11", 1}, {"2028-10", 2}}), NoDays);
  CHECK(across.unit == "month");
  CHECK(across.buckets.size() == kTimelineMonthMonths);
  CHECK(across.buckets[2].date == "2025-01");
}

TEST_CASE("a timeline over more than four years counts years") {
  const Timeline t = MakeTimeline(
      Months({{"1987-02", 4}, {"1987-05", 1}, {"1991-03", 3}}), NoDays);
  CHECK(t.unit == "year");
  CHECK(Dates(t) ==
        std::vector<std::string>{"1987", "1988", "1989", "1990", "1991"});
  CHECK(Counts(t) == std::vector<uint64_t>{5, 0, 0, 0, 3});
}

TEST_CASE("a timeline within two months counts days, first to last match") {
  std::vector<std::string> asked;
  const std::map<std::string, uint64_t> days = {
      {"20240227", 2}, {"20240229", 1}, {"20240302", 5}};
  const Timeline t = MakeTimeline(
      Months({{"2024-02", 3}, {"2024-03", 5}}), [&](std::string_view day) {
        asked.emplace_back(day);
        const auto it = days.find(std::string(day));
        return it == days.end() ? uint64_t{0} : it->second;
      });
  CHECK(t.unit == "day");
  // Every day of both months, a leap year's February included.
  CHECK(asked.size() == 29 + 31);
  CHECK(Dates(t) == std::vector<std::string>{"2024-02-27", "2024-02-28",
                                             "2024-02-29", "2024-03-01",
                                             "2024-03-02"});
  CHECK(Counts(t) == std::vector<uint64_t>{2, 0, 1, 0, 5});
}

TEST_CASE("a timeline of matches without dates has no buckets") {
  const Timeline t = MakeTimeline(Facets{}, NoDays);
  CHECK(t.buckets.empty());
}

}  // namespace
}  // namespace gazette
