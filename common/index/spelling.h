// The index's spelling data (Xapian's spelling table), from which the
// searcher suggests corrections ("did you mean"). It holds the words of
// every article's text, each counted once per article that has it, so a
// word's spelling frequency is its article count. The writer adds an
// article's words when it writes it and takes them away when it replaces
// or deletes it: the table always equals what a --rebuild makes.
#ifndef GAZETTE_COMMON_INDEX_SPELLING_H_
#define GAZETTE_COMMON_INDEX_SPELLING_H_

#include <xapian.h>

#include <string_view>

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

// Adds (or removes) the spelling words of a document, once each: a new
// document's before it is written, a stored one's before it is replaced or
// deleted.
void AddSpelling(Xapian::WritableDatabase& db, const Xapian::Document& doc);
void RemoveSpelling(Xapian::WritableDatabase& db, const Xapian::Document& doc);

}  // namespace gazette

#endif  // GAZETTE_COMMON_INDEX_SPELLING_H_
