#include "common/search/facet_counter.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/index/facet_fields.h"
#include "common/index/schema.h"
#include "common/search/entity_list_tally.h"
#include "common/search/facet_code_tally.h"
#include "common/search/facet_names.h"

namespace gazette {
namespace {

// Up to this many matches, reading their entity lists costs less than
// counting codes and then looking up the keys of the values shown
// (docs/facets.md, "Choosing the route").
constexpr size_t kFewMatches = 128;
// Looking up a key costs about as much as reading this many entity lists
// from the index: when ties at the cut need more lookups, the lists are
// read instead. With the column in memory, counting is nearly free and a
// list read costs this many lookups.
constexpr size_t kListsPerLookup = 3;
constexpr size_t kLookupsPerList = 4;

// Gathers the ids of the matches, in the order Xapian finds them (docid
// order, but for several databases one after the other).
class MatchIdSpy : public Xapian::MatchSpy {
 public:
  void operator()(const Xapian::Document& doc, double) override {
    const Xapian::docid id = doc.get_docid();
    if (!ids_.empty() && id < ids_.back()) sorted_ = false;
    ids_.push_back(id);
  }
  std::string name() const override { return "gazette.MatchIdSpy"; }

  // The ids, ascending.
  std::vector<Xapian::docid>& ids() {
    if (!sorted_) std::sort(ids_.begin(), ids_.end());
    sorted_ = true;
    return ids_;
  }

 private:
  std::vector<Xapian::docid> ids_;
  bool sorted_ = true;
};

// The value of `slot` for each of `ids` (ascending), through one value
// stream: fn(id, value) for those that have one.
template <typename Fn>
void ForEachValue(const Xapian::Database& db, Xapian::valueno slot,
                  const std::vector<Xapian::docid>& ids, Fn&& fn) {
  auto it = db.valuestream_begin(slot);
  const auto end = db.valuestream_end(slot);
  for (const Xapian::docid id : ids) {
    if (it == end) return;
    it.skip_to(id);
    if (it == end) return;
    if (it.get_docid() == id) fn(id, *it);
  }
}

Facets ByEntityLists(const Xapian::Database& db,
                     const std::vector<Xapian::docid>& ids, size_t limit) {
  // Two value streams side by side: the dates of the ids, then the lists.
  std::vector<std::string> dates(ids.size());
  size_t i = 0;
  ForEachValue(db, schema::kDateSlot, ids,
               [&](Xapian::docid id, const std::string& date) {
                 while (ids[i] != id) ++i;
                 dates[i] = date;
               });
  EntityListTally tally;
  i = 0;
  auto lists = db.valuestream_begin(schema::kEntitySlot);
  const auto end = db.valuestream_end(schema::kEntitySlot);
  for (; i < ids.size(); ++i) {
    if (lists != end) lists.skip_to(ids[i]);
    const bool listed = lists != end && lists.get_docid() == ids[i];
    tally.Add(listed ? *lists : std::string(), dates[i]);
  }
  return tally.Result(limit);
}

FacetCodeTally CountCodes(const Xapian::Database& db,
                          const std::vector<Xapian::docid>& ids) {
  FacetCodeTally tally;
  // Articles list a few keys each, many the same ones.
  tally.Reserve(std::min<size_t>(ids.size() * 4, size_t{1} << 16));
  ForEachValue(db, schema::kFacetSlot, ids,
               [&](Xapian::docid, const std::string& value) {
                 FacetFields fields;
                 if (DecodeFacetFields(value, &fields)) tally.Add(fields);
               });
  return tally;
}

// Gives each entity value shown the count its filter (person:KEY and the
// like) finds among `matches`: the articles naming it in any form, its
// aliases and those of other entities included, so that every value shown
// counts back through its filter to the number shown. The values come with
// how many matches list the key; they are ordered again by these counts
// (ties: the smaller key).
//
// Every article listing a key holds its filter term (DocumentBuilder adds
// it with the key), so the term's holders include the key's listers; when
// the index has as many holders as listers (the term's frequency against
// the key's facet name terms' frequencies, in `names` when it looked the key
// up), they are the same articles, and among any matches the filter finds
// just the listers: the count the value came with. Only the other values'
// terms are counted against the matches (docs/facets.md, "The count
// shown").
void CountByFilters(const Xapian::Database& db, const FacetNames& names,
                    const MatchSet& matches, Facets& facets) {
  const std::pair<EntityType, std::vector<FacetValue>*> lists[] = {
      {EntityType::kPerson, &facets.persons},
      {EntityType::kPlace, &facets.places},
      {EntityType::kOrg, &facets.orgs},
      {EntityType::kGroup, &facets.groups}};
  for (const auto& [type, values] : lists) {
    for (FacetValue& value : *values) {
      const std::string term = schema::EntityTerm(type, value.key);
      const Xapian::doccount holders = db.get_termfreq(term);
      const FacetKeyNames* key =
          names.Known(FacetKeyCode(type, value.key), value.key);
      if (key != nullptr && key->Listed() == holders) continue;
      value.count = matches.CountWith(db, term, holders);
    }
    std::sort(values->begin(), values->end(), FacetValueBefore);
  }
}

// What counting one search's matches uses.
struct Counting {
  const Xapian::Database& db;
  const FacetOptions& options;
  // The column of facet fields, when the searcher keeps one.
  std::shared_ptr<const FacetColumn> column;
  FacetNames& names;

