// The query text around Xapian's QueryParser: what its grammar cannot take
// is repaired before parsing, or refused, never silently read as something
// wider. Xapian 1.4 reparses a query it cannot parse with every operator
// read as a word: '"interest payments" NEAR Brazil' became the four words
// interest, payments, near and brazil, anywhere in the article.
#ifndef GAZETTE_COMMON_SEARCH_QUERY_SYNTAX_H_
#define GAZETTE_COMMON_SEARCH_QUERY_SYNTAX_H_

#include <string>
#include <string_view>

namespace gazette {

// The query with each run of single words joined by NEAR or ADJ ("syria
// NEAR talks", "a NEAR/5 b ADJ c") put in brackets, so that it may stand
// beside other words: Xapian's grammar takes "syria NEAR talks golan" only
// as "(syria NEAR talks) golan". Phrases, brackets and words with + or -
// are left as they are.
std::string BracketNearRuns(std::string_view query);

// What the query asks that the query syntax cannot express exactly, for
// an error message: a wildcard inside a phrase (Xapian would look for the
// letters as a word). Empty when there is none.
std::string UnsupportedSyntax(std::string_view query);

// Whether the query uses operators whose meaning Xapian's fallback would
// lose: NEAR, ADJ, AND, OR, NOT, XOR, a word with '-' in front or '*'
// after, a phrase of several words. Only then can a fallback change what
// the query means.
bool HasOperators(std::string_view query);

// Whether the query names NEAR or ADJ (outside phrases).
bool HasNearOrAdj(std::string_view query);

}  // namespace gazette

#endif  // GAZETTE_COMMON_SEARCH_QUERY_SYNTAX_H_
