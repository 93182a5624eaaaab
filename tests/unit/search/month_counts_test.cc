#include "common/search/month_counts.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

namespace gazette {
namespace {

std::vector<std::string> Lines(const std::vector<FacetValue>& values) {
  std::vector<std::string> out;
  for (const FacetValue& v : values)
    out.push_back(v.key + "=" + v.value + " " + std::to_string(v.count));
  return out;
}

using V = std::vector<std::string>;

TEST_CASE("months are listed oldest first, with their years' sums") {
  MonthCounts counts;
  counts.Add(202505);
  counts.Add(199812, 3);
  counts.Add(202505);
  counts.Add(202601);
  counts.Add(199801);
  Facets f;
  counts.AddTo(f);
  CHECK(Lines(f.years) == V{"1998=1998 4", "2025=2025 2", "2026=2026 1"});
  CHECK(Lines(f.months) == V{"1998-01=1998-01 1", "1998-12=1998-12 3",
                             "2025-05=2025-05 2", "2026-01=2026-01 1"});
}

TEST_CASE("month counts merge, and none makes empty lists") {
  MonthCounts a;
  MonthCounts b;
  Facets f;
  a.AddTo(f);
  CHECK(f.years.empty());
  CHECK(f.months.empty());
  a.Add(202001);
  b.Add(202001, 2);
  b.Add(190003);
  a.Merge(b);
  a.AddTo(f);
  CHECK(Lines(f.months) == V{"1900-03=1900-03 1", "2020-01=2020-01 3"});
}

}  // namespace
}  // namespace gazette