  FacetCodeTally Codes(const std::vector<Xapian::docid>& ids) const {
    return column ? column->Count(ids, options.threads) : CountCodes(db, ids);
  }
};

// Every match counted.
Facets CountAll(const Counting& c, const std::vector<Xapian::docid>& ids,
                const MatchSet& matches) {
  using Method = FacetOptions::Method;
  const FacetOptions& options = c.options;
  // Without the column, reading a few matches' entity lists costs less
  // than reading their facet fields and then looking up the keys.
  if (options.method == Method::kEntityLists ||
      (options.method == Method::kAuto && !c.column &&
       ids.size() <= kFewMatches))
    return ByEntityLists(c.db, ids, options.limit);
  const FacetCodeTally tally = c.Codes(ids);
  size_t max_lookups = SIZE_MAX;
  if (options.method == Method::kAuto) {
    max_lookups = c.column ? kLookupsPerList * ids.size() + kFewMatches
                           : ids.size() / kListsPerLookup;
  }
  if (auto facets = tally.Result(options.limit, c.names, matches, max_lookups))
    return std::move(*facets);
  return ByEntityLists(c.db, ids, options.limit);
}

// Values chosen from `sample` evenly spread matches, then counted exactly.
Facets CountSample(const Counting& c, const std::vector<Xapian::docid>& ids,
                   const MatchSet& matches) {
  const size_t sample = c.options.sample;
  std::vector<Xapian::docid> some(sample);
  for (size_t i = 0; i < sample; ++i)
    some[i] = ids[static_cast<size_t>(uint64_t{i} * ids.size() / sample)];
  const FacetCodeTally tally = c.Codes(some);
  Facets facets = tally.SampledResult(c.options.limit, c.names, matches);
  facets.sample = Facets::Sample{sample, ids.size()};
  return facets;
}

class LocalFacetCounter : public FacetCounter {
 public:
  LocalFacetCounter(const Xapian::Database& db, const FacetOptions& options)
      : db_(db), options_(options) {}

  void Attach(Xapian::Enquire& enquire) override {
    enquire.add_matchspy(&spy_);
  }
  bool NeedsEveryMatch() const override { return true; }

  Facets Result(bool every_match_seen) override {
    const std::vector<Xapian::docid>& ids = spy_.ids();
    std::optional<FacetNames> own_names;
    FacetNames& names = options_.names != nullptr ? options_.names->For(db_)
                                                  : own_names.emplace(db_);
    const Counting counting{
        db_, options_,
        options_.columns != nullptr ? options_.columns->Get(db_) : nullptr,
        names};
    const bool sampled = options_.sample != 0 && ids.size() > options_.sample;
    const MatchSet matches = MatchSet::Of(ids);
    Facets facets = sampled ? CountSample(counting, ids, matches)
                            : CountAll(counting, ids, matches);
    CountByFilters(db_, names, matches, facets);
    facets.exact = every_match_seen && !sampled;
    return facets;
  }

 private:
  const Xapian::Database& db_;
  FacetOptions options_;
  MatchIdSpy spy_;
};

// The facets of every article, from term statistics: facet name terms for
// entities, month terms for dates.
class WholeIndexFacetCounter : public FacetCounter {
 public:
  WholeIndexFacetCounter(const Xapian::Database& db,
                         const FacetOptions& options)
      : db_(db), options_(options) {}

  void Attach(Xapian::Enquire&) override {}
  bool NeedsEveryMatch() const override { return false; }

  Facets Result(bool) override {
    FacetCodeTally tally;
    const std::string names_prefix(schema::kFacetNamePrefix);
    for (auto it = db_.allterms_begin(names_prefix);
         it != db_.allterms_end(names_prefix); ++it) {
      if (const uint32_t code = FacetNameTermCode(*it); code != 0)
        tally.AddCode(code, it.get_termfreq());
    }
    const std::string months_prefix(schema::kMonthPrefix);
    for (auto it = db_.allterms_begin(months_prefix);
         it != db_.allterms_end(months_prefix); ++it) {
      const std::string term = *it;
      if (const uint32_t month = FacetMonth(term.substr(1) + "01"); month != 0)
        tally.AddMonth(month, it.get_termfreq());
    }
    std::optional<FacetNames> own_names;
    FacetNames& names = options_.names != nullptr ? options_.names->For(db_)
                                                  : own_names.emplace(db_);
    Facets facets = *tally.Result(options_.limit, names, MatchSet::All());
    CountByFilters(db_, names, MatchSet::All(), facets);
    facets.exact = true;
    return facets;
  }

