// The keys and display names behind facet codes, read from the facet name
// terms (common/index/facet_fields.h), and the articles a query matched, to
// count a key's display names among them.
#ifndef GAZETTE_COMMON_SEARCH_FACET_NAMES_H_
#define GAZETTE_COMMON_SEARCH_FACET_NAMES_H_

#include <xapian.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace gazette {

struct FacetKeyNames {
  // How many of the matches have the key: the sum of the name counts, as an
  // article gives a key one name.
  uint64_t Count(const class MatchSet& matches,
                 const Xapian::Database& db) const;
  // How many articles of the index list the key: the sum of the names'
  // articles.
  Xapian::doccount Listed() const;

  struct Name {
    std::string name;
    std::string term;               // its facet name term
    Xapian::doccount articles = 0;  // in the index, giving the key this name
  };
  std::string key;
  std::vector<Name> names;  // at least one
};

// Reads db, which must outlive it, at the revision it has: what it looks up
// it keeps, so make a new one when db moves to another revision.
class FacetNames {
 public:
  explicit FacetNames(const Xapian::Database& db) : db_(db) {}

  // Looks up the codes not looked up yet, in one pass over the terms (in
  // code order, so that it reads each block of them once at most).
  void Prepare(std::vector<uint32_t> codes);

  // The keys of a code with their names: usually one key, none when no
  // article has the code, several when keys share it. Looked up alone if
  // not prepared; valid as long as this object.
  const std::vector<FacetKeyNames>& Lookup(uint32_t code);
  // The key `key` of `code` when that code was looked up already, else
  // null: a caller that has no use for a look-up of its own.
  const FacetKeyNames* Known(uint32_t code, std::string_view key) const;

  const Xapian::Database& db() const { return db_; }

 private:
  // Reads the names of `code` from `it`, at or before its first term.
  void Read(uint32_t code, Xapian::TermIterator& it);
  // Key and name as an article with `term` lists them: for a name cut to
  // fit a term, or a key that is not its name folded.
  std::optional<FacetKeyNames::Name> FromArticle(uint32_t code,
                                                 const std::string& term,
                                                 std::string* key) const;

  const Xapian::Database& db_;
  std::unordered_map<uint32_t, std::vector<FacetKeyNames>> known_;
};

// The FacetNames of a database's current revision, kept by a searcher from
// one search to the next and made anew when the database moves on. Not
// thread-safe: one per searcher.
class FacetNamesMemo {
 public:
  FacetNames& For(const Xapian::Database& db);

 private:
  std::string revision_;
  std::optional<FacetNames> names_;
};

// The articles a query matched.
class MatchSet {
 public:
  // Every article of the index.
  static MatchSet All() { return MatchSet(); }
  // The articles with these ids, ascending.
  static MatchSet Of(const std::vector<Xapian::docid>& ids);

  // How many of these articles have `term`, of the `articles` in the index
  // that have it.
  Xapian::doccount CountWith(const Xapian::Database& db,
                             const std::string& term,
                             Xapian::doccount articles) const;

 private:
  MatchSet() = default;

  bool all_ = true;
  std::vector<Xapian::docid> ids_;  // ascending
  std::vector<uint64_t> bits_;      // bit d: article d matched
};

}  // namespace gazette

#endif  // GAZETTE_COMMON_SEARCH_FACET_NAMES_H_
