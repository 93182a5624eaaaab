// Facet counts made from the facet fields (common/index/facet_fields.h):
// each match's month and entity key codes counted in flat tables, with no
// name decoded; keys and names are looked up afterwards, only for the
// values that can be shown.
#ifndef GAZETTE_COMMON_SEARCH_FACET_CODE_TALLY_H_
#define GAZETTE_COMMON_SEARCH_FACET_CODE_TALLY_H_

#include <cstdint>
#include <optional>
#include <vector>

#include "common/index/facet_fields.h"
#include "common/search/facet_names.h"
#include "common/search/month_counts.h"
#include "gazette/search_result.h"

namespace gazette {

class FacetCodeTally {
 public:
  struct Slot {
    uint32_t code = 0;  // 0: empty
    uint32_t count = 0;
  };

  // Sizes the table for about this many distinct codes.
  void Reserve(size_t codes);

  // Counts one article.
  void Add(const FacetFields& fields) {
    if (fields.month != 0) months_.Add(fields.month);
    for (size_t i = 0; i < fields.codes; ++i) AddCode(fields.code(i), 1);
  }
  void AddCode(uint32_t code, uint32_t n) {
    if ((used_ + 1) * 2 > slots_.size()) Grow();
    // The code is a hash already: its low bits spread the slots.
    for (size_t i = code & mask_;; i = (i + 1) & mask_) {
      Slot& slot = slots_[i];
      if (slot.code == code) {
        slot.count += n;
        return;
      }
      if (slot.code == 0) {
        slot = {code, n};
        ++used_;
        return;
      }
    }
  }
  // Counts one article from its month and codes.
  void Add(uint32_t month, const uint32_t* codes, size_t n) {
    if (month != 0) months_.Add(month);
    for (size_t i = 0; i < n; ++i) AddCode(codes[i], 1);
  }
  void AddMonth(uint32_t month, uint64_t n) { months_.Add(month, n); }
  void Merge(const FacetCodeTally& other);

  // The facets, as EntityListTally::Result gives them for the same
  // articles: keys and names from `names`; keys sharing a code, and a key's
  // display names, counted apart over `matches` by their facet name terms.
  // nullopt when choosing the values would look up more than `max_lookups`
  // codes (many ties at the cut), which the caller may find dearer than
  // counting another way.
  std::optional<Facets> Result(size_t limit, FacetNames& names,
                               const MatchSet& matches,
                               size_t max_lookups = SIZE_MAX) const;

  // The facets of `matches`, when these counts are of a sample of them: of
  // each type, the 2 * limit codes the sample counted most are counted
  // again over `matches` by their facet name terms, and the `limit` with
  // the most shown; years and months are counted over `matches` by the
  // month terms. Every count shown is exact; a value the sample missed
  // may be missing.
  Facets SampledResult(size_t limit, FacetNames& names,
                       const MatchSet& matches) const;

 private:
  void Grow();
  // The codes counted, and how often, by entity type.
  std::vector<std::vector<Slot>> ByType() const;

  std::vector<Slot> slots_;
  size_t mask_ = 0;
  size_t used_ = 0;
  MonthCounts months_;
};

}  // namespace gazette

#endif  // GAZETTE_COMMON_SEARCH_FACET_CODE_TALLY_H_
