// Facet counts made by reading each article's entity list and date: how
// every match was counted before the facet fields, and still the cheaper
// way for a few matches (facet_counter.cc says when).
#ifndef GAZETTE_COMMON_SEARCH_ENTITY_LIST_TALLY_H_
#define GAZETTE_COMMON_SEARCH_ENTITY_LIST_TALLY_H_

#include <array>
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/base/flat_string_map.h"
#include "common/search/month_counts.h"
#include "gazette/search_result.h"

namespace gazette {

// How an article listing one key twice counts.
enum class RepeatedKeys {
  kOnce,      // once, under the first name: as the facet fields count
  kEachTime,  // once per listing, as Gazette counted before facet fields
};

class EntityListTally {
 public:
  explicit EntityListTally(RepeatedKeys repeated = RepeatedKeys::kOnce)
      : repeated_(repeated) {}

  // Counts one article: its entity list and date slot values.
  void Add(std::string_view entities, std::string_view date);

  // The `limit` keys of each type with the most articles (ties: the
  // smaller key), each under the display name most of those articles
  // give it (ties: the smaller name); every year and month.
  Facets Result(size_t limit) const;

 private:
  // Owns copies of the display names the counts refer to, in large blocks,
  // so that counting a new entity costs no allocation of its own.
  class StringArena {
   public:
    std::string_view Copy(std::string_view s);

   private:
    static constexpr size_t kBlock = 64 * 1024;
    std::vector<std::unique_ptr<char[]>> blocks_;
    size_t used_ = 0;
    std::deque<std::string> big_;
  };

  struct KeyCount {
    uint64_t count = 0;
    // Display forms seen for the key, so the most frequent can be shown.
    // Nearly every key has one; the vector is used only for the others.
    std::string_view name;
    uint64_t name_count = 0;
    std::vector<std::pair<std::string_view, uint64_t>> other_names;
  };

  using KeyCounts = FlatStringMap<KeyCount>;

  // The `limit` keys with the highest counts (ties by key), with their most
  // frequent display form. Strings are made for those only.
  static std::vector<FacetValue> Top(const KeyCounts& counts, size_t limit);

  RepeatedKeys repeated_;
  StringArena arena_;
  std::array<KeyCounts, 4> by_type_;
  MonthCounts months_;
  // The keys of the article being counted, for RepeatedKeys::kOnce.
  std::vector<std::pair<int, std::string_view>> seen_;
};

}  // namespace gazette

#endif  // GAZETTE_COMMON_SEARCH_ENTITY_LIST_TALLY_H_