 private:
  const Xapian::Database& db_;
  FacetOptions options_;
};

class EntityListSpy : public Xapian::MatchSpy {
 public:
  void operator()(const Xapian::Document& doc, double) override {
    ids_.push_back(doc.get_docid());
    tally_.Add(doc.get_value(schema::kEntitySlot),
               doc.get_value(schema::kDateSlot));
  }
  std::string name() const override { return "gazette.EntityListSpy"; }
  const EntityListTally& tally() const { return tally_; }
  const std::vector<Xapian::docid>& ids() const { return ids_; }

 private:
  std::vector<Xapian::docid> ids_;
  EntityListTally tally_{RepeatedKeys::kEachTime};
};

// How many of `matches` (sorted) hold `term`, walking the shorter of the
// two lists: the reference's own way, apart from MatchSet's.
uint64_t CountAmong(const Xapian::Database& db, const std::string& term,
                    const std::vector<Xapian::docid>& matches) {
  uint64_t count = 0;
  if (matches.size() < db.get_termfreq(term)) {
    Xapian::PostingIterator it = db.postlist_begin(term);
    for (const Xapian::docid match : matches) {
      it.skip_to(match);
      if (it == db.postlist_end(term)) break;
      if (*it == match) ++count;
    }
    return count;
  }
  auto match = matches.begin();
  for (auto it = db.postlist_begin(term); it != db.postlist_end(term); ++it) {
    match = std::lower_bound(match, matches.end(), *it);
    if (match == matches.end()) break;
    if (*match == *it) ++count;
  }
  return count;
}

class EntityListFacetCounter : public FacetCounter {
 public:
  EntityListFacetCounter(const Xapian::Database& db, size_t limit)
      : db_(db), limit_(limit) {}

  void Attach(Xapian::Enquire& enquire) override {
    enquire.add_matchspy(&spy_);
  }
  bool NeedsEveryMatch() const override { return true; }

  Facets Result(bool every_match_seen) override {
    std::vector<Xapian::docid> ids = spy_.ids();
    std::sort(ids.begin(), ids.end());
    Facets facets = spy_.tally().Result(limit_);
    for (auto [type, values] :
         {std::pair{EntityType::kPerson, &facets.persons},
          std::pair{EntityType::kPlace, &facets.places},
          std::pair{EntityType::kOrg, &facets.orgs},
          std::pair{EntityType::kGroup, &facets.groups}}) {
      for (FacetValue& value : *values)
        value.count = CountAmong(db_, schema::EntityTerm(type, value.key), ids);
      std::sort(values->begin(), values->end(), FacetValueBefore);
    }
    facets.exact = every_match_seen;
    return facets;
  }

 private:
  const Xapian::Database& db_;
  size_t limit_;
  EntityListSpy spy_;
};

}  // namespace

bool FacetValueBefore(const FacetValue& a, const FacetValue& b) {
  return a.count != b.count ? a.count > b.count : a.key < b.key;
}

void AddDated(const std::map<uint32_t, uint64_t>& by_month, Facets& facets) {
  std::map<uint32_t, uint64_t> by_year;
  for (const auto& [month, count] : by_month) by_year[month / 100] += count;
  char text[16];
  for (const auto& [year, count] : by_year) {
    std::snprintf(text, sizeof text, "%04u", static_cast<unsigned>(year));
    facets.years.push_back({text, text, count});
  }
  for (const auto& [month, count] : by_month) {
    std::snprintf(text, sizeof text, "%04u-%02u",
                  static_cast<unsigned>(month / 100),
                  static_cast<unsigned>(month % 100));
    facets.months.push_back({text, text, count});
  }
}

std::unique_ptr<FacetCounter> MakeFacetCounter(const Xapian::Database& db,
                                               const Xapian::Query& query,
                                               const FacetOptions& options) {
  if (options.method == FacetOptions::Method::kAuto &&
      query.get_type() == Xapian::Query::LEAF_MATCH_ALL)
    return std::make_unique<WholeIndexFacetCounter>(db, options);
  return std::make_unique<LocalFacetCounter>(db, options);
}

std::unique_ptr<FacetCounter> MakeEntityListFacetCounter(
    const Xapian::Database& db, size_t limit) {
  return std::make_unique<EntityListFacetCounter>(db, limit);
}

}  // namespace gazette
