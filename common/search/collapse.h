// Near-duplicate stories at search time: the page of a collapsed list (one
// article per group, schema::kGroupSlot as Xapian's collapse key), each
// hit's group counts, and the filter of --similar-to.
#ifndef GAZETTE_COMMON_SEARCH_COLLAPSE_H_
#define GAZETTE_COMMON_SEARCH_COLLAPSE_H_

#include <xapian.h>

#include <memory>
#include <string>
#include <vector>

#include "gazette/search_request.h"
#include "gazette/search_result.h"

namespace gazette {

// Orders enquire's matches as `sort` asks: by relevance, equally relevant
// ones newest first then by id, or by date then id (schema::kSortSlot).
void SetMatchOrder(Xapian::Enquire& enquire, SortOrder sort);

// Whether a page of the list uncollapsed, starting at its first match, whose
// articles are `docs`, is already the collapsed list's: no two of its
// articles share a group, so collapsing would leave out none of them.
bool PageHasNoNearDuplicates(const std::vector<Xapian::Document>& docs);

// The page [offset, offset + limit) of `query`'s matches with one article
// per near-duplicate group, ranked by `weight` in `sort` order.
Xapian::MSet CollapsedPage(const Xapian::Database& db,
                           const Xapian::Query& query,
                           const Xapian::Weight& weight, SortOrder sort,
                           size_t offset, size_t limit);

// Sets each hit's group_size and similar from its group (Hit::group): the
// group's articles, and those of them other than the hit matching `query`,
// counted exactly (two matches for the whole page).
void CountNearDuplicates(const Xapian::Database& db, const Xapian::Query& query,
                         std::vector<Hit>& hits);

// The filter of SearchRequest::similar_to: the articles of the group of the
// article with `id`, or that article alone. Throws Error(kQuery) when no
// article has the id.
Xapian::Query SimilarToQuery(const Xapian::Database& db, const std::string& id);

}  // namespace gazette

#endif  // GAZETTE_COMMON_SEARCH_COLLAPSE_H_
