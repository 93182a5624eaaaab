// The index schema in one place: term prefixes, value slots, stored formats'
// version and the analysis settings shared by the indexer and the searcher.
// README.md, "Index schema", documents this table for users.
#ifndef GAZETTE_COMMON_SCHEMA_H_
#define GAZETTE_COMMON_SCHEMA_H_

#include <xapian.h>

#include <span>
#include <string>
#include <string_view>

#include "common/entity.h"

namespace gazette::schema {

// Bump when terms, slots or stored formats change incompatibly; a database of
// another version is refused with a message saying to rebuild.
// 2: entities by the gazetteer extractor (gazetteer names and aliases as
// terms, unresolved short names as terms only) and the corpus alias table.
inline constexpr int kVersion = 2;
// Database metadata key holding kVersion.
inline constexpr char kVersionKey[] = "gazette.schema_version";
// Metadata keys "gazette.alias." + EntityTerm(person, short name) hold which
// full names a one-word short name stood for, and how often (CorpusAliases).
inline constexpr char kAliasKeyPrefix[] = "gazette.alias.";

// Term prefixes (Omega's conventions where they exist).
inline constexpr std::string_view kIdPrefix = "Q";     // unique id
inline constexpr std::string_view kTitlePrefix = "S";  // title words
inline constexpr std::string_view kDayPrefix = "D";    // D20250528
inline constexpr std::string_view kMonthPrefix = "M";  // M202505
inline constexpr std::string_view kYearPrefix = "Y";   // Y2025
// A one-word person's name, the only name the article has for someone
// ("XUal-sharaa", "XUreagan"), until the corpus alias table resolves it to
// a full name (CorpusAliases).
inline constexpr std::string_view kUnresolvedPrefix = "XU";

// Value slots.
inline constexpr Xapian::valueno kDateSlot = 0;    // "20250528"; sorts, ranges
inline constexpr Xapian::valueno kEntitySlot = 1;  // entity list, for facets
inline constexpr Xapian::valueno kSourceSlot = 2;  // root, id, fingerprint

// How a field is searched from the query language.
enum class FieldKind {
  kFreeText,  // stemmed words, as in title:golan
  kEntity,    // folded entity key, with aliases, as in person:al-sharaa
  kBoolean,   // exact term, as in year:2025
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

}  // namespace gazette::schema

#endif  // GAZETTE_COMMON_SCHEMA_H_
