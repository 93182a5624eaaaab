// The name lists the entity finder consults: places, organisations, people
// and groups with their aliases and demonyms, and the words that mark names
// (titles, organisation keywords, first names...). Loaded from tab-separated
// records; the built-in lists are compiled into the library.
#ifndef GAZETTE_COMMON_ENTITIES_GAZETTEER_H_
#define GAZETTE_COMMON_ENTITIES_GAZETTEER_H_

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/base/flat_string_map.h"
#include "common/entities/entity.h"

namespace gazette {

// Where an entry comes from, which says how much a match is worth: a
// country or a curated name is a name wherever it appears; a small city's
// name may be an ordinary word ("Split", "Mobile").
enum class EntryKind : uint8_t { kCurated, kCountry, kRegion, kCity };

struct GazetteerEntry {
  EntityType type = EntityType::kPlace;
  EntryKind kind = EntryKind::kCurated;
  std::string name;     // the display form: "United States"
  uint64_t weight = 0;  // population of a place; 0 when not known
  // Other names as written in the data ("US", "USA"); demonyms excluded.
  std::vector<std::string> aliases;
  // A place an article naming this one also mentions: West Germany's is
  // Germany, so that a filter on Germany finds West Germany too.
  const GazetteerEntry* implies = nullptr;
};

struct PhraseMatch {
  const GazetteerEntry* entry = nullptr;
  // Matched a demonym or group adjective: "Syrian" for Syria.
  bool derived = false;
};

// Classes of single words, as bits; a word may have several.
enum WordClass : uint32_t {
  kTitleWord = 1u << 0,      // President, Minister, official, spy
  kTitleModifier = 1u << 1,  // Prime, Foreign, Vice: only before a title
  kOrgWord = 1u << 2,        // Ministry, Department, Party, Bank, Corp
  kPlaceWord = 1u << 3,      // Heights, River, Province, Strait
  kFirstName = 1u << 4,      // Donald, Ahmed, Maria
  kNotName = 1u << 5,        // The, Earlier, Three, Monday
  kOrgConnector = 1u << 6,   // of, for: inside organisation names
  kNameConnector = 1u << 7,  // de, van, bin: inside people's names
  kPlaceNoun = 1u << 8,      // province, city: "the province of Quneitra"
  kEventWord = 1u << 9,      // Cup, Championship, Olympics: not an entity
  kMonth = 1u << 10,         // January, May: a date when next to a number
  kCommonWord = 1u << 11,    // seen in lower case in running text: "air"
  kOrgStart = 1u << 12,      // First, New: a not-name that may open a
                             // company's name ("First Union Corp")
  kGenericWord = 1u << 13,   // Central, Stock: with organisation words
                             // only, a description ("the Central Bank")
  kDealWord = 1u << 14,      // Accord, Plan, Act: ends an agreement's or a
                             // law's name, no person's
};

// Lookup key of a name: its words as TokenizeNames splits them, each folded
// (FoldName), dots dropped from abbreviations ("U.S." -> "us"), joined by
// single spaces. PhraseKey("U.S. State Department") == "us state department".
std::string PhraseKey(std::string_view name);
// The key of one token's text (no spaces inside).
std::string TokenKey(std::string_view token_text, bool abbreviation);

class Gazetteer {
 public:
  Gazetteer();
  ~Gazetteer();
  Gazetteer(const Gazetteer&) = delete;
  Gazetteer& operator=(const Gazetteer&) = delete;

  // Adds the records of one data file, one per line, fields separated by
  // tabs; '#' starts a comment line. Entity records:
  //   TYPE NAME KIND WEIGHT ALIASES DERIVED
  // with TYPE person, place, org or group; KIND curated, country, admin1 or
  // city; WEIGHT a number (may be empty); ALIASES and DERIVED lists
  // separated by '|' (may be empty or missing). Word records:
  //   word WORDS CLASS[,CLASS...]
  // giving each of the space-separated WORDS the classes, with CLASS title,
  // titlemod, orgword, placeword, firstname, notname,
  // orgconnector, nameconnector, placenoun, eventword, month, common,
  // orgstart or generic. Abbreviation records:
  //   abbrev ABBREVIATION NAME
  // give a dateline's abbreviation of a place ("Mass.", "Massachusetts"):
  // read as the place only in a dateline, where it cannot be a word.
  // Records that add to an entry of any file, loaded before or after:
  //   alias TYPE NAME ALIASES DERIVED
  //   implies TYPE NAME IMPLIED_NAME
  // give the entry of that type and name more aliases and demonyms, or the
  // entry it implies (GazetteerEntry::implies). Until such an entry is
  // loaded they wait: unapplied() lists those still waiting.
  // Returns one message per line it could not use ("SOURCE:LINE: reason");
  // the other lines are kept.
  [[nodiscard]] std::vector<std::string> Load(std::string_view text,
                                              std::string_view source);

  // Entries whose name, alias or demonym has this PhraseKey, best first:
  // curated, then countries, regions and cities, larger places first.
  std::span<const PhraseMatch> Find(std::string_view key) const;
  // Whether some name's key starts with this token key, and how many tokens
  // the longest name has: bounds the search for the longest match.
  bool StartsName(std::string_view token_key) const;
  size_t max_name_tokens() const { return max_name_tokens_; }

  uint32_t WordClasses(std::string_view token_key) const;

  // The PhraseKey of the name a dateline abbreviation stands for ("mass" ->
  // "massachusetts"), or "" when the key is none.
  std::string_view Expansion(std::string_view abbreviation_key) const;

  // Both of the above in one lookup, for the finder's inner loop.
  struct TokenInfo {
    uint32_t classes = 0;
    bool starts_name = false;
  };
  TokenInfo Token(std::string_view token_key) const;

  size_t entry_count() const { return entries_.size(); }

  // The alias and implies records whose entry no file has given yet, as
  // "SOURCE:LINE: no TYPE named NAME".
  std::vector<std::string> unapplied() const;

  // The lists compiled into the library (common/data/*.tsv), loaded on
  // first use; safe to call from several threads.
  static const Gazetteer& BuiltIn();

 private:
  void AddName(std::string_view name, const GazetteerEntry* entry,
               bool derived);
  // One record of Load(), by kind; each returns a problem, or "".
  std::string LoadPending(const std::vector<std::string_view>& fields,
                          const std::string& where);
  std::string LoadAbbreviation(const std::vector<std::string_view>& fields);
  std::string LoadWords(const std::vector<std::string_view>& fields);
  std::string LoadEntry(const std::vector<std::string_view>& fields);
  // The entry of this type and exact name, if loaded.
  GazetteerEntry* FindEntry(EntityType type, std::string_view name) const;
  // Applies the waiting alias and implies records whose entries are loaded.
  void ApplyPending();

  struct Pending {
    std::string where;  // "SOURCE:LINE"
    bool implies = false;
    EntityType type = EntityType::kPlace;
    std::string name;
    std::vector<std::string> aliases;  // or the implied entry's name
    std::vector<std::string> derived;
  };
  std::vector<Pending> pending_;

  std::vector<std::unique_ptr<GazetteerEntry>> entries_;
  FlatStringMap<std::vector<PhraseMatch>> names_;
  FlatStringMap<TokenInfo> tokens_;
  FlatStringMap<std::string> abbreviations_;
  size_t max_name_tokens_ = 0;
};

}  // namespace gazette

#endif  // GAZETTE_COMMON_ENTITIES_GAZETTEER_H_
