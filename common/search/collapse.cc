#include "common/search/collapse.h"

#include <cstdint>
#include <map>
#include <set>

#include "common/index/schema.h"
#include "common/search/match_count.h"
#include "gazette/error.h"

namespace gazette {
namespace {

Xapian::Query GroupQuery(const std::string& key) {
  return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, schema::kGroupSlot, key,
                       key);
}

// The matches of `query` counted by their group (schema::kGroupSlot),
// exactly, by Xapian's own ValueCountMatchSpy, which remote shards run as
// it is.
std::map<std::string, uint64_t> CountGroups(const Xapian::Database& db,
                                            const Xapian::Query& query) {
  Xapian::ValueCountMatchSpy spy(schema::kGroupSlot);
  (void)CountMatches(db, query, {&spy});
  std::map<std::string, uint64_t> counts;
  for (auto v = spy.values_begin(); v != spy.values_end(); ++v)
    counts[*v] = v.get_termfreq();
  return counts;
}

}  // namespace

void SetMatchOrder(Xapian::Enquire& enquire, SortOrder sort) {
  // Equally relevant articles newest first, then by id: by what they are,
  // not by their docids, which differ between one database and shards.
  enquire.set_sort_by_relevance_then_value(schema::kSortSlot, true);
  // By date, then by id (kSortSlot): one day's articles, which tie, in an
  // order that does not depend on the docids either.
  if (sort != SortOrder::kRelevance)
    enquire.set_sort_by_value(schema::kSortSlot, sort == SortOrder::kNewest);
}

bool PageHasNoNearDuplicates(const std::vector<Xapian::Document>& docs) {
  std::set<std::string> groups;
  for (const Xapian::Document& doc : docs) {
    const std::string key = doc.get_value(schema::kGroupSlot);
    if (!key.empty() && !groups.insert(key).second) return false;
  }
  return true;
}

Xapian::MSet CollapsedPage(const Xapian::Database& db,
                           const Xapian::Query& query,
                           const Xapian::Weight& weight, SortOrder sort,
                           size_t offset, size_t limit) {
  Xapian::Enquire enquire(db);
  enquire.set_weighting_scheme(weight);
  enquire.set_query(query);
  SetMatchOrder(enquire, sort);
  // Articles alone have no key, and Xapian collapses none of those.
  enquire.set_collapse_key(schema::kGroupSlot);
  return enquire.get_mset(static_cast<Xapian::doccount>(offset),
                          static_cast<Xapian::doccount>(limit));
}

void CountNearDuplicates(const Xapian::Database& db, const Xapian::Query& query,
                         std::vector<Hit>& hits) {
  std::set<std::string> keys;
  for (const Hit& hit : hits)
    if (!hit.group.empty()) keys.insert(hit.group);
  if (keys.empty()) return;
  std::vector<Xapian::Query> groups;
  for (const std::string& key : keys) groups.push_back(GroupQuery(key));
  const Xapian::Query any(Xapian::Query::OP_OR, groups.begin(), groups.end());
  // Two matches for the whole page, however many groups it shows: over
  // remote shards each match costs two round trips to every shard, and
  // with two per group, Reuters' page for `zinc smelter` (3 groups) took 8
  // matches where it now takes 4.
  const auto sizes = CountGroups(db, any);
  const auto matching =
      CountGroups(db, Xapian::Query(Xapian::Query::OP_FILTER, query, any));
  const auto count = [](const std::map<std::string, uint64_t>& counts,
                        const std::string& key) -> uint64_t {
    const auto it = counts.find(key);
    return it == counts.end() ? 0 : it->second;
  };
  for (Hit& hit : hits) {
    if (hit.group.empty()) continue;
    hit.group_size = count(sizes, hit.group);
    // The hit itself matches.
    const uint64_t similar = count(matching, hit.group);
    hit.similar = similar > 0 ? similar - 1 : 0;
  }
}

Xapian::Query SimilarToQuery(const Xapian::Database& db,
                             const std::string& id) {
  const std::string id_term = schema::IdTerm(id);
  const auto posting = db.postlist_begin(id_term);
  if (posting == db.postlist_end(id_term)) {
    throw Error(ErrorKind::kQuery, "--similar-to: no article has the id '" +
                                       id +
                                       "' (give an id as results show it)");
  }
  const std::string key =
      db.get_document(*posting).get_value(schema::kGroupSlot);
  return key.empty() ? Xapian::Query(id_term) : GroupQuery(key);
}

}  // namespace gazette
