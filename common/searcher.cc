#include "common/searcher.h"

#include <algorithm>
#include <chrono>

#include "common/error.h"
#include "common/facet_counter.h"
#include "common/fold.h"
#include "common/index_database.h"
#include "common/schema.h"
#include "common/snippet.h"
#include "common/stored_fields.h"

namespace gazette {

Searcher::Searcher(const std::string& db_path, const RankingParams& ranking)
    : path_(db_path),
      ranking_(ranking),
      db_(OpenIndexForReading(db_path)),
      builder_(db_, ranking_),
      stems_(schema::MakeStemmer()) {}

Searcher Searcher::Clone() const {
  Searcher other(path_, ranking_);
  other.count_seconds_ = count_seconds_;
  return other;
}

template <typename Read>
auto Searcher::OnLatestCommit(Read read) -> decltype(read()) {
  // A commit by the indexer can invalidate the revision being read; the
  // newest revision is always complete, so reopen and try again.
  constexpr int kAttempts = 5;
  for (int attempt = 1;; ++attempt) {
    try {
      // Every search answers from the latest commit, so a long-lived
      // Searcher (batch mode, an embedding program) sees new articles. When
      // nothing changed this only reads the revision number.
      // A --rebuild puts a whole new database (with its own UUID) in the
      // index's place; reopen() compares only revision numbers, so when the
      // new one's happens to equal ours it keeps reading the old one's
      // tables. Open the new one afresh instead.
      const std::string uuid = db_.get_uuid();
      db_.reopen();
      if (db_.get_uuid() != uuid) {
        db_ = OpenIndexForReading(path_);
        builder_ = QueryBuilder(db_, ranking_);
      }
      return read();
    } catch (const Xapian::DatabaseModifiedError&) {
      if (attempt == kAttempts) {
        throw Error(ErrorKind::kIndexCorrupt,
                    "index at '" + path_ +
                        "' kept changing while searching; "
                        "try again");
      }
    } catch (const Xapian::DatabaseError& e) {
      throw Error(ErrorKind::kIndexCorrupt, "cannot read index at '" + path_ +
                                                "': " + e.get_description());
    }
  }
}

SearchResult Searcher::Search(const SearchRequest& request) {
  return OnLatestCommit([&] { return SearchOnce(request); });
}

std::vector<FacetValue> Searcher::EntityNames(EntityType type,
                                              std::string_view prefix,
                                              size_t limit) {
  return OnLatestCommit([&] {
    const std::string type_prefix = schema::EntityTerm(type, "");
    const std::string start = type_prefix + FoldName(prefix);
    std::vector<FacetValue> names;
    for (auto it = db_.allterms_begin(start); it != db_.allterms_end(start);
         ++it) {
      FacetValue name;
      name.key = (*it).substr(type_prefix.size());
      name.value = name.key;
      name.count = it.get_termfreq();
      names.push_back(std::move(name));
    }
    const auto more_first = [](const FacetValue& a, const FacetValue& b) {
      return a.count != b.count ? a.count > b.count : a.key < b.key;
    };
    if (names.size() > limit) {
      std::partial_sort(names.begin(), names.begin() + limit, names.end(),
                        more_first);
      names.resize(limit);
    } else {
      std::sort(names.begin(), names.end(), more_first);
    }
    return names;
  });
}

SearchResult Searcher::SearchOnce(const SearchRequest& request) {
  const auto start = std::chrono::steady_clock::now();
  SearchResult result;
  result.request = request;

  Xapian::Enquire enquire(db_);
  enquire.set_weighting_scheme(MakeWeight(ranking_));
  const Xapian::Query query = builder_.Build(request);
  // Before sorting is set: feedback comes from the most relevant hits.
  const bool expand = request.expand.value_or(request.plain_text);
  enquire.set_query(expand ? ExpandQuery(enquire, query, ranking_) : query);
  switch (request.sort) {
    case SortOrder::kRelevance:
      break;
    case SortOrder::kNewest:
      enquire.set_sort_by_value_then_relevance(schema::kDateSlot, true);
      break;
    case SortOrder::kOldest:
      enquire.set_sort_by_value_then_relevance(schema::kDateSlot, false);
      break;
  }
  std::unique_ptr<FacetCounter> facets;
  if (request.facets) {
    facets = MakeFacetCounter();
    facets->Attach(enquire);
  }
  // Facets and exact totals need every match looked at, but not for ever:
  // after the time limit Xapian stops counting and the totals are estimates.
  // (Xapian starts a timer thread for the limit: not worth it otherwise.)
  const Xapian::doccount check_at_least =
      request.facets || request.exact_total ? db_.get_doccount() : 0;
  if (check_at_least > 0) enquire.set_time_limit(count_seconds_);
  const Xapian::MSet mset = enquire.get_mset(
      static_cast<Xapian::doccount>(request.offset),
      static_cast<Xapian::doccount>(request.limit), check_at_least);

  result.totals = {mset.get_matches_estimated(), mset.get_matches_lower_bound(),
                   mset.get_matches_upper_bound()};
  // From the query as asked, so feedback's terms are not highlighted.
  std::optional<SnippetTerms> snippet_terms;
  for (auto it = mset.begin(); it != mset.end(); ++it) {
    const Xapian::Document doc = it.get_document();
    const Document article = DecodeArticleData(doc.get_data());
    Hit hit;
    hit.rank = it.get_rank() + 1;
    hit.id = article.id;
    // The file the article was read from: its own, or the JSON Lines file
    // holding it, whose id the article's id extends with "#key".
    const auto source = DecodeSource(doc.get_value(schema::kSourceSlot));
    const std::string& file = source ? source->FilePath() : article.id;
    hit.path = article.root.empty() ? file : article.root + "/" + file;
    hit.title = article.title;
    hit.date = article.date;
    hit.score = it.get_weight();
    if (request.snippet_bytes > 0) {
      if (!snippet_terms) snippet_terms.emplace(query, mset);
      hit.snippet = MakeSnippet(*snippet_terms, article.body, stems_,
                                request.snippet_bytes);
    }
    hit.entities = DecodeEntityList(doc.get_value(schema::kEntitySlot));
    result.hits.push_back(std::move(hit));
  }
  if (facets)
    result.facets = facets->Result(request.facet_limit, result.totals.exact());
  result.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  return result;
}

}  // namespace gazette
