// The timeline of a search: its matches per day, month or year, made from
// the years and months the facet counter counts (FacetCounter), and, for a
// span of a few months, from a count per day.
#ifndef GAZETTE_COMMON_SEARCH_TIMELINE_H_
#define GAZETTE_COMMON_SEARCH_TIMELINE_H_

#include <cstdint>
#include <functional>
#include <string_view>

#include "gazette/search_result.h"

namespace gazette {

// The matches of day YYYYMMDD ("20250528").
using CountDay = std::function<uint64_t(std::string_view day)>;

// The timeline of matches whose years and months are facets.years and
// facets.months ("2025", "2025-05"); count_day is asked for every day of
// the months when the unit is a day.
Timeline MakeTimeline(const Facets& facets, const CountDay& count_day);

}  // namespace gazette

#endif  // GAZETTE_COMMON_SEARCH_TIMELINE_H_
