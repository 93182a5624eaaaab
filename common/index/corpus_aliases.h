// Short names across the corpus: which full name a lone short name stands
// for ("al-Sharaa" -> "Ahmed al-Sharaa", "AMC" -> "Acme Mining Corp"),
// learnt from the articles that use both, so that an article naming someone
// only by the short form counts and matches under the full name.
//
// Every article that names someone in full and by a short form carries a
// sighting term (schema::kAliasSightingPrefix) saying so; the
// corpus table is those terms with their document frequencies, so deleting
// or replacing an article takes its sightings with it. An article's
// resolved names are recomputed from the table whenever the table changes
// for one of its short names, and the entity list it had on its own is kept
// beside them, so the index never depends on the order articles came in:
// an incremental build leaves what a --rebuild makes.
#ifndef GAZETTE_COMMON_INDEX_CORPUS_ALIASES_H_
#define GAZETTE_COMMON_INDEX_CORPUS_ALIASES_H_

#include <xapian.h>

#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "common/entities/entity.h"

namespace gazette {

struct AliasResolution {
  // The full name's type, which a lone word's need not be: "Salomon" alone
  // is Salomon Brothers.
  EntityType type = EntityType::kPerson;
  std::string full_key;  // EntityKey: "ahmed al-sharaa"
  std::string name;      // display form: "Ahmed al-Sharaa"
};

// Adds to a document the sighting terms of its entities (as the extractor
// gives them): one for each one-word short form of each person it names in
// full ("al-Sharaa" of "Ahmed al-Sharaa"), one for each acronym an
// organisation went by ("HTS" of "Hayat Tahrir al-Sham") and for its
// initials ("IBM" of "International Business Machines Corp"), and one for the
// first word of each organisation's name, as a lone word would be typed
// ("Salomon" of "Salomon Brothers Inc", "Texaco" of "Texaco Inc"): the
// rival a person's surname must outnumber; and one for its first two and
// three words, as a person's name ("E.F. Hutton" of "E.F. Hutton Group
// Inc"): a firm named like a person, where the article tells nothing.
void AddAliasSightings(Xapian::Document& doc,
                       const std::vector<Entity>& entities);

// The initials of an organisation's EntityKey of two to five words, its
// connectors left out ("american telephone and telegraph" -> "att"); else "".
std::string Initials(std::string_view key);

// Whether an organisation's name is an acronym: 2 to 8 capital letters.
bool IsAcronym(std::string_view name);

// The term an article gets for a short name that is its only name for
// someone or something (a one-word person's name, an organisation's lone
// acronym): "XU" + its entity term ("XUXPal-sharaa", "XUXOamc").
std::string ShortNameTerm(EntityType type, std::string_view short_key);

// The full name the corpus gives a short name (folded, as "al-sharaa" or
// "hts"): the full name, of any type, seen with it in the most articles,
// if that is more than half of them and, when seen fewer than three times,
// at least a tenth as many as the articles that have the short name alone
// (one definition of "Amalgamated Metal Corporation (AMC)" does not make
// the 31 articles saying "AMC" its); displayed in the form most of those
// articles give it (ties: the smallest string).
std::optional<AliasResolution> ResolveAlias(const Xapian::Database& db,
                                            EntityType type,
                                            std::string_view short_key);
// The same, by the short name's entity term ("XPal-sharaa").
std::optional<AliasResolution> ResolveShortTerm(const Xapian::Database& db,
                                                std::string_view short_term);

// What the corpus table says about short names, by their entity terms
// ("XPal-sharaa"): the full name, or nullopt where it resolves none.
using AliasTable = std::map<std::string, std::optional<AliasResolution>>;

// Looks up each of `short_terms` in the table of db (which may be several
// databases searched as one: the table is their sum).
AliasTable LookUpAliases(const Xapian::Database& db,
                         const std::set<std::string>& short_terms);

// What an article had before the table changed it (schema::kOwnEntitySlot):
// its entity list, as encoded, and the terms the table added.
struct OwnEntities {
  std::string entities;
  std::set<std::string> added;
};
OwnEntities DecodeOwnEntities(std::string_view encoded);

// Keeps the articles' resolved names in step with the table while an index
// is built. Not thread-safe: the writer calls it.
class CorpusAliases {
 public:
  explicit CorpusAliases(Xapian::WritableDatabase& db) : db_(db) {}

  // Notes the short names of a document about to be written.
  void Learn(const Xapian::Document& doc);

  // Notes the short names of the document with this id term (if any),
  // about to be deleted or replaced.
  void Forget(const std::string& id_term);
  void Forget(Xapian::docid docid);

  // Records the short names noted since the last call in the metadata, so
  // that a build that stops before Resolve() leaves them to the next one;
  // call before each commit.
  void Save();

  // Brings every article that names someone by a noted short name (of this
  // build, or left by one that stopped) to what the table says now: the
  // full name in its entity list instead of the short one, so facets count
  // it there, and as a term, so filters by the full name find it; or, if
  // the table no longer resolves the name, the list the article had on its
  // own. Call before the last commit. Returns how many documents changed.
  size_t Resolve();

  // Resolve() with the table given rather than read from this database:
  // for a shard of a build, whose table is that of all shards (see
  // LookUpAliases and Pending()). A short name it lacks is looked up here.
  size_t Resolve(const AliasTable& table);

  // Resolve(table) in two steps, for a database whose commits are not one
  // (an index of several shards, as one WritableDatabase): the articles
  // first, leaving the short names pending; then, once that is committed,
  // ClearPending() drops them (to be committed too). A crash in between
  // leaves them pending, and the next build resolves them again, which
  // changes nothing.
  size_t ResolveArticles(const AliasTable& table);
  void ClearPending();

  // The short names Resolve() looks at: noted since the build began, and
  // pending in the metadata.
  std::set<std::string> Pending() const;

  // Takes over the short names `other`, kept for another database whose
  // documents and metadata are now in this one (a shard of the build,
  // merged), holds in memory: those noted since its last Save() and those
  // too long for a metadata key. The rest came with the metadata. So
  // Resolve() here covers them all.
  void Absorb(CorpusAliases& other);

 private:
  // The metadata keys that keep short names pending.
  std::vector<std::string> PendingMetadataKeys() const;

  Xapian::WritableDatabase& db_;
  // Short keys noted since the last Save(); saved ones too long for a
  // metadata key (the others are in the metadata).
  std::set<std::string> noted_;
  std::set<std::string> too_long_;
};

// A guess at the corpus table while a fresh index is written: the
// sightings of the articles written so far, by all writers of the build.
// Articles written as it resolves them are mostly right already when
// CorpusAliases::Resolve() runs, which then changes only those it got
// wrong: far cheaper than changing every article with a resolved name,
// since to change a written article Xapian loads its every term with its
// positions. Thread-safe.
class RunningAliasTable {
 public:
  // Counts the sightings and lone short names of doc, about to be written,
  // then brings doc to what the counts say.
  void PreResolve(Xapian::Document& doc);

 private:
  std::mutex mutex_;
  // By sighting term, without its prefix.
  std::map<std::string, Xapian::doccount> sightings_;
  // By short name's entity term: articles that have it alone.
  std::map<std::string, Xapian::doccount> lone_;
};

}  // namespace gazette

#endif  // GAZETTE_COMMON_INDEX_CORPUS_ALIASES_H_
