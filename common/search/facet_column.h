// The facet fields of every article of one revision of a database, held in
// memory for a searcher that answers many queries: counting a match is then
// a few array reads, where reading its value from the index costs a block
// read whenever matches are sparse (docs/facets.md, "The column").
#ifndef GAZETTE_COMMON_SEARCH_FACET_COLUMN_H_
#define GAZETTE_COMMON_SEARCH_FACET_COLUMN_H_

#include <xapian.h>

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "common/search/facet_code_tally.h"

namespace gazette {

class FacetColumn {
 public:
  // Reads the facet fields of every article of db, in one pass over the
  // facet slot. Throws Xapian::Error.
  static std::shared_ptr<const FacetColumn> Load(const Xapian::Database& db);

  // Counts the articles `ids` (ascending, as db numbers them), on up to
  // `threads` threads when there are at least `per_thread` for each.
  FacetCodeTally Count(const std::vector<Xapian::docid>& ids, unsigned threads,
                       size_t per_thread = kMatchesPerThread) const;

  // Below this many matches a thread, starting threads costs more than
  // counting on one saves (docs/facets.md, "More cores").
  static constexpr size_t kMatchesPerThread = 1 << 17;

  // Memory held.
  size_t bytes() const;

 private:
  void CountRange(const Xapian::docid* begin, const Xapian::docid* end,
                  FacetCodeTally& tally) const;

  // Article d: month months_[d] (0: none), codes codes_[starts_[d]] up to
  // codes_[starts_[d + 1]].
  std::vector<uint32_t> starts_;
  std::vector<uint32_t> months_;
  std::vector<uint32_t> codes_;
};

// The column of the latest revision a Searcher (and its clones) searched,
// loaded when a second search with facets comes for that revision: one
// search alone reads only its own matches' values, which costs less than
// loading every article's. Thread-safe.
class FacetColumnCache {
 public:
  // The column of db's revision, or null when none is loaded (yet) or db
  // has several sub-databases (no single revision to key it by).
  std::shared_ptr<const FacetColumn> Get(const Xapian::Database& db);

 private:
  std::mutex mutex_;
  std::string revision_;  // uuid and revision column_ is for, or was asked
  unsigned asked_ = 0;
  std::shared_ptr<const FacetColumn> column_;
};

}  // namespace gazette

#endif  // GAZETTE_COMMON_SEARCH_FACET_COLUMN_H_
