#include "gazette/searcher.h"

#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <optional>
#include <sstream>
#include <thread>
#include <unordered_map>

#include "common/base/cached_stemmer.h"
#include "common/entities/entity_key.h"
#include "common/index/index_database.h"
#include "common/index/schema.h"
#include "common/index/shard_set.h"
#include "common/index/stored_fields.h"
#include "common/index/xapian_error.h"
#include "common/search/collapse.h"
#include "common/search/facet_counter.h"
#include "common/search/match_count.h"
#include "common/search/query_builder.h"
#include "common/search/ranking.h"
#include "common/search/related.h"
#include "common/search/shard_facet_counter.h"
#include "common/search/snippet.h"
#include "common/search/spelling_suggester.h"
#include "common/search/timeline.h"
#include "gazette/error.h"

namespace gazette {
namespace {

// "article 'ID' in index at 'PATH' cannot be read: REASON; ...", naming the
// article by its id term, which survives when its data does not, else by
// its docid in the index searched.
std::string DamagedArticleMessage(const Xapian::Document& doc,
                                  Xapian::docid docid, const std::string& path,
                                  const std::string& reason) {
  std::string id = "#" + std::to_string(docid);
  auto term = doc.termlist_begin();
  term.skip_to(std::string(schema::kIdPrefix));
  if (term != doc.termlist_end() && (*term).starts_with(schema::kIdPrefix))
    id = (*term).substr(schema::kIdPrefix.size());
  return "article '" + id + "' in index at '" + path +
         "' cannot be read: " + reason +
         "; run `indexer build --rebuild CORPUS_DIR` to repair it";
}

// Thrown through RetryIndexRead (which passes on what is not Xapian's) when
// a remote shard fails, for OnLatestCommit to recover.
struct ShardFailure {
  Xapian::NetworkError error;
};

}  // namespace

struct Searcher::Impl {
  Impl(const std::string& db_path, const RankingParams& params,
       const ShardOptions& options)
      : path(db_path),
        ranking(params),
        shard_options(options),
        shards(db_path, options),
        builder(shards.db(), params),
        stems(schema::MakeStemmer()) {}

  SearchResult SearchOnce(const SearchRequest& request);
  // The facet counter of `request` (facets, or the timeline's years and
  // months) for `query` on db: the columnar one, with this searcher's
  // caches, for one local database; the shards' otherwise.
  std::unique_ptr<FacetCounter> MakeFacets(const SearchRequest& request,
                                           const Xapian::Database& db,
                                           const Xapian::Query& query);
  // A page of hits and their articles, in order.
  struct Page {
    Xapian::MSet mset;
    std::vector<Xapian::Document> docs;
  };
  // The page of hits to show: `uncollapsed`, the page of query's matches,
  // or, when the request collapses near duplicates, the collapsed list's.
  // `weight` is the weighting scheme `uncollapsed` was ranked by.
  Page PageToShow(const SearchRequest& request, const Xapian::Database& db,
                  const Xapian::Query& query, const Xapian::Weight& weight,
                  const Xapian::MSet& uncollapsed);
  std::vector<FacetValue> EntityNamesOnce(EntityType type,
                                          std::string_view prefix,
                                          size_t limit);
  // Runs read() on the index's latest commit, retrying if the indexer
  // commits meanwhile, and reconnecting remote shards that fail; maps
  // Xapian's errors to Error.
  template <typename Read>
  auto OnLatestCommit(Read read) -> decltype(read());
  void MoveToLatestCommit();

