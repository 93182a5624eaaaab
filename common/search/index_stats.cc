#include "gazette/index_stats.h"

#include "common/index/index_database.h"
#include "common/index/schema.h"
#include "common/search/facet_counter.h"
#include "gazette/error.h"

namespace gazette {

IndexStats ComputeIndexStats(const std::string& db_path, size_t top) {
  if (top > kMaxStatsTop) {
    throw Error(ErrorKind::kUsage, "top must be at most " +
                                       std::to_string(kMaxStatsTop) + ", got " +
                                       std::to_string(top));
  }
  const Xapian::Database db = OpenIndexForReading(db_path);
  IndexStats stats;
  stats.path = db_path;
  stats.articles = db.get_doccount();
  uint64_t dated = 0;
  std::string first;
  std::string last;
  for (auto it = db.valuestream_begin(schema::kDateSlot);
       it != db.valuestream_end(schema::kDateSlot); ++it) {
    const std::string& key = *it;
    ++dated;
    if (first.empty() || key < first) first = key;
    if (key > last) last = key;
  }
  stats.undated = stats.articles - dated;
  stats.first_date = Date::FromKey(first);
  stats.last_date = Date::FromKey(last);

  // The facets of every article give the top entities (from the index's
  // totals: no article is read).
  Xapian::Enquire enquire(db);
  enquire.set_query(Xapian::Query::MatchAll);
  const auto counter = MakeFacetCounter(db, Xapian::Query::MatchAll, {top});
  counter->Attach(enquire);
  const Xapian::MSet all = enquire.get_mset(
      0, 0, counter->NeedsEveryMatch() ? db.get_doccount() : 0);
  stats.entities = counter->Result(all.get_matches_lower_bound() ==
                                   all.get_matches_upper_bound());
  stats.bytes = IndexSizeBytes(db_path);
  return stats;
}

}  // namespace gazette
