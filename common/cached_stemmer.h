// A stemmer that remembers the stems it has computed. Snippets stem every
// word of every hit's text, and the indexer every word of every article; the
// same few thousand words come back over and over, and a lookup is far
// cheaper than running Snowball again.
#ifndef GAZETTE_COMMON_CACHED_STEMMER_H_
#define GAZETTE_COMMON_CACHED_STEMMER_H_

#include <xapian.h>

#include <cstddef>

namespace gazette {

// Wraps `base` so that each distinct word is stemmed once; the cache is
// emptied when it reaches max_words, which bounds its memory. Stems are the
// same as base's. Copies of the returned Stem share one cache, which is not
// thread-safe: give each thread its own (as its TermGenerator or Enquire).
Xapian::Stem MakeCachedStemmer(const Xapian::Stem& base,
                               size_t max_words = size_t{1} << 16);

}  // namespace gazette

#endif  // GAZETTE_COMMON_CACHED_STEMMER_H_
