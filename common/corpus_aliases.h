// Short names across the corpus: which full name a lone short name stands
// for ("al-Sharaa" -> "Ahmed al-Sharaa"), learnt from the articles that use
// both and kept in the index's metadata, so that an article naming someone
// only by the short form counts and matches under the full name.
#ifndef GAZETTE_COMMON_CORPUS_ALIASES_H_
#define GAZETTE_COMMON_CORPUS_ALIASES_H_

#include <xapian.h>

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>

namespace gazette {

struct AliasResolution {
  std::string full_key;  // folded: "ahmed al-sharaa"
  std::string name;      // display form: "Ahmed al-Sharaa"
};

// The full name the corpus gives a person's one-word short name (folded, as
// "al-sharaa"): the full form seen with it most often, if it has more than
// half of the sightings. Reads the table CorpusAliases keeps.
std::optional<AliasResolution> ResolvePersonAlias(const Xapian::Database& db,
                                                  std::string_view short_key);

// Keeps the table while an index is built. Not thread-safe: the writer
// calls it.
class CorpusAliases {
 public:
  explicit CorpusAliases(Xapian::WritableDatabase& db) : db_(db) {}

  // Learns from a document about to be written (as DocumentBuilder makes
  // it): the one-word short forms each person named in full also went by,
  // and the short names it leaves unresolved.
  void Learn(const Xapian::Document& doc);

  // Adds what was learnt since the last call to the metadata table; call
  // before each commit, so the table never lags the documents.
  void Save();

  // Saves, then gives every document (of this build or an earlier one) that
  // names someone by a one-word name only (an XU term: unresolved, or
  // listed as "Reagan") which this build touched and the table now
  // resolves, the full name: in its entity list instead of the short one,
  // so facets count it there, and as a term, so filters by the full name
  // find it; its XU term goes. Call before the last commit. Returns how
  // many documents it changed.
  size_t Resolve();

 private:
  Xapian::WritableDatabase& db_;
  // short key -> full key -> (display name, sightings) since the last Save.
  std::map<std::string, std::map<std::string, std::pair<std::string, uint64_t>>>
      learnt_;
  // Short keys this build learnt, or saw left unresolved.
  std::set<std::string> touched_;
};

}  // namespace gazette

#endif  // GAZETTE_COMMON_CORPUS_ALIASES_H_
