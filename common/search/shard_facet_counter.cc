#include "common/search/shard_facet_counter.h"

#include <xapian.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/index/facet_fields.h"
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
// each with its most frequent display form (ties: the smallest) and, for
// now, how many matches list it; `seen` gets the display forms the matches
// give each of them.
std::vector<FacetValue> Top(const KeyCounts& counts, size_t limit,
                            std::vector<std::vector<std::string>>* seen) {
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
    values.push_back({best->first, key, kc.count});
    seen->emplace_back();
    for (const auto& [name, times] : kc.names) seen->back().push_back(name);
  }
  return values;
}

// The terms whose index-wide frequencies tell whether a value's filter can
// find more matches than list its key: its filter term, and the facet name
// terms of the names the matches give it (FacetNameTerm: the key's code and
// the name).
std::vector<std::string> StatTerms(EntityType type, const FacetValue& value,
                                   const std::vector<std::string>& seen) {
  std::vector<std::string> terms{schema::EntityTerm(type, value.key)};
  const uint32_t code = FacetKeyCode(type, value.key);
  for (const std::string& name : seen)
    terms.push_back(FacetNameTerm(code, name));
  // Two long names cut to one term are one term: counted once.
  std::sort(terms.begin() + 1, terms.end());
  terms.erase(std::unique(terms.begin() + 1, terms.end()), terms.end());
  return terms;
}

// The index-wide frequencies of every term of `terms`, in one match.
TermFreqs Frequencies(const Xapian::Database& db,
                      const std::vector<std::vector<std::string>> (&terms)[4]) {
  std::vector<std::string> all;
  for (const auto& of_type : terms) {
    for (const auto& of_value : of_type)
      all.insert(all.end(), of_value.begin(), of_value.end());
  }
  return TermFreqsInOneMatch(db, all);
}

// Whether a value's filter finds, among any matches, just those listing its
// key, from `stat` (StatTerms: its filter term, then the facet name terms of
// the names the matches give it). Every article listing the key holds its
// filter term (DocumentBuilder adds it with the key) and one facet name term
// of the key, for the name it gives; the holders of a name term all list
// the key (as FacetNames reads them too). So the name terms' frequencies add
// up to at most the key's listers, who are at most the filter term's
// holders; when the sum reaches the holders, listers and holders are the
// same articles, and the count the matches' lists gave is the filter's.
bool SameArticles(const TermFreqs& freqs,
                  const std::vector<std::string>& stat) {
  Xapian::doccount named = 0;
  for (size_t i = 1; i < stat.size(); ++i) named += freqs.at(stat[i]);
  return named == freqs.at(stat[0]);
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
                    size_t limit, size_t* count_queries)
      : db_(db), query_(query), limit_(limit), count_queries_(count_queries) {}

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
    (void)CountMatches(db, query_, {&entities, &dates});
    const std::array<KeyCounts, 4> by_type = ByType(entities);
    // A query that matches every article: a filter finds all that hold
    // the term.
    const bool everything = entities.get_total() == db.get_doccount();
    Facets facets;
    facets.exact = every_match_seen;
    std::vector<FacetValue>* lists[4];
    lists[static_cast<size_t>(EntityType::kPerson)] = &facets.persons;
    lists[static_cast<size_t>(EntityType::kPlace)] = &facets.places;
    lists[static_cast<size_t>(EntityType::kOrg)] = &facets.orgs;
    lists[static_cast<size_t>(EntityType::kGroup)] = &facets.groups;
    std::vector<std::vector<std::string>> terms[4];
    for (size_t t = 0; t < 4; ++t) {
      std::vector<std::vector<std::string>> seen;
      *lists[t] = Top(by_type[t], limit, &seen);
      for (size_t i = 0; i < seen.size(); ++i)
        terms[t].push_back(
            StatTerms(static_cast<EntityType>(t), (*lists[t])[i], seen[i]));
    }
    const TermFreqs freqs = everything ? TermFreqs() : Frequencies(db, terms);
    for (size_t t = 0; t < 4; ++t) {
      for (size_t i = 0; i < lists[t]->size(); ++i) {
        FacetValue& value = (*lists[t])[i];
        const std::vector<std::string>& stat = terms[t][i];
        if (everything) {
          value.count = db.get_termfreq(stat[0]);
        } else if (!SameArticles(freqs, stat)) {
          value.count = CountMatchesWith(db, query_, stat[0]);
          if (count_queries_ != nullptr) ++*count_queries_;
        }
      }
      std::sort(lists[t]->begin(), lists[t]->end(), FacetValueBefore);
    }
    Dated(dates, facets);
    return facets;
  }

 private:
  const Xapian::Database& db_;
  Xapian::Query query_;
  size_t limit_;
  size_t* count_queries_;
};

}  // namespace

std::unique_ptr<FacetCounter> MakeShardFacetCounter(const Xapian::Database& db,
                                                    const Xapian::Query& query,
                                                    size_t limit,
                                                    size_t* count_queries) {
  return std::make_unique<ShardFacetCounter>(db, query, limit, count_queries);
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

}  // namespace gazette
