// "Did you mean": a query's misspelt-looking words corrected from the
// index's own vocabulary (its spelling data, common/index/spelling.h).
#ifndef GAZETTE_COMMON_SEARCH_SPELLING_SUGGESTER_H_
#define GAZETTE_COMMON_SEARCH_SPELLING_SUGGESTER_H_

#include <xapian.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/search/query_builder.h"
#include "gazette/search_request.h"
#include "gazette/search_result.h"

namespace gazette {

// A word found in at least this many articles is taken as spelt right,
// however like a commoner word it looks; a word in none is corrected only
// to a word in at least this many.
inline constexpr Xapian::doccount kKnownWordArticles = 3;
// A word in fewer than kKnownWordArticles articles is corrected only to a
// word in this many times as many.
inline constexpr Xapian::doccount kCorrectionFactor = 20;

// The query with each word that looks misspelt replaced by the index's
// likeliest word, keeping everything else (operators, fields, phrases,
// capitals) as written; nothing when no word looks misspelt. A word looks
// misspelt when it has kMinSpellingLength letters or more and no digit, is
// not a field name, a field's value or a wildcard, and a word within one
// edit (two from five letters on; a transposition is one) is in
// kKnownWordArticles articles or more when it is in none, or, when it is
// in fewer than kKnownWordArticles, is in kCorrectionFactor times as many
// and it is not a name the index knows. `spelling` holds the spelling
// data (a local database: remote shards have none), `db` the articles.
std::optional<std::string> CorrectSpelling(const Xapian::Database& spelling,
                                           const Xapian::Database& db,
                                           std::string_view query);

// The corrected query of a request whose query matched `matched` articles,
// with the number of articles it matches under the same filters (counted
// exactly up to request.count_exactly_up_to), if that is more; nothing
// otherwise.
std::optional<Suggestion> SuggestQuery(const Xapian::Database& spelling,
                                       const Xapian::Database& db,
                                       QueryBuilder& builder,
                                       const SearchRequest& request,
                                       uint64_t matched);

}  // namespace gazette

#endif  // GAZETTE_COMMON_SEARCH_SPELLING_SUGGESTER_H_
