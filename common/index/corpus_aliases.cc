#include "common/index/corpus_aliases.h"

#include <algorithm>
#include <iterator>
#include <map>
#include <vector>

#include "common/entities/entity_key.h"
#include "common/entities/gazetteer.h"
#include "common/entities/name_keys.h"
#include "common/index/facet_fields.h"
#include "common/index/schema.h"
#include "common/index/stored_fields.h"

namespace gazette {
namespace {

// A short name's key in the alias terms: its entity term ("XPal-sharaa").
std::string SightingPrefix(std::string_view short_term) {
  std::string prefix(schema::kAliasSightingPrefix);
  prefix += short_term;
  prefix += '\t';
  return prefix;
}

// The type and key of an entity term, if it is one.
std::optional<std::pair<EntityType, std::string>> SplitEntityTerm(
    std::string_view term) {
  for (const EntityType type : {EntityType::kPerson, EntityType::kPlace,
                                EntityType::kOrg, EntityType::kGroup}) {
    const std::string_view prefix = schema::EntityPrefix(type);
    if (term.starts_with(prefix))
      return std::pair{type, std::string(term.substr(prefix.size()))};
  }
  return std::nullopt;
}

// Calls fn(rest) for each of the document's terms that start with `prefix`,
// with the prefix cut off.
template <typename Fn>
void ForEachTerm(const Xapian::Document& doc, std::string_view prefix,
                 Fn&& fn) {
  auto it = doc.termlist_begin();
  it.skip_to(std::string(prefix));
  for (; it != doc.termlist_end(); ++it) {
    const std::string term = *it;
    if (!term.starts_with(prefix)) break;
    fn(std::string_view(term).substr(prefix.size()));
  }
}

bool HasTerm(const Xapian::Document& doc, const std::string& term) {
  auto it = doc.termlist_begin();
  it.skip_to(term);
  return it != doc.termlist_end() && *it == term;
}

// Whether an organisation's key is a government named by its leader:
// "reagan administration", "thatcher government".
bool NamedByLeader(std::string_view key) {
  const size_t space = key.rfind(' ');
  if (space == std::string_view::npos) return false;
  const std::string_view last = key.substr(space + 1);
  return last == "administration" || last == "government" || last == "cabinet";
}

// The first two and the first three words of a key, those it has.
std::vector<std::string> OpeningWords(std::string_view key) {
  std::vector<std::string> out;
  size_t end = key.find(' ');
  for (int words = 2; words <= 3 && end != std::string_view::npos; ++words) {
    end = key.find(' ', end + 1);
    out.emplace_back(key.substr(0, end));
  }
  return out;
}

constexpr char kGroupSep = '\x1d';

std::string EncodeOwn(const OwnEntities& own) {
  std::string out = own.entities;
  for (const std::string& term : own.added) {
    out += kGroupSep;
    out += term;
  }
  return out;
}

// The metadata key that keeps a short name pending, or "" where it would be
// longer than Xapian allows: such a name is only resolved by the build that
// noted it.
std::string PendingKey(std::string_view short_key) {
  std::string key = schema::kPendingAliasPrefix + std::string(short_key);
  return key.size() <= schema::kMaxTermBytes ? key : "";
}

void SetValue(Xapian::Document& doc, Xapian::valueno slot,
              const std::string& value) {
  if (value.empty()) {
    doc.remove_value(slot);
  } else {
    doc.add_value(slot, value);
  }
}

}  // namespace

OwnEntities DecodeOwnEntities(std::string_view encoded) {
  OwnEntities own;
  size_t end = encoded.find(kGroupSep);
  own.entities = std::string(encoded.substr(0, end));
  while (end != std::string_view::npos) {
    encoded.remove_prefix(end + 1);
    end = encoded.find(kGroupSep);
    own.added.emplace(encoded.substr(0, end));
  }
  return own;
}

namespace {

// Brings doc to what the table (through `resolve`) says for its short
// names; returns whether that changed it.
template <typename Resolver>
bool BringUpToDate(Xapian::Document& doc, const Resolver& resolve) {
  const std::string old_entities = doc.get_value(schema::kEntitySlot);
  const std::string old_own = doc.get_value(schema::kOwnEntitySlot);
  OwnEntities own = old_own.empty() ? OwnEntities{old_entities, {}}
                                    : DecodeOwnEntities(old_own);
  // Recomputed from what the article had on its own, so the result
  // never depends on what the table said before.
  std::vector<ArticleEntity> listed = DecodeEntityList(own.entities);
  std::set<std::string> added;
  std::vector<std::string> short_terms;
  ForEachTerm(doc, schema::kUnresolvedPrefix,
              [&](std::string_view term) { short_terms.emplace_back(term); });
  for (const std::string& short_term : short_terms) {
    const std::optional<AliasResolution> r = resolve(short_term);
    const auto split = SplitEntityTerm(short_term);
    if (!r || !split) continue;
    // Not a structured binding: clang 14 (the sanitizer and fuzz builds)
    // cannot capture one in a lambda.
    const auto& type = split->first;
    const auto& key = split->second;
    const auto is_short = [&](const ArticleEntity& e) {
      return e.type == type && e.key == key;
    };
    // A name a title vouched for ("President Ford") is a person's, whatever
    // the lone word's majority says; a person's name of several words
    // ("E.F. Hutton") is the firm whose name it opens where the corpus
    // mostly says so (ResolveSightings).
    const bool several = key.find(' ') != std::string::npos;
    if (r->type != type && !several &&
        std::any_of(listed.begin(), listed.end(), is_short))
      continue;
    added.insert(std::string(schema::kResolvedPrefix) + short_term);
    const bool named =
        std::any_of(listed.begin(), listed.end(), [&](const ArticleEntity& e) {
          return e.type == r->type && e.key == r->full_key;
        });
    // "President Reagan" listed as "Reagan" becomes "Ronald Reagan"; an
    // unresolved name, not listed, is added.
    std::erase_if(listed, is_short);
    if (named) continue;
    listed.push_back({r->type, r->full_key, r->name, false});
    const std::string term = schema::EntityTerm(r->type, r->full_key);
    if (own.added.count(term) || !HasTerm(doc, term)) added.insert(term);
  }

  for (const std::string& term : own.added) {
    if (!added.count(term)) doc.remove_term(term);
  }
  for (const std::string& term : added) {
    if (!own.added.count(term)) doc.add_boolean_term(term);
  }
  const bool terms_changed = added != own.added;
  const std::string entities =
      added.empty() ? own.entities : EncodeEntityList(listed);
  own.added = std::move(added);
  const std::string own_value = own.added.empty() ? "" : EncodeOwn(own);
  if (!terms_changed && entities == old_entities && own_value == old_own)
    return false;
  SetValue(doc, schema::kEntitySlot, entities);
  SetValue(doc, schema::kOwnEntitySlot, own_value);
  SyncFacetFields(doc);
  return true;
}

}  // namespace

// The initials of an organisation's key, connectors left out
// ("international business machines" -> "ibm", "american telephone and
// telegraph" -> "att"), when it has two to five words, each starting with a
// letter; else "".
std::string Initials(std::string_view key) {
  static constexpr std::string_view kConnectors[] = {"of",  "and", "the",
                                                     "for", "de",  "du"};
  std::string initials;
  size_t words = 0;
  while (!key.empty()) {
    const size_t space = key.find(' ');
    const std::string_view word = key.substr(0, space);
    key = space == std::string_view::npos ? std::string_view()
                                          : key.substr(space + 1);
    if (word.empty() ||
        std::find(std::begin(kConnectors), std::end(kConnectors), word) !=
            std::end(kConnectors))
      continue;
    if (word[0] < 'a' || word[0] > 'z') return "";
    initials += word[0];
    ++words;
  }
  return words >= 2 && words <= 5 ? initials : "";
}

void AddAliasSightings(Xapian::Document& doc,
                       const std::vector<Entity>& entities) {
  std::vector<std::string> sightings;
  const auto sighted = [&](EntityType type, std::string_view short_key,
                           const Entity& full) {
    std::string term =
        std::string(schema::kAliasSightingPrefix) +
        schema::EntityTerm(type, short_key) + '\t' +
        schema::EntityTerm(full.type, EntityKey(full.type, full.name)) + '\t' +
        full.name;
    // Too long for a term: not counted, rather than cut.
    if (term.size() <= schema::kMaxTermBytes)
      sightings.push_back(std::move(term));
  };
  std::set<std::string> person_words;
  for (const Entity& e : entities) {
    if (e.type != EntityType::kPerson) continue;
    for (const std::string& form : e.aliases) {
      std::string key = EntityKey(EntityType::kPerson, form);
      if (!key.empty() && key.find(' ') == std::string::npos)
        person_words.insert(std::move(key));
    }
    std::string key = EntityKey(EntityType::kPerson, e.name);
    if (!key.empty() && key.find(' ') == std::string::npos)
      person_words.insert(std::move(key));
  }
  for (const Entity& e : entities) {
    if (e.unresolved || e.derived) continue;
    const std::string key = EntityKey(e.type, e.name);
    if (e.type == EntityType::kPerson) {
      for (const std::string& word : person_words) {
        if (IsShortFormOf(word, key)) sighted(EntityType::kPerson, word, e);
      }
    } else if (e.type == EntityType::kOrg) {
      const size_t space = key.find(' ');
      if (space != std::string::npos) {
        for (const std::string& form : e.aliases) {
          if (IsAcronym(form))
            sighted(EntityType::kOrg, EntityKey(EntityType::kOrg, form), e);
        }
        // Its initials too, as an acronym the corpus may use for it alone
        // without ever defining it: "IBM", "GM", "TWA"; unless the
        // gazetteer knows them as another's ("ANP", the Dutch agency, is no
        // American Nursery Products).
        const auto unknown = [](const std::string& acronym) {
          return !acronym.empty() && Gazetteer::BuiltIn().Find(acronym).empty();
        };
        if (const std::string initials = Initials(key); unknown(initials))
          sighted(EntityType::kOrg, initials, e);
        // And an acronym that opens its name: "CMS" of "CMS Energy Corp";
        // not "BBC" of "BBC AG Brown Boveri".
        const std::string_view opener =
            std::string_view(e.name).substr(0, e.name.find(' '));
        if (const std::string acronym = EntityKey(EntityType::kOrg, opener);
            IsAcronym(opener) && unknown(acronym))
          sighted(EntityType::kOrg, acronym, e);
      }
      // As a lone word would be typed: a person until the table says. Not
      // of a government named by its leader ("Reagan Administration"),
      // whose first word is that person's name.
      const std::string_view first = std::string_view(key).substr(0, space);
      if (first == "the" || NamedByLeader(key)) continue;
      if (first.size() >= 3) sighted(EntityType::kPerson, first, e);
      // And its first two and three words, as a firm named like a person
      // is typed where nothing tells: "E.F. Hutton" of "E.F. Hutton Group
      // Inc", "Smith Barney" of "Smith Barney, Harris Upham and Co".
      for (const std::string& words : OpeningWords(key))
        sighted(EntityType::kPerson, words, e);
    }
  }
  std::sort(sightings.begin(), sightings.end());
  sightings.erase(std::unique(sightings.begin(), sightings.end()),
                  sightings.end());
  for (const std::string& term : sightings) doc.add_boolean_term(term);
}

bool IsAcronym(std::string_view name) {
  return name.size() >= 2 && name.size() <= 8 &&
         std::all_of(name.begin(), name.end(),
                     [](char c) { return c >= 'A' && c <= 'Z'; });
}

std::string ShortNameTerm(EntityType type, std::string_view short_key) {
  return std::string(schema::kUnresolvedPrefix) +
         schema::EntityTerm(type, short_key);
}

std::optional<AliasResolution> ResolveAlias(const Xapian::Database& db,
                                            EntityType type,
                                            std::string_view short_key) {
  return ResolveShortTerm(db, schema::EntityTerm(type, short_key));
}

namespace {

// The table's answer from the sightings of one short name: `sightings`
// calls its argument with each sighting's "full key\tname" and the number
// of articles it is in.
// `lone` is the number of articles that have the short name alone.
// A person's name of several words (`short_term` has a space) is a firm's
// where organisations open with it in more articles than it is the
// person's: "Smith Barney" is the firm of "Smith Barney, Harris Upham and
// Co" where the corpus mostly says so; the organisation of the same name
// if there is one, else the one seen most.
template <typename Sightings>
std::optional<AliasResolution> ResolveSightings(const Sightings& sightings,
                                                Xapian::doccount lone,
                                                std::string_view short_term) {
  struct Full {
    Xapian::doccount articles = 0;
    std::map<std::string, Xapian::doccount> names;
  };
  std::map<std::string, Full> fulls;  // by entity term
  Xapian::doccount total = 0;
  sightings([&](std::string_view rest, Xapian::doccount articles) {
    const size_t tab = rest.find('\t');
    if (articles == 0 || tab == std::string_view::npos) return;
    Full& full = fulls[std::string(rest.substr(0, tab))];
    full.articles += articles;
    full.names[std::string(rest.substr(tab + 1))] += articles;
    total += articles;
  });
  auto best = std::max_element(fulls.begin(), fulls.end(),
                               [](const auto& a, const auto& b) {
                                 return a.second.articles < b.second.articles;
                               });
  if (short_term.find(' ') != std::string_view::npos) {
    const auto split = SplitEntityTerm(short_term);
    if (best == fulls.end() || total <= lone || !split) return std::nullopt;
    const auto same =
        fulls.find(schema::EntityTerm(EntityType::kOrg, split->second));
    if (same != fulls.end()) best = same;
  } else if (best == fulls.end() || best->second.articles * 2 <= total ||
             // A full name seen with it once or twice does not take many
             // more articles that have the word alone.
             (best->second.articles < 3 && best->second.articles * 10 < lone)) {
    return std::nullopt;
  }
  const auto split = SplitEntityTerm(best->first);
  if (!split) return std::nullopt;
  // max_element keeps the first of equals: the smallest name.
  const auto name = std::max_element(
      best->second.names.begin(), best->second.names.end(),
      [](const auto& a, const auto& b) { return a.second < b.second; });
  return AliasResolution{split->first, split->second, name->first};
}

}  // namespace

std::optional<AliasResolution> ResolveShortTerm(const Xapian::Database& db,
                                                std::string_view short_term) {
  const std::string prefix = SightingPrefix(short_term);
  return ResolveSightings(
      [&](const auto& fn) {
        for (auto it = db.allterms_begin(prefix); it != db.allterms_end(prefix);
             ++it) {
          const std::string term = *it;
          fn(std::string_view(term).substr(prefix.size()), it.get_termfreq());
        }
      },
      db.get_termfreq(std::string(schema::kUnresolvedPrefix) +
                      std::string(short_term)),
      short_term);
}

void CorpusAliases::Learn(const Xapian::Document& doc) {
  ForEachTerm(doc, schema::kAliasSightingPrefix, [&](std::string_view rest) {
    noted_.emplace(rest.substr(0, rest.find('\t')));
  });
  ForEachTerm(doc, schema::kUnresolvedPrefix,
              [&](std::string_view key) { noted_.emplace(key); });
}

void CorpusAliases::Forget(const std::string& id_term) {
  for (auto p = db_.postlist_begin(id_term); p != db_.postlist_end(id_term);
       ++p) {
    Forget(*p);
  }
}

void CorpusAliases::Forget(Xapian::docid docid) {
  // Its sightings leave the table; its own short names go with it.
  ForEachTerm(db_.get_document(docid), schema::kAliasSightingPrefix,
              [&](std::string_view rest) {
                noted_.emplace(rest.substr(0, rest.find('\t')));
              });
}

void CorpusAliases::Save() {
  // The metadata is the record: kept here too, every shard of a fresh
  // build held its names in memory until the merge. Only a key too long
  // for the metadata stays here.
  for (const std::string& key : noted_) {
    if (const std::string meta_key = PendingKey(key); !meta_key.empty())
      db_.set_metadata(meta_key, "1");
    else
      too_long_.insert(key);
  }
  noted_.clear();
}

void CorpusAliases::Absorb(CorpusAliases& other) {
  noted_.merge(other.noted_);
  noted_.merge(other.too_long_);
  other.noted_.clear();
  other.too_long_.clear();
}

AliasTable LookUpAliases(const Xapian::Database& db,
                         const std::set<std::string>& short_terms) {
  AliasTable table;
  for (const std::string& term : short_terms)
    table.emplace_hint(table.end(), term, ResolveShortTerm(db, term));
  return table;
}

std::vector<std::string> CorpusAliases::PendingMetadataKeys() const {
  const std::string pending(schema::kPendingAliasPrefix);
  return {db_.metadata_keys_begin(pending), db_.metadata_keys_end(pending)};
}

std::set<std::string> CorpusAliases::Pending() const {
  std::set<std::string> keys = noted_;
  keys.insert(too_long_.begin(), too_long_.end());
  const size_t prefix = std::string_view(schema::kPendingAliasPrefix).size();
  for (const std::string& key : PendingMetadataKeys())
    keys.insert(key.substr(prefix));
  return keys;
}

size_t CorpusAliases::Resolve() {
  return Resolve(LookUpAliases(db_, Pending()));
}

size_t CorpusAliases::Resolve(const AliasTable& table) {
  const size_t changed = ResolveArticles(table);
  ClearPending();
  return changed;
}

size_t CorpusAliases::ResolveArticles(const AliasTable& table) {
  const std::set<std::string> keys = Pending();
  // Names the table lacks (an article's short names that no build left
  // pending) are looked up here, once each.
  AliasTable looked_up;
  const auto resolve = [&](const std::string& short_term) {
    if (const auto it = table.find(short_term); it != table.end())
      return it->second;
    auto it = looked_up.find(short_term);
    if (it == looked_up.end())
      it = looked_up.emplace(short_term, ResolveShortTerm(db_, short_term))
               .first;
    return it->second;
  };
  // A name the table resolves may change any article that uses it; one it
  // does not, only those it resolved before.
  std::set<Xapian::docid> articles;
  for (const std::string& key : keys) {
    const std::string term =
        std::string(resolve(key) ? schema::kUnresolvedPrefix
                                 : schema::kResolvedPrefix) +
        key;
    articles.insert(db_.postlist_begin(term), db_.postlist_end(term));
  }

  size_t changed = 0;
  for (const Xapian::docid id : articles) {
    Xapian::Document doc = db_.get_document(id);
    if (!BringUpToDate(doc, resolve)) continue;
    db_.replace_document(id, doc);
    ++changed;
  }

  return changed;
}

void CorpusAliases::ClearPending() {
  // Saved keys are among the metadata's.
  for (const std::string& key : PendingMetadataKeys())
    db_.set_metadata(key, "");
  noted_.clear();
  too_long_.clear();
}

void RunningAliasTable::PreResolve(Xapian::Document& doc) {
  std::lock_guard lock(mutex_);
  ForEachTerm(doc, schema::kAliasSightingPrefix,
              [&](std::string_view rest) { ++sightings_[std::string(rest)]; });
  ForEachTerm(doc, schema::kUnresolvedPrefix,
              [&](std::string_view rest) { ++lone_[std::string(rest)]; });
  (void)BringUpToDate(doc, [&](const std::string& short_term) {
    const std::string from = short_term + '\t';
    const std::string to = short_term + char('\t' + 1);
    const auto lone = lone_.find(short_term);
    return ResolveSightings(
        [&](const auto& fn) {
          for (auto it = sightings_.lower_bound(from);
               it != sightings_.end() && it->first < to; ++it)
            fn(std::string_view(it->first).substr(from.size()), it->second);
        },
        lone == lone_.end() ? 0 : lone->second, short_term);
  });
}

}  // namespace gazette
