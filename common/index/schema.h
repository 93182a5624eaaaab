// The index schema in one place: term prefixes, value slots, stored formats'
// version and the analysis settings shared by the indexer and the searcher.
// README.md, "Index schema", documents this table for users.
#ifndef GAZETTE_COMMON_INDEX_SCHEMA_H_
#define GAZETTE_COMMON_INDEX_SCHEMA_H_

#include <xapian.h>

#include <span>
#include <string>
#include <string_view>

#include "gazette/entity.h"

namespace gazette::schema {

// Bump when terms, slots or stored formats change incompatibly; a database of
// another version is refused with a message saying to rebuild.
// 2: entities by the gazetteer extractor (gazetteer names and aliases as
// terms, unresolved short names as terms only) and the corpus alias table.
// 3: the corpus alias table as sighting terms, resolutions recomputable.
// 4: organisations' acronyms in the table; short names by entity term.
// 5: the article's source as a term, for source: and --source.
// 6: entity keys by EntityKey: no dots, organisations' without their legal
// form; sightings name the full name's entity term, and organisations'
// first words are sighted; a person's surname is a term of the full name.
// 7: a root's label in the source record, and before its articles' ids
// when an index holds several roots (ChooseRootLabels).
// 8: organisations' initials sighted ("IBM" of "International Business
// Machines Corp"); firms named like people, and fragments of longer names,
// extracted otherwise.
// 9: the sort key slot, so that ties are ordered by the article, never by
// where it sits in the index (its docid differs between one database and
// shards).
// 10: spelling data, the words of the articles' text (common/index/spelling.h).
// 11: agreements' names, table labels and names ending on an initial are
// no people; publications, Nordic legal forms, firms before a company noun
// or owning nothing ("Tony Roma's,") and "X Y Z and Co" are organisations;
// every person's name is a short name (XU) the corpus may resolve, and an
// organisation's first two and three words are sighted as a person's: a
// firm named like a person is the firm where the corpus mostly says so.
// 12: facet fields (kFacetSlot, kFacetNamePrefix terms; facet_fields.h).
// 13: near-duplicate stories (kFingerprintSlot, kGroupSlot;
// near_duplicates.h).
// 14: two whole names that "and" joins are two organisations; teams named
// by their towns throughout a results story; a sentence opener that
// ordinary text never writes in lower case opens a name.
// 15: a byline in capitals ("BY TED SMITH, Reuters") names no one, as one
// in title case did: the agency there is no organisation of the story.
// 16: the near-duplicate fingerprint holds a sample of the article's
// figures after its SimHash; near duplicates are up to 11 bits apart, with
// figures that agree and dates at most 2 days apart, or have equal
// SimHashes (near_duplicates.h).
// 17: a learned tagger types the rules' tentative words it is sure of
// (mention_review.h); Yugoslavia and Czechoslovakia are places.
inline constexpr int kVersion = 17;
// Database metadata key holding kVersion.
inline constexpr char kVersionKey[] = "gazette.schema_version";
// Metadata key that a first build (not a rebuild: the old index serves
// meanwhile) sets to "DONE TOTAL" files while it runs, and empties at the
// end, so that a searcher can say the index is still being built.
inline constexpr char kBuildProgressKey[] = "gazette.build_progress";
// Metadata key naming the JSON Lines file (its root, a NUL, its id) whose
// lines were written only in part at the last commit, empty when none. The
// records of the lines written cannot tell that others are missing, so the
// next build reads that file again.
inline constexpr char kPartialFileKey[] = "gazette.partial_file";
// Metadata key, in shard 0 of an index of several shards, set ("1") before
// the first commit of a build that writes the shards in place, emptied once
// every shard committed the end of a build not stopped early. Shard 0
// commits first, so a build killed between the shards' commits leaves it
// set, and the next build reads every JSON Lines file again: a file's lines
// sit in several shards, and those a shard committed would make it look
// indexed.
inline constexpr char kShardedBuildKey[] = "gazette.sharded_build";
// Metadata key that a fresh build sets to "1" while it runs: its articles'
// words are not counted one by one but made spelling data from the index's
// vocabulary at its end (SyncSpelling). A build that finds it set (the
// fresh one was killed) does the same.
inline constexpr char kSpellingPendingKey[] = "gazette.spelling_pending";
// Metadata keys of the corrections file a build applied (Corrections): its
// absolute path, read again by the next build unless told otherwise ("" for
// none), and its Fingerprint(), which a build with other corrections finds
// changed and rebuilds the index for.
inline constexpr char kCorrectionsFileKey[] = "gazette.corrections_file";
inline constexpr char kCorrectionsKey[] = "gazette.corrections";
// Metadata key of the number of commits whose changes each database keeps
// for replicas (IndexOptions::changesets), read again by the next build
// unless told otherwise. Absent in an index that never kept any: 0.
inline constexpr char kChangesetsKey[] = "gazette.changesets";
// Metadata keys "gazette.pending_alias." + short name's entity term: short
// names whose articles a build that stopped early left for the next to
// resolve (CorpusAliases).
inline constexpr char kPendingAliasPrefix[] = "gazette.pending_alias.";

// Term prefixes (Omega's conventions where they exist).
inline constexpr std::string_view kIdPrefix = "Q";     // unique id
inline constexpr std::string_view kTitlePrefix = "S";  // title words
inline constexpr std::string_view kDayPrefix = "D";    // D20250528
inline constexpr std::string_view kMonthPrefix = "M";  // M202505
inline constexpr std::string_view kYearPrefix = "Y";   // Y2025
// The article's source (its source: header or field), folded as names are:
// "XSreuters".
inline constexpr std::string_view kSourcePrefix = "XS";
// A short name, the only name the article has for someone or something (a
// one-word person's name, an organisation's lone acronym): "XU" + its
// entity term ("XUXPal-sharaa", "XUXOamc"). The corpus alias table may
// resolve it to a full name (CorpusAliases); kept when it does, so it can
// be redone.
inline constexpr std::string_view kUnresolvedPrefix = "XU";
// The corpus alias table, one term per article and sighting: "XA" + short
// name's entity term + TAB + full name's entity term + TAB + its display
// form, on an article that names someone in full and by that short form
// ("XAXPal-sharaa\tXPahmed al-sharaa\tAhmed al-Sharaa"), or names an
// organisation whose first word it is ("XAXPsalomon\tXOsalomon
// brothers\tSalomon Brothers Inc").
inline constexpr std::string_view kAliasSightingPrefix = "XA";
// On an article whose short name the table resolves: "XR" + its entity
// term.
inline constexpr std::string_view kResolvedPrefix = "XR";
// One per entity key of the article's entity list: "XN" + the key's facet
// code (4 bytes) + the display name (common/index/facet_fields.h).
inline constexpr std::string_view kFacetNamePrefix = "XN";

// Value slots.
inline constexpr Xapian::valueno kDateSlot = 0;    // "20250528"; sorts, ranges
inline constexpr Xapian::valueno kEntitySlot = 1;  // entity list, for facets
inline constexpr Xapian::valueno kSourceSlot = 2;  // root, id, fingerprint
// On an article whose entity list the corpus alias table changed: the list
// it had on its own and the terms the table added (CorpusAliases).
inline constexpr Xapian::valueno kOwnEntitySlot = 3;
// The order of articles apart from relevance: the date as in kDateSlot
// (empty when undated), kSortSep, the article id. Sorting by date sorts by
// it, and relevance ties are broken by it, so that one database and any
// number of shards, local or remote, give the same order.
inline constexpr Xapian::valueno kSortSlot = 4;
inline constexpr char kSortSep = '\x1f';

// The kSortSlot value of an article with this date key ("20250528", or ""
// when undated) and id.
std::string SortKey(std::string_view date_key, std::string_view id);

// The article's month and entity key codes, for counting facets
// (common/index/facet_fields.h).
inline constexpr Xapian::valueno kFacetSlot = 5;

// The SimHash of the article's title and body and a sample of its figures
// (near_duplicates.h), 8 bytes and 2 a figure (up to 8); none when the body
// is too short to fingerprint.
inline constexpr Xapian::valueno kFingerprintSlot = 6;
// The article's near-duplicate group: the smallest id among its members;
// none when it has no near duplicate. The searcher's collapse key.
inline constexpr Xapian::valueno kGroupSlot = 7;

// How a field is searched from the query language.
enum class FieldKind {
  kFreeText,  // stemmed words, as in title:golan
  kEntity,    // folded entity key, with aliases, as in person:al-sharaa
  kBoolean,   // exact term, as in year:2025
  kSource,    // folded source name, as in source:reuters
};

struct Field {
  std::string_view name;    // query prefix without ':' ("person")
  std::string_view prefix;  // Xapian term prefix ("XP")
  FieldKind kind;
};

// Every searchable field; the query parser is configured from this table.
std::span<const Field> Fields();

// The term prefix of an entity type: XP person, XL place, XO org, XG group.
std::string_view EntityPrefix(EntityType type);

// Snowball English, configured once for the TermGenerator and QueryParser.
Xapian::Stem MakeStemmer();
inline constexpr auto kIndexStemStrategy = Xapian::TermGenerator::STEM_SOME;
inline constexpr auto kQueryStemStrategy = Xapian::QueryParser::STEM_SOME;

// Xapian refuses terms over 245 bytes; longer ids and keys are shortened
// with a hash of the whole so distinct values keep distinct terms.
inline constexpr size_t kMaxTermBytes = 240;

std::string IdTerm(std::string_view id);
// `key` is already folded (FoldName).
std::string EntityTerm(EntityType type, std::string_view key);
// `source` is already folded (FoldName).
std::string SourceTerm(std::string_view source);

}  // namespace gazette::schema

#endif  // GAZETTE_COMMON_INDEX_SCHEMA_H_
