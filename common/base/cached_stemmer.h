// A stemmer that remembers the stems it has computed. Snippets stem every
// word of every hit's text, and the indexer every word of every article; the
// same few thousand words come back over and over, and a lookup is far
// cheaper than running Snowball again.
#ifndef GAZETTE_COMMON_BASE_CACHED_STEMMER_H_
#define GAZETTE_COMMON_BASE_CACHED_STEMMER_H_

#include <xapian.h>

#include <cstddef>
#include <string>
#include <string_view>

#include "common/base/flat_string_map.h"

namespace gazette {

// Stems words with `base`, each distinct word once; the cache is emptied
// when it reaches max_words, which bounds its memory. Looking a word up
// copies and allocates nothing. Not thread-safe: one per thread.
class StemCache {
 public:
  explicit StemCache(const Xapian::Stem& base,
                     size_t max_words = size_t{1} << 16);

  // The stem of `word`, as base(word) gives it. The reference is valid
  // until the next call.
  const std::string& operator()(std::string_view word);

  const Xapian::Stem& base() const { return base_; }

 private:
  Xapian::Stem base_;
  size_t max_words_;
  FlatStringMap<std::string> cache_;  // word -> stem
};

// A Xapian::Stem (for a TermGenerator or QueryParser) over a StemCache.
// Stems are the same as base's. Copies of the returned Stem share one
// cache, which is not thread-safe: give each thread its own.
Xapian::Stem MakeCachedStemmer(const Xapian::Stem& base,
                               size_t max_words = size_t{1} << 16);

}  // namespace gazette

#endif  // GAZETTE_COMMON_BASE_CACHED_STEMMER_H_