  std::string path;
  RankingParams ranking;
  ShardOptions shard_options;
  ShardSet shards;
  QueryBuilder builder;
  StemCache stems;  // for snippets
  double count_seconds = 5.0;
  // Kept from one search to the next for facets: the column of facet
  // fields (shared with clones, built once several searches came for the
  // same revision) and the names looked up.
  std::shared_ptr<FacetColumnCache> facet_columns =
      std::make_shared<FacetColumnCache>();
  FacetNamesMemo facet_names;
};

Searcher::Searcher(const std::string& db_path, const RankingParams& ranking,
                   const ShardOptions& shards)
    : impl_(std::make_unique<Impl>(db_path, ranking, shards)) {}

Searcher::Searcher(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Searcher::~Searcher() = default;
Searcher::Searcher(Searcher&&) noexcept = default;
Searcher& Searcher::operator=(Searcher&&) noexcept = default;

Searcher Searcher::Clone() const {
  auto other =
      std::make_unique<Impl>(impl_->path, impl_->ranking, impl_->shard_options);
  other->count_seconds = impl_->count_seconds;
  other->facet_columns = impl_->facet_columns;
  return Searcher(std::move(other));
}

void Searcher::set_count_time_limit(double seconds) {
  impl_->count_seconds = seconds;
}

SearchResult Searcher::Search(const SearchRequest& request) {
  // Checked before the index is touched: a page of a billion hits would
  // take the memory of a billion candidates.
  if (request.limit > kMaxLimit || request.offset > kMaxOffset) {
    const bool limit = request.limit > kMaxLimit;
    throw Error(ErrorKind::kQuery,
                std::string(limit ? "limit" : "offset") + " must be at most " +
                    std::to_string(limit ? kMaxLimit : kMaxOffset) + ", got " +
                    std::to_string(limit ? request.limit : request.offset));
  }
  return impl_->OnLatestCommit([&] { return impl_->SearchOnce(request); });
}

std::vector<FacetValue> Searcher::EntityNames(EntityType type,
                                              std::string_view prefix,
                                              size_t limit) {
  return impl_->OnLatestCommit(
      [&] { return impl_->EntityNamesOnce(type, prefix, limit); });
}

std::optional<IndexProgress> Searcher::FirstBuildProgress() {
  return impl_->OnLatestCommit([&]() -> std::optional<IndexProgress> {
    const Xapian::Database& db = impl_->shards.db();
    const std::string value = db.get_metadata(schema::kBuildProgressKey);
    // A build that died left its progress behind: only a running one holds
    // the lock. A remote shard's lock cannot be asked for: its server's
    // machine builds it.
    if (value.empty() || impl_->shards.has_remote() || !db.locked())
      return std::nullopt;
    IndexProgress progress;
    std::istringstream in(value);
    if (!(in >> progress.done >> progress.total)) return std::nullopt;
    return progress;
  });
}

void Searcher::Impl::MoveToLatestCommit() {
  // Every search answers from the latest commit, so a long-lived Searcher
  // (batch mode, an embedding program) sees new articles. When nothing
  // changed this only reads the revision number; remote shards (a round
  // trip each) are asked at most every 50 ms unless the last time found a
  // commit (ShardSet::Refresh).
  if (shards.Refresh()) builder = QueryBuilder(shards.db(), ranking);
}

template <typename Read>
auto Searcher::Impl::OnLatestCommit(Read read) -> decltype(read()) {
  // A remote shard's connection may have been closed (the server's idle
  // timeout): reconnect and try again; if it fails again, the shard it
  // names is down or too slow.
  for (int failures = 0;; ++failures) {
    try {
      return RetryIndexRead(
          IndexAccess::kRead, path,
          [&] {
            try {
              MoveToLatestCommit();
              return read();
            } catch (const Xapian::NetworkError& e) {
              throw ShardFailure{e};
            }
          },
          // The commit read was overwritten: ask every shard for its latest.
          [&] { shards.MarkOutdated(); });
    } catch (const ShardFailure& failure) {
      if (failures == 2) {
        throw Error(ErrorKind::kShardUnavailable,
                    "shards of '" + path +
                        "' keep failing: " + failure.error.get_description());
      }
      shards.Recover(failure.error, failures > 0);
      builder = QueryBuilder(shards.db(), ranking);
    }
  }
}

std::vector<FacetValue> Searcher::Impl::EntityNamesOnce(EntityType type,
                                                        std::string_view prefix,
                                                        size_t limit) {
  const std::string type_prefix = schema::EntityTerm(type, "");
  const std::string start = type_prefix + EntityKeyPrefix(prefix);
  std::vector<FacetValue> names;
  const Xapian::Database& db = shards.db();
  for (auto it = db.allterms_begin(start); it != db.allterms_end(start); ++it) {
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
}

namespace {

// A hit of the page, from its stored article; `snippet_terms` is made from
// the query and the MSet on first use.
Hit MakeHit(const Xapian::MSet& mset, const Xapian::MSetIterator& it,
            const Xapian::Document& doc, const SearchRequest& request,
            const std::string& path, const Xapian::Query& query,
            std::optional<SnippetTerms>& snippet_terms, StemCache& stems) {
  Expected<Article> decoded = DecodeArticleData(doc.get_data());
  if (!decoded) {
    throw Error(ErrorKind::kArticleDamaged,
                DamagedArticleMessage(doc, *it, path, decoded.error()));
  }
  const Article& article = *decoded;
  Hit hit;
  hit.rank = it.get_rank() + 1;
  hit.id = article.id;
  // The file the article was read from: its own, or the JSON Lines file
  // holding it, whose id the article's id extends with "#key".
  const auto source = DecodeSource(doc.get_value(schema::kSourceSlot));
  const std::string file = source ? source->RelativePath() : article.id;
  hit.path = article.root.empty() ? file : article.root + "/" + file;
  hit.title = article.title;
  hit.date = article.date;
  hit.source = article.source;
  hit.url = article.url;
  hit.score = it.get_weight();
  if (request.snippet_bytes > 0) {
    if (!snippet_terms) snippet_terms.emplace(query, mset);
    hit.snippet =
        MakeSnippet(*snippet_terms, article.body, stems, request.snippet_bytes);
  }
  hit.entities = DecodeEntityList(doc.get_value(schema::kEntitySlot));
  hit.group = doc.get_value(schema::kGroupSlot);
  return hit;
}

// The words a --like page's snippets look for, weighed as the list weighs
// its stems. Other searches weigh them by Xapian's bounds on each term's
// weight (MSet::get_termweight), which remote shards give on another
// scale: with --like's 25 weighted stems a snippet would show another
// passage. Nothing when the request also has words of its own.
std::optional<SnippetTerms> RelatedSnippetTerms(
    const SearchRequest& request, const std::optional<RelatedQuery>& related) {
  if (!related || related->info.by_entities ||
      request.query.find_first_not_of(" \t\r\n") != std::string::npos)
    return std::nullopt;
  std::unordered_map<std::string, double> weights;
  for (const RelatedTerm& t : related->info.terms)
    weights["Z" + t.key] = t.weight;
  return SnippetTerms::FromWeights(std::move(weights), {});
}

}  // namespace

Searcher::Impl::Page Searcher::Impl::PageToShow(
    const SearchRequest& request, const Xapian::Database& db,
    const Xapian::Query& query, const Xapian::Weight& weight,
    const Xapian::MSet& uncollapsed) {
  // The page's articles: over 2 or more remote shards each shard's read on
  // a thread of its own (ShardSet::Documents).
  const bool first = request.offset == 0;
  if (!request.collapse || request.similar_to ||
      db.get_value_freq(schema::kGroupSlot) == 0)
    return {uncollapsed, shards.Documents(uncollapsed, first)};
  // A first page of articles of distinct groups is the collapsed one's:
  // the common case costs no second match.
  ShardSet::ReadDocuments read;
  if (first) {
    Page page{uncollapsed, shards.Documents(uncollapsed, true)};
    if (PageHasNoNearDuplicates(page.docs)) return page;
    // Most of them are on the collapsed page too: over remote shards each
    // read again would cost a round trip.
    size_t i = 0;
    for (auto it = page.mset.begin(); it != page.mset.end(); ++it)
      read.emplace(*it, page.docs[i++]);
  }
  Xapian::MSet collapsed = CollapsedPage(db, query, weight, request.sort,
                                         request.offset, request.limit);
  return {collapsed, shards.Documents(collapsed, first, &read)};
}

std::unique_ptr<FacetCounter> Searcher::Impl::MakeFacets(
    const SearchRequest& request, const Xapian::Database& db,
    const Xapian::Query& query) {
  if (request.facets && request.facet_sample != 0 &&
      (request.facet_sample < kMinFacetSample ||
       request.facet_sample > kMaxFacetSample)) {
    throw Error(ErrorKind::kQuery,
                "facet sample must be 0 (none) or from " +
                    std::to_string(kMinFacetSample) + " to " +
                    std::to_string(kMaxFacetSample) + ", got " +
                    std::to_string(request.facet_sample));
  }
  // The timeline needs only the years and months: no entity values.
  FacetOptions options{request.facets ? request.facet_limit : 0,
                       request.facets ? request.facet_sample : 0};
  options.columns = facet_columns.get();
  options.names = &facet_names;
  options.threads = std::clamp(std::thread::hardware_concurrency(), 1u, 4u);
  return MakeFacetCounterFor(db, query, shards.has_remote(), options);
}

SearchResult Searcher::Impl::SearchOnce(const SearchRequest& request) {
  const auto start = std::chrono::steady_clock::now();
  SearchResult result;
  result.request = request;
  result.missing_shards = shards.missing();

  // A fresh Enquire for every search: Xapian 1.4 keeps a KeyMaker set on
  // one after set_sort_by_relevance().
  const Xapian::Database& db = shards.db();
  Xapian::Enquire enquire(db);
  const std::optional<RelatedQuery> related =
      BuildRelatedQuery(db, request, builder, ranking, shards.has_remote());
  // The collapsed page, if one is needed, is ranked by the same.
  const Xapian::CoordWeight coord;
  const Xapian::BM25Weight bm25 = MakeWeight(ranking);
  const Xapian::Weight& weight = related && related->coord_weight
                                     ? static_cast<const Xapian::Weight&>(coord)
                                     : static_cast<const Xapian::Weight&>(bm25);
  enquire.set_weighting_scheme(weight);
  const Xapian::Query query = related ? related->query : builder.Build(request);
  SetMatchOrder(enquire, SortOrder::kRelevance);
  // Before sorting by date: feedback comes from the most relevant hits.
  // Over remote shards from their stored articles, each shard's read at
  // the same time, rather than their term lists, a round trip each in turn.
  const bool expand = !related && request.expand.value_or(request.plain_text);
  DocumentReader stored_text;
  if (shards.has_remote()) {
    stored_text = [&](const Xapian::MSet& top) {
      return shards.Documents(top, true);
    };
  }
  enquire.set_query(expand ? ExpandQuery(enquire, query, ranking, stored_text)
                           : query);
  SetMatchOrder(enquire, request.sort);
  std::unique_ptr<FacetCounter> facets;
  if (request.facets || request.timeline) {
    facets = MakeFacets(request, db, enquire.get_query());
    facets->Attach(enquire);
  }
  // Facets and exact totals need every match looked at, but not for ever:
  // after the time limit Xapian stops counting and the totals are estimates.
  // (Xapian starts a timer thread for the limit: not worth it otherwise.)
  // Any other search counts up to a bound that costs little, so that a
  // total shown is exact or a true "at least": Xapian's estimate after
  // looking only at the page's worth of matches was off by 36 to 1.
  const bool count_all =
      request.exact_total || (facets && facets->NeedsEveryMatch());
  const Xapian::doccount check_at_least =
      count_all ? db.get_doccount()
                : static_cast<Xapian::doccount>(std::min<size_t>(
                      request.count_exactly_up_to, db.get_doccount()));
  if (count_all) enquire.set_time_limit(count_seconds);
  Xapian::MSet mset = enquire.get_mset(
      static_cast<Xapian::doccount>(request.offset),
      static_cast<Xapian::doccount>(request.limit), check_at_least);
  // Counted uncollapsed, so that every total is what its filter finds.
  result.totals = {mset.get_matches_estimated(), mset.get_matches_lower_bound(),
                   mset.get_matches_upper_bound()};
  const Page page = PageToShow(request, db, enquire.get_query(), weight, mset);
  // From the query as asked, so feedback's terms are not highlighted.
  std::optional<SnippetTerms> snippet_terms =
      RelatedSnippetTerms(request, related);
  size_t i = 0;
  for (auto it = page.mset.begin(); it != page.mset.end(); ++it, ++i) {
    result.hits.push_back(MakeHit(page.mset, it, page.docs[i], request, path,
                                  query, snippet_terms, stems));
  }
  if (related) {
    ShareTerms(db, enquire, page.mset, page.docs, *related, shards.has_remote(),
               result.hits);
    result.related = related->info;
  }
  CountNearDuplicates(db, enquire.get_query(), result.hits);
  if (facets) {
    Facets counted = facets->Result(result.totals.exact());
    if (request.timeline)
      result.timeline = MakeTimeline(counted, [&](std::string_view day) {
        return CountMatchesWith(
            db, enquire.get_query(),
            std::string(schema::kDayPrefix) + std::string(day));
      });
    if (request.facets) result.facets = std::move(counted);
  }
  // Spelling data is local: a remote shard has none (DESIGN.md).
  if (request.suggest && !related && result.totals.upper <= kFewMatches)
    result.suggestion =
        SuggestQuery(db, db, builder, request, result.totals.upper);
  result.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  return result;
}

}  // namespace gazette
