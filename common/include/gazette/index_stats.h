// What an index holds: counts, date range, top entities, size on disk.
// ComputeIndexStats opens the index for itself: call it from any thread.
#ifndef GAZETTE_INDEX_STATS_H_
#define GAZETTE_INDEX_STATS_H_

#include <cstdint>
#include <optional>
#include <string>

#include "gazette/date.h"
#include "gazette/search_result.h"

namespace gazette {

struct IndexStats {
  std::string path;
  uint64_t articles = 0;
  uint64_t undated = 0;
  std::optional<Date> first_date;
  std::optional<Date> last_date;
  // Top entities per type, over all articles; years as in search facets.
  Facets entities;
  uint64_t bytes = 0;
};

// The most entities of each type stats list.
inline constexpr size_t kMaxStatsTop = 10000;

// The stats of the index at db_path, with the `top` most mentioned
// entities of each type (at most kMaxStatsTop). Throws Error: kUsage (top
// above kMaxStatsTop), kIndexMissing, kIndexCorrupt.
IndexStats ComputeIndexStats(const std::string& db_path, size_t top);

}  // namespace gazette

#endif  // GAZETTE_INDEX_STATS_H_
