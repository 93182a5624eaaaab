// The index's spelling data (Xapian's spelling table), from which the
// searcher suggests corrections ("did you mean"). It holds the words of
// every article's text, each counted once per article that has it, so a
// word's spelling frequency is its article count. The writer adds an
// article's words when it writes it and takes them away when it replaces
// or deletes it: the table always equals what a --rebuild makes.
#ifndef GAZETTE_COMMON_INDEX_SPELLING_H_
#define GAZETTE_COMMON_INDEX_SPELLING_H_

#include <xapian.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>

namespace gazette {

// Words shorter than this (in characters) get no suggestion and suggest
// nothing: "tlk" is one edit from too many words to say which was meant.
inline constexpr size_t kMinSpellingLength = 3;
// Longer terms are tokens, not words (URLs, runs of letters).
inline constexpr size_t kMaxSpellingBytes = 40;

// Whether a term of a document feeds the spelling data: an unprefixed
// (text) term of kMinSpellingLength to kMaxSpellingBytes with no digit
// ("1987", "g7", "mln3" are not words anyone misspells into a query) and no
// punctuation.
bool IsSpellingWord(std::string_view term);

// The changes to the spelling data of a run of written, replaced and
// deleted documents, kept as one count per word and handed to Xapian in one
// call per word (Apply): a call per word and article made the build of
// Reuters a third slower, since Xapian looks each word up in its own pending
// changes or on disk. Apply before the commit of the documents, so that
// both are in it.
class SpellingChanges {
 public:
  // Counts the spelling words of a document once each: a new document's
  // (Add), a stored one that is replaced or deleted (Remove).
  void Add(const Xapian::Document& doc) { Count(doc, 1); }
  void Remove(const Xapian::Document& doc) { Count(doc, -1); }

  // Counts `n` more (or fewer) articles with `word`.
  void Change(const std::string& word, int64_t n) { counts_[word] += n; }

  // Adds or removes each word's net count in db, and forgets them.
  void Apply(Xapian::WritableDatabase& db);

  bool empty() const { return counts_.empty(); }
  // Words with a count.
  size_t size() const { return counts_.size(); }

 private:
  void Count(const Xapian::Document& doc, int64_t change);

  std::unordered_map<std::string, int64_t> counts_;
};

// Makes db's spelling data what its articles make it: every spelling word
// among the text terms at its term frequency (the articles that have it),
// nothing else. One pass over the vocabulary and the spelling data side by
// side, one change per word that differs: what a fresh build does at its
// end instead of counting every article's words, which cost it 30% more
// time (Xapian rewrites the lists of words that share a trigram at every
// commit). Xapian holds the changes in memory until they are committed:
// `batch` (0: no bound, and no commit) commits them every `batch` words,
// and at the end. Each commit rewrites the fragment lists it touches, so
// batches make a bigger table: a fresh build makes each temporary shard's
// data in batches, and the merge writes them compactly as one
// (ShardedWriter).
void SyncSpelling(Xapian::WritableDatabase& db, size_t batch = 0);

// The batch a build syncs in: Xapian holds a batch's words and their
// fragment lists in memory until it is committed (the 287,807 words of
// 100,000 articles in one commit took a fresh build's peak from 185 to
// 424 MB).
inline constexpr size_t kSpellingBatchWords = 20000;

}  // namespace gazette

#endif  // GAZETTE_COMMON_INDEX_SPELLING_H_
