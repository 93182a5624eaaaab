#include "common/search/month_counts.h"

#include <cstdio>

namespace gazette {

void MonthCounts::Grow(uint32_t month) {
  if (counts_.empty()) {
    base_ = month;
    counts_.assign(1, 0);
  } else if (month < base_) {
    counts_.insert(counts_.begin(), base_ - month, 0);
    base_ = month;
  } else {
    counts_.resize(month - base_ + 1, 0);
  }
}

void MonthCounts::Merge(const MonthCounts& other) {
  for (size_t i = 0; i < other.counts_.size(); ++i) {
    if (other.counts_[i] != 0)
      Add(other.base_ + static_cast<uint32_t>(i), other.counts_[i]);
  }
}

void MonthCounts::AddTo(Facets& facets) const {
  facets.years.clear();
  facets.months.clear();
  char text[16];
  for (size_t i = 0; i < counts_.size(); ++i) {
    const uint64_t count = counts_[i];
    if (count == 0) continue;
    const uint32_t month = base_ + static_cast<uint32_t>(i);
    const unsigned year = month / 100;
    std::snprintf(text, sizeof text, "%04u", year);
    // Months come in order, so a year's are together.
    if (facets.years.empty() || facets.years.back().key != text) {
      facets.years.push_back({text, text, 0});
    }
    facets.years.back().count += count;
    std::snprintf(text, sizeof text, "%04u-%02u", year,
                  static_cast<unsigned>(month % 100));
    facets.months.push_back({text, text, count});
  }
}

}  // namespace gazette
