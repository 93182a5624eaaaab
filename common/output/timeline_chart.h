// The timeline drawn for a terminal: one bar per day, month or year, time
// down the vertical axis and articles along the horizontal one.
#ifndef GAZETTE_COMMON_OUTPUT_TIMELINE_CHART_H_
#define GAZETTE_COMMON_OUTPUT_TIMELINE_CHART_H_

#include <cstddef>
#include <string>

#include "gazette/search_result.h"

namespace gazette {

// Longest bar, in characters.
inline constexpr size_t kTimelineBarWidth = 50;

// The chart, lines ending in '\n': a title naming the unit and the scale,
// the axes' labels, a bar and its count per bucket (an empty bucket has an
// empty bar; any other at least one block), and the horizontal axis from 0
// to the largest count. One line saying so when no match has a date.
std::string TimelineChart(const Timeline& timeline);

}  // namespace gazette

#endif  // GAZETTE_COMMON_OUTPUT_TIMELINE_CHART_H_
