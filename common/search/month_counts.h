// Articles counted by month, and the years and months facets made of them.
#ifndef GAZETTE_COMMON_SEARCH_MONTH_COUNTS_H_
#define GAZETTE_COMMON_SEARCH_MONTH_COUNTS_H_

#include <cstdint>
#include <vector>

#include "gazette/search_result.h"

namespace gazette {

class MonthCounts {
 public:
  // Counts n articles in the month YYYYMM (202505); must not be 0.
  void Add(uint32_t month, uint64_t n = 1) {
    // Unsigned: a month before base_ wraps to a large offset.
    if (month - base_ >= counts_.size()) Grow(month);
    counts_[month - base_] += n;
  }

  // Adds other's counts to these.
  void Merge(const MonthCounts& other);

  // Sets facets.years and facets.months to the years and months with
  // articles, oldest first: "2025" and "2025-05".
  void AddTo(Facets& facets) const;

 private:
  void Grow(uint32_t month);

  uint32_t base_ = 0;
  std::vector<uint64_t> counts_;  // counts_[i]: month base_ + i
};

}  // namespace gazette

#endif  // GAZETTE_COMMON_SEARCH_MONTH_COUNTS_H_
