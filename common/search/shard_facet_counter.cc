#include "common/search/shard_facet_counter.h"

#include <xapian.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/index/schema.h"
#include "common/index/stored_fields.h"

namespace gazette {
namespace {

struct NameCounts {
  uint64_t count = 0;
  std::map<std::string, uint64_t, std::less<>> names;  // display form
};

using KeyCounts = std::unordered_map<std::string, NameCounts>;

// The `limit` keys the matches' entity lists name most often (ties by key),
// each with its most frequent display form (ties: the smallest), then
// counted as its filter counts (count_term) and ordered by that count.
template <typename CountTerm>
std::vector<FacetValue> Top(EntityType type, const KeyCounts& counts,
                            size_t limit, const CountTerm& count_term) {
  std::vector<const KeyCounts::value_type*> entries;
  entries.reserve(counts.size());
  for (const auto& entry : counts) entries.push_back(&entry);
  const size_t n = std::min(limit, entries.size());
  std::partial_sort(entries.begin(), entries.begin() + static_cast<long>(n),
                    entries.end(), [](const auto* a, const auto* b) {
                      return a->second.count != b->second.count
                                 ? a->second.count > b->second.count
                                 : a->first < b->first;
                    });
  std::vector<FacetValue> values;
  values.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    const auto& [key, kc] = *entries[i];
    // max_element keeps the first of equals: the smallest name.
    const auto best = std::max_element(
        kc.names.begin(), kc.names.end(),
        [](const auto& a, const auto& b) { return a.second < b.second; });
    values.push_back(
        {best->first, key, count_term(schema::EntityTerm(type, key))});
  }
  std::sort(values.begin(), values.end(), FacetValueBefore);
  return values;
}

// Years and months, chronological ("2025" and "2025-05"), from the matches
// counted by day.
void Dated(const Xapian::ValueCountMatchSpy& dates, Facets& facets) {
  std::map<uint32_t, uint64_t> by_month;
  for (auto it = dates.values_begin(); it != dates.values_end(); ++it) {
    const std::string date = *it;
    uint32_t month = 0;
    if (date.size() == 8 &&
        std::from_chars(date.data(), date.data() + 6, month).ec ==
            std::errc()) {
      by_month[month] += it.get_termfreq();
    }
  }
  AddDated(by_month, facets);
}

// Each distinct entity list decoded once, its entities counted as many
// times as matches hold it, with their display forms.
std::array<KeyCounts, 4> ByType(const Xapian::ValueCountMatchSpy& entities) {
  std::array<KeyCounts, 4> by_type;
  for (auto it = entities.values_begin(); it != entities.values_end(); ++it) {
    const uint64_t times = it.get_termfreq();
    ForEachStoredEntity(*it, [&](EntityType type, std::string_view key,
                                 std::string_view name, bool) {
      NameCounts& kc = by_type[static_cast<size_t>(type)][std::string(key)];
      kc.count += times;
      const auto n = kc.names.find(name);
      if (n == kc.names.end()) {
        kc.names.emplace(std::string(name), times);
      } else {
        n->second += times;
      }
    });
  }
  return by_type;
}

class ShardFacetCounter : public FacetCounter {
 public:
  ShardFacetCounter(const Xapian::Database& db, const Xapian::Query& query,
                    size_t limit)
      : db_(db), query_(query), limit_(limit) {}

  // Nothing goes with the search itself: over remote shards, Xapian 1.4.22
  // gives a ValueCountMatchSpy some matches twice when the search sorts by
  // a value and asks for hits (as every search here does), about as many
  // more as hits asked for (bench: 602 matches counted as 608 with 5 hits,
  // 694 with 50). The matches are counted by a pass of their own.
  void Attach(Xapian::Enquire& /*enquire*/) override {}
  // The counts are exact when the search saw every match (the totals too).
  bool NeedsEveryMatch() const override { return true; }

  Facets Result(bool every_match_seen) override {
    const Xapian::Database& db = db_;
    const size_t limit = limit_;
    Xapian::ValueCountMatchSpy entities(schema::kEntitySlot);
    Xapian::ValueCountMatchSpy dates(schema::kDateSlot);
    Xapian::Enquire counter(db);
    counter.set_weighting_scheme(Xapian::BoolWeight());
    counter.set_docid_order(Xapian::Enquire::DONT_CARE);
    counter.set_query(query_);
    counter.add_matchspy(&entities);
    counter.add_matchspy(&dates);
    counter.get_mset(0, 0, db.get_doccount());
    const std::array<KeyCounts, 4> by_type = ByType(entities);
    // A query that matches every article: a filter finds all that hold
    // the term.
    const bool everything = entities.get_total() == db.get_doccount();
    const auto count_term = [&](const std::string& term) -> uint64_t {
      return everything ? db.get_termfreq(term)
                        : CountMatchesWith(db, query_, term);
    };
    const auto top = [&](EntityType type) {
      return Top(type, by_type[static_cast<size_t>(type)], limit, count_term);
    };
    Facets facets;
    facets.exact = every_match_seen;
    facets.persons = top(EntityType::kPerson);
    facets.places = top(EntityType::kPlace);
    facets.orgs = top(EntityType::kOrg);
    facets.groups = top(EntityType::kGroup);
    Dated(dates, facets);
    return facets;
  }

 private:
  const Xapian::Database& db_;
  Xapian::Query query_;
  size_t limit_;
};

}  // namespace

std::unique_ptr<FacetCounter> MakeShardFacetCounter(const Xapian::Database& db,
                                                    const Xapian::Query& query,
                                                    size_t limit) {
  return std::make_unique<ShardFacetCounter>(db, query, limit);
}

std::unique_ptr<FacetCounter> MakeFacetCounterFor(const Xapian::Database& db,
                                                  const Xapian::Query& query,
                                                  bool remote,
                                                  const FacetOptions& options) {
  // The shards' route has no use for the column or the names cache: it
  // reads no facet fields.
  if (remote || db.size() > 1)
    return MakeShardFacetCounter(db, query, options.limit);
  return MakeFacetCounter(db, query, options);
}

uint64_t CountMatchesWith(const Xapian::Database& db,
                          const Xapian::Query& query, const std::string& term) {
  Xapian::Enquire enquire(db);
  // Which articles match, not how well: no weights to compute.
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  enquire.set_docid_order(Xapian::Enquire::DONT_CARE);
  enquire.set_query(
      Xapian::Query(Xapian::Query::OP_FILTER, query, Xapian::Query(term)));
  return enquire.get_mset(0, 0, db.get_doccount()).get_matches_estimated();
}

}  // namespace gazette
