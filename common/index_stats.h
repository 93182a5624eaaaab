// What an index holds: counts, date range, top entities, size on disk.
#ifndef GAZETTE_COMMON_INDEX_STATS_H_
#define GAZETTE_COMMON_INDEX_STATS_H_

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>

#include "common/date.h"
#include "common/result_printer.h"
#include "common/search_result.h"

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

// Throws Error as OpenIndexForReading does.
IndexStats ComputeIndexStats(const std::string& db_path, size_t top);

void PrintIndexStats(std::ostream& out, const IndexStats& stats,
                     OutputFormat format);

}  // namespace gazette

#endif  // GAZETTE_COMMON_INDEX_STATS_H_
