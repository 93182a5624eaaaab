// Snippets: the passage of an article that best matches the query, with
// the matching words located as byte ranges.
#ifndef GAZETTE_COMMON_SNIPPET_H_
#define GAZETTE_COMMON_SNIPPET_H_

#include <xapian.h>

#include <string>
#include <string_view>

#include "common/search_result.h"

namespace gazette {

// Picks about `bytes` bytes of `text` around the query's matches (every
// inflection the stemmer relates to a query word counts). Flags avoid
// per-word term-frequency lookups, so this costs no round trips on a
// remote shard.
Snippet MakeSnippet(const Xapian::MSet& mset, const std::string& text,
                    const Xapian::Stem& stemmer, size_t bytes);

// Turns Xapian's HTML-escaped snippet, with highlights delimited by the
// open/close marker bytes, into plain text and byte ranges. Whitespace runs
// collapse to one space. Exposed for tests.
Snippet DecodeMarkedSnippet(std::string_view marked, char open, char close);

}  // namespace gazette

#endif  // GAZETTE_COMMON_SNIPPET_H_
