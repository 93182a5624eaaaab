#include "common/search/timeline.h"

#include <cstdio>
#include <map>
#include <string>
#include <vector>

namespace gazette {
namespace {

// Months are numbered year * 12 + month - 1, so that a span is a
// subtraction.
uint32_t ParseMonth(const std::string& text) {
  unsigned year = 0;
  unsigned month = 0;
  if (std::sscanf(text.c_str(), "%4u-%2u", &year, &month) != 2) return 0;
  return year * 12 + month - 1;
}

bool IsLeap(uint32_t year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

uint32_t DaysIn(uint32_t year, uint32_t month) {
  static constexpr uint32_t kDays[] = {31, 28, 31, 30, 31, 30,
                                       31, 31, 30, 31, 30, 31};
  return month == 2 && IsLeap(year) ? 29 : kDays[month - 1];
}

std::string Format(const char* format, uint32_t a, uint32_t b = 0,
                   uint32_t c = 0) {
  char text[16];
  std::snprintf(text, sizeof text, format, a, b, c);
  return text;
}

// Buckets [first, last], of counts, empty ones included.
template <typename Label>
void Fill(Timeline& timeline, const std::map<uint32_t, uint64_t>& counts,
          Label label) {
  if (counts.empty()) return;
  for (uint32_t i = counts.begin()->first; i <= counts.rbegin()->first; ++i) {
    const auto it = counts.find(i);
    timeline.buckets.push_back({label(i), it == counts.end() ? 0 : it->second});
  }
}

void ByDay(Timeline& timeline, uint32_t first, uint32_t last,
           const CountDay& count_day) {
  std::map<uint32_t, uint64_t> counts;  // day of the span (0: first's 1st)
  std::vector<std::string> days;
  for (uint32_t m = first; m <= last; ++m) {
    const uint32_t year = m / 12;
    const uint32_t month = m % 12 + 1;
    for (uint32_t d = 1; d <= DaysIn(year, month); ++d) {
      const std::string key = Format("%04u%02u%02u", year, month, d);
      const uint64_t n = count_day(key);
      if (n > 0) counts[static_cast<uint32_t>(days.size())] = n;
      days.push_back(key.substr(0, 4) + "-" + key.substr(4, 2) + "-" +
                     key.substr(6, 2));
    }
  }
  Fill(timeline, counts, [&](uint32_t i) { return days[i]; });
}

}  // namespace

Timeline MakeTimeline(const Facets& facets, const CountDay& count_day) {
  Timeline timeline;
  timeline.exact = facets.exact;
  std::map<uint32_t, uint64_t> months;
  for (const FacetValue& v : facets.months) {
    if (v.count > 0) months[ParseMonth(v.key)] += v.count;
  }
  if (months.empty()) {
    timeline.unit = "month";
    return timeline;
  }
  const uint32_t first = months.begin()->first;
  const uint32_t last = months.rbegin()->first;
  if (last - first + 1 <= kTimelineDayMonths) {
    timeline.unit = "day";
    ByDay(timeline, first, last, count_day);
  } else if (last - first + 1 > kTimelineMonthMonths) {
    timeline.unit = "year";
    std::map<uint32_t, uint64_t> years;
    for (const FacetValue& v : facets.years) {
      if (v.count > 0)
        years[static_cast<uint32_t>(std::stoul(v.key))] += v.count;
    }
    Fill(timeline, years, [](uint32_t y) { return Format("%04u", y); });
  } else {
    timeline.unit = "month";
    Fill(timeline, months,
         [](uint32_t m) { return Format("%04u-%02u", m / 12, m % 12 + 1); });
  }
  return timeline;
}

}  // namespace gazette
