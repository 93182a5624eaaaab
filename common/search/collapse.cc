#include "common/search/collapse.h"

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
  std::map<std::string, std::pair<uint64_t, uint64_t>> counted;
  for (Hit& hit : hits) {
    if (hit.group.empty()) continue;
    auto [it, fresh] = counted.try_emplace(hit.group);
    if (fresh) {
      const Xapian::Query group = GroupQuery(hit.group);
      it->second = {CountMatches(db, group),
                    CountMatches(db, Xapian::Query(Xapian::Query::OP_FILTER,
                                                   query, group))};
    }
    hit.group_size = it->second.first;
    // The hit itself matches.
    hit.similar = it->second.second > 0 ? it->second.second - 1 : 0;
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
