#include "common/search/facet_names.h"

#include <algorithm>

#include "common/base/fold.h"
#include "common/index/facet_fields.h"
#include "common/index/schema.h"
#include "common/index/stored_fields.h"

namespace gazette {

void FacetNames::Prepare(std::vector<uint32_t> codes) {
  std::sort(codes.begin(), codes.end());
  codes.erase(std::unique(codes.begin(), codes.end()), codes.end());
  std::erase_if(codes, [&](uint32_t code) { return known_.count(code) > 0; });
  if (codes.empty()) return;
  const std::string all(schema::kFacetNamePrefix);
  // One iterator over every facet name term, moved forward: Xapian reads a
  // block only when the iterator leaves the one it has.
  Xapian::TermIterator it = db_.allterms_begin(all);
  for (const uint32_t code : codes) Read(code, it);
}

const std::vector<FacetKeyNames>& FacetNames::Lookup(uint32_t code) {
  if (const auto found = known_.find(code); found != known_.end())
    return found->second;
  Xapian::TermIterator it =
      db_.allterms_begin(std::string(schema::kFacetNamePrefix));
  Read(code, it);
  return known_[code];
}

const FacetKeyNames* FacetNames::Known(uint32_t code,
                                       std::string_view key) const {
  const auto found = known_.find(code);
  if (found == known_.end()) return nullptr;
  for (const FacetKeyNames& k : found->second) {
    if (k.key == key) return &k;
  }
  return nullptr;
}

void FacetNames::Read(uint32_t code, Xapian::TermIterator& it) {
  const std::string prefix = FacetNamePrefix(code);
  const EntityType type = FacetCodeType(code);
  std::vector<FacetKeyNames>& keys = known_[code];
  it.skip_to(prefix);
  for (; it != db_.allterms_end() && (*it).starts_with(prefix); ++it) {
    FacetKeyNames::Name name;
    name.term = *it;
    name.articles = it.get_termfreq();
    name.name = name.term.substr(prefix.size());
    std::string key = FoldName(name.name);
    // The indexer folds the name for the key: a name that does not fold to
    // a key of this code was changed on the way (or cut), so ask an
    // article.
    if (FacetNameTermCut(name.term) || FacetKeyCode(type, key) != code) {
      auto listed = FromArticle(code, name.term, &key);
      if (!listed) continue;
      name.name = std::move(listed->name);
    }
    auto same =
        std::find_if(keys.begin(), keys.end(),
                     [&](const FacetKeyNames& k) { return k.key == key; });
    if (same == keys.end()) {
      keys.emplace_back();
      keys.back().key = std::move(key);
      same = keys.end() - 1;
    }
    same->names.push_back(std::move(name));
  }
}

std::optional<FacetKeyNames::Name> FacetNames::FromArticle(
    uint32_t code, const std::string& term, std::string* key) const {
  const auto article = db_.postlist_begin(term);
  if (article == db_.postlist_end(term)) return std::nullopt;
  const std::string entities =
      db_.get_document(*article).get_value(schema::kEntitySlot);
  std::optional<FacetKeyNames::Name> found;
  ForEachStoredEntity(entities, [&](EntityType type, std::string_view k,
                                    std::string_view name, bool) {
    // The article's first listing of a key of this code with this name, as
    // SyncFacetFields made the term from.
    if (!found && FacetKeyCode(type, k) == code &&
        FacetNameTerm(code, name) == term) {
      found.emplace();
      found->name = name;
      *key = k;
    }
  });
  return found;
}

FacetNames& FacetNamesMemo::For(const Xapian::Database& db) {
  std::string revision;
  try {
    revision = db.get_uuid() + ":" + std::to_string(db.get_revision());
  } catch (const Xapian::Error&) {
    revision.clear();  // several sub-databases: no revision to key by
  }
  if (revision.empty() || revision != revision_ || !names_ ||
      &names_->db() != &db) {
    revision_ = std::move(revision);
    names_.emplace(db);
  }
  return *names_;
}

uint64_t FacetKeyNames::Count(const MatchSet& matches,
                              const Xapian::Database& db) const {
  uint64_t count = 0;
  for (const Name& name : names)
    count += matches.CountWith(db, name.term, name.articles);
  return count;
}

Xapian::doccount FacetKeyNames::Listed() const {
  Xapian::doccount listed = 0;
  for (const Name& name : names) listed += name.articles;
  return listed;
}

namespace {
// Skipping to an article in a posting list costs about as much as reading
// this many of its entries.
constexpr size_t kSkipCost = 8;
}  // namespace

MatchSet MatchSet::Of(const std::vector<Xapian::docid>& ids) {
  MatchSet set;
  set.all_ = false;
  set.ids_ = ids;
  if (ids.empty()) return set;
  set.bits_.assign(ids.back() / 64 + 1, 0);
  for (const Xapian::docid id : ids)
    set.bits_[id / 64] |= uint64_t{1} << (id % 64);
  return set;
}

Xapian::doccount MatchSet::CountWith(const Xapian::Database& db,
                                     const std::string& term,
                                     Xapian::doccount articles) const {
  if (all_) return articles;
  Xapian::doccount count = 0;
  // A term on many more articles than matched (a common place in a narrow
  // search): skip through its list to each match rather than read it all.
  if (ids_.size() * kSkipCost < articles) {
    Xapian::PostingIterator it = db.postlist_begin(term);
    const Xapian::PostingIterator end = db.postlist_end(term);
    for (const Xapian::docid id : ids_) {
      it.skip_to(id);
      if (it == end) break;
      count += *it == id;
    }
    return count;
  }
  for (auto it = db.postlist_begin(term); it != db.postlist_end(term); ++it) {
    const Xapian::docid id = *it;
    if (id / 64 >= bits_.size()) break;
    count += (bits_[id / 64] >> (id % 64)) & 1;
  }
  return count;
}

}  // namespace gazette
