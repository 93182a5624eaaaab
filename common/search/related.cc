#include "common/search/related.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <utility>
#include <vector>

#include "common/base/printable.h"
#include "common/index/document_builder.h"
#include "common/index/schema.h"
#include "common/index/stored_fields.h"
#include "common/search/match_count.h"
#include "common/search/ranking.h"
#include "gazette/date.h"
#include "gazette/error.h"

namespace gazette {
namespace {

class StemDecider : public Xapian::ExpandDecider {
 public:
  bool operator()(const std::string& term) const override {
    return IsFeedbackStem(term);
  }
};

// The seed's docid, found by its id term: docids differ between one
// database and shards, ids do not.
Xapian::docid FindSeed(const Xapian::Database& db, const std::string& id,
                       std::string_view field) {
  const std::string term = schema::IdTerm(id);
  const auto posting = db.postlist_begin(term);
  if (id.empty() || posting == db.postlist_end(term)) {
    throw Error(ErrorKind::kQuery,
                "no article with id '" + Printable(id, 200) + "' for " +
                    std::string(field) +
                    " in the index: give an id as hits show it");
  }
  return *posting;
}

// The date key of the day `days` after 1970-01-01, within years 1-9999.
std::string DateKey(int days) {
  const Date date = Date::FromDaysSinceEpoch(days);
  if (date.year < 1) return "00010101";
  if (date.year > 9999) return "99991231";
  return date.ToKey();
}

// Articles dated within `window` days of the seed's date, either side.
Xapian::Query DateWindow(const Xapian::Document& seed, size_t window,
                         const std::string& id) {
  const auto date = Date::FromKey(seed.get_value(schema::kDateSlot));
  if (!date) {
    throw Error(ErrorKind::kQuery,
                "article '" + Printable(id, 200) +
                    "' has no date: --within-days needs a dated seed");
  }
  const int seed_day = date->DaysSinceEpoch();
  const int span = static_cast<int>(window);  // at most kMaxWithinDays
  return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, schema::kDateSlot,
                       DateKey(seed_day - span), DateKey(seed_day + span));
}

// A document's terms with their wdf: from its term list, or, for a
// document of a remote shard, whose term list comes one message per term
// (30 ms for a long article), its text's terms made again from its stored
// article (DocumentBuilder::TextTerms: the words and stems, no boolean
// terms).
using TermCounts = std::vector<std::pair<std::string, Xapian::termcount>>;
TermCounts IndexedTerms(const Xapian::Document& doc, bool remote,
                        DocumentBuilder& builder) {
  const Xapian::Document terms = remote ? builder.TextTerms(doc) : doc;
  TermCounts out;
  for (auto t = terms.termlist_begin(); t != terms.termlist_end(); ++t)
    out.emplace_back(*t, t.get_wdf());
  return out;
}

// For each stem in `stems` ("Ztalk"), the unstemmed word of the seed with
// that stem that the seed uses most ("talks"): what a user would type.
std::map<std::string, std::string> SeedWords(
    const TermCounts& seed_terms, const std::set<std::string>& stems) {
  const Xapian::Stem stemmer = schema::MakeStemmer();
  std::map<std::string, std::pair<std::string, Xapian::termcount>> best;
  for (const auto& [word, wdf] : seed_terms) {
    // Prefixed terms (Z stems, S title words, boolean terms) start with a
    // capital; the indexer writes words in lower case.
    if (word.empty() || (word[0] >= 'A' && word[0] <= 'Z')) continue;
    const std::string stem = "Z" + stemmer(word);
    if (!stems.contains(stem)) continue;
    auto& [chosen, most] = best[stem];
    if (wdf > most) {
      chosen = word;
      most = wdf;
    }
  }
  std::map<std::string, std::string> words;
  for (const auto& [stem, choice] : best) words[stem] = choice.first;
  return words;
}

// How many articles hold each of `terms`: from one match over remote
// shards, which answers for all of them in one round trip per shard where
// get_termfreq() takes one per term and shard; one at a time otherwise,
// which costs less than a match over them all.
TermFreqs ArticleCounts(const Xapian::Database& db,
                        const std::vector<std::string>& terms, bool remote) {
  if (remote) return TermFreqsInOneMatch(db, terms);
  TermFreqs counts;
  for (const std::string& term : terms) counts[term] = db.get_termfreq(term);
  return counts;
}

// The seed's stems by weight: Bo1 (Amati's Bose-Einstein model, as Xapian's
// "bo1" expand set) with the mean taken over articles rather than over term
// occurrences, since one match gives a stem's article count on every shard
// and its occurrences would take a round trip per stem and shard.
std::vector<std::pair<std::string, double>> BestStems(
    const Xapian::Database& db, const TermCounts& seed_terms, size_t limit,
    bool remote) {
  TermCounts seed_stems;
  for (const auto& [term, wdf] : seed_terms)
    if (IsFeedbackStem(term)) seed_stems.emplace_back(term, wdf);
  std::vector<std::string> terms;
  for (const auto& [term, wdf] : seed_stems) terms.push_back(term);
  const auto articles = ArticleCounts(db, terms, remote);
  const double n = std::max<double>(1, db.get_doccount());
  std::vector<std::pair<std::string, double>> scored;
  for (const auto& [term, wdf] : seed_stems) {
    const double mean = std::max<double>(1, articles.at(term)) / n;
    scored.emplace_back(
        term, wdf * std::log2((1 + mean) / mean) + std::log2(1 + mean));
  }
  const auto better = [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  };
  const size_t keep = std::min(limit, scored.size());
  std::partial_sort(scored.begin(), scored.begin() + keep, scored.end(),
                    better);
  scored.resize(keep);
  return scored;
}

// The seed's best stems: by Xapian's expand set over the seed alone, or
// ("bo1a") by BestStems.
RelatedQuery LikeQuery(const Xapian::Database& db, Xapian::docid docid,
                       const Xapian::Document& seed,
                       const RankingParams& ranking, bool remote) {
  DocumentBuilder builder;
  const TermCounts seed_terms = IndexedTerms(seed, remote, builder);
  std::vector<std::pair<std::string, double>> best;
  if (ranking.like_scheme == "bo1a") {
    best = BestStems(db, seed_terms, ranking.like_terms, remote);
  } else {
    Xapian::Enquire enquire(db);
    enquire.set_expansion_scheme(ranking.like_scheme);
    Xapian::RSet rset;
    rset.add_document(docid);
    const StemDecider decider;
    const Xapian::ESet eset =
        enquire.get_eset(ranking.like_terms, rset, &decider);
    for (auto it = eset.begin(); it != eset.end(); ++it)
      best.emplace_back(*it, it.get_weight());
  }
  std::set<std::string> stems;
  for (const auto& [stem, weight] : best) stems.insert(stem);
  const auto words = SeedWords(seed_terms, stems);
  RelatedQuery related;
  std::vector<Xapian::Query> parts;
  const double top = best.empty() ? 1 : best.front().second;
  for (const auto& [stem, score] : best) {
    const double weight = ranking.like_weighted && top > 0 ? score / top : 1.0;
    const auto word = words.find(stem);
    related.info.terms.push_back(
        {word != words.end() ? word->second : stem.substr(1), stem.substr(1),
         std::nullopt, weight});
    related.term_index[stem] = related.info.terms.size() - 1;
    parts.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(stem),
                       weight);
  }
  related.query =
      Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end());
  return related;
}

// The seed's people, places and organisations, each weighted by its idf.
// One every article mentions tells nothing and is left out.
RelatedQuery EntitiesQuery(const Xapian::Database& db,
                           const Xapian::Document& seed, bool remote) {
  const double articles = db.get_doccount();
  std::vector<const ArticleEntity*> entities;
  std::vector<std::string> terms;
  const std::vector<ArticleEntity> listed =
      DecodeEntityList(seed.get_value(schema::kEntitySlot));
  for (const ArticleEntity& e : listed) {
    if (e.type == EntityType::kGroup) continue;
    const std::string term = schema::EntityTerm(e.type, e.key);
    if (std::find(terms.begin(), terms.end(), term) != terms.end()) continue;
    entities.push_back(&e);
    terms.push_back(term);
  }
  const auto counts = ArticleCounts(db, terms, remote);
  std::vector<std::pair<RelatedTerm, std::string>> found;
  for (size_t i = 0; i < terms.size(); ++i) {
    const ArticleEntity& e = *entities[i];
    const std::string& term = terms[i];
    const Xapian::doccount mentions = counts.at(term);
    if (mentions == 0 || mentions >= articles) continue;
    found.push_back({{e.name.empty() ? e.key : e.name, e.key, e.type,
                      std::log(articles / mentions)},
                     term});
  }
  std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) {
    return a.first.weight != b.first.weight ? a.first.weight > b.first.weight
                                            : a.second < b.second;
  });
  RelatedQuery related;
  related.coord_weight = true;
  std::vector<Xapian::Query> parts;
  for (auto& [entity, term] : found) {
    parts.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(term),
                       entity.weight);
    related.term_index[term] = related.info.terms.size();
    related.info.terms.push_back(std::move(entity));
  }
  related.query =
      Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end());
  return related;
}

bool HasQueryOrFilter(const SearchRequest& r) {
  return r.query.find_first_not_of(" \t\r\n") != std::string::npos ||
         !r.persons.empty() || !r.places.empty() || !r.orgs.empty() ||
         !r.sources.empty() || r.since || r.until;
}

}  // namespace

std::optional<RelatedQuery> BuildRelatedQuery(const Xapian::Database& db,
                                              const SearchRequest& request,
                                              QueryBuilder& builder,
                                              const RankingParams& ranking,
                                              bool remote) {
  const bool by_entities = request.related_by_entities.has_value();
  if (!request.like && !by_entities) {
    if (request.within_days == 0) return std::nullopt;
    throw Error(ErrorKind::kQuery,
                "--within-days " + std::to_string(request.within_days) +
                    " needs --like or --related-by-entities: the seed "
                    "article whose date it counts from");
  }
  if (request.like && by_entities) {
    throw Error(ErrorKind::kQuery,
                "--like and --related-by-entities ask different questions: "
                "give one of them");
  }
  if (request.within_days > kMaxWithinDays) {
    throw Error(ErrorKind::kQuery, "--within-days must be from 0 to " +
                                       std::to_string(kMaxWithinDays) +
                                       ", got " +
                                       std::to_string(request.within_days));
  }
  const std::string& id =
      by_entities ? *request.related_by_entities : *request.like;
  const Xapian::docid docid =
      FindSeed(db, id, by_entities ? "--related-by-entities" : "--like");
  const Xapian::Document seed = db.get_document(docid);
  RelatedQuery related = by_entities
                             ? EntitiesQuery(db, seed, remote)
                             : LikeQuery(db, docid, seed, ranking, remote);
  related.info.by_entities = by_entities;
  related.info.seed = id;
  Xapian::Query query(Xapian::Query::OP_AND_NOT, related.query,
                      Xapian::Query(schema::IdTerm(id)));
  if (request.within_days != 0) {
    query = Xapian::Query(Xapian::Query::OP_FILTER, query,
                          DateWindow(seed, request.within_days, id));
  }
  // Collapsing near-duplicates (issue 17) applies to this list as to any
  // other: it works on the ranked matches, whatever query made them.
  if (HasQueryOrFilter(request))
    query =
        Xapian::Query(Xapian::Query::OP_FILTER, query, builder.Build(request));
  related.query = query;
  return related;
}

namespace {

// Which of the query's terms each hit of a --related-by-entities page
// holds, over remote shards, by docid: one match per 48 terms, rather than
// a term list per hit.
std::map<Xapian::docid, std::vector<size_t>> EntitiesHeld(
    const Xapian::Database& db, const std::vector<Hit>& hits,
    const RelatedQuery& related) {
  std::vector<Xapian::Query> page;
  for (const Hit& hit : hits) page.emplace_back(schema::IdTerm(hit.id));
  const Xapian::Query on_page(Xapian::Query::OP_OR, page.begin(), page.end());
  std::vector<std::pair<std::string, size_t>> terms(related.term_index.begin(),
                                                    related.term_index.end());
  std::map<Xapian::docid, std::vector<size_t>> held;
  // Each term weighs 2^k under CoordWeight (a matching term adds its
  // factor): a hit's weight is the sum over the terms it holds, which a
  // double holds exactly for k < 53.
  constexpr size_t kTermsPerMatch = 48;
  for (size_t from = 0; from < terms.size(); from += kTermsPerMatch) {
    const size_t to = std::min(terms.size(), from + kTermsPerMatch);
    std::vector<Xapian::Query> parts;
    for (size_t k = from; k < to; ++k) {
      parts.emplace_back(Xapian::Query::OP_SCALE_WEIGHT,
                         Xapian::Query(terms[k].first),
                         std::ldexp(1.0, static_cast<int>(k - from)));
    }
    Xapian::Enquire enquire(db);
    enquire.set_weighting_scheme(Xapian::CoordWeight());
    enquire.set_query(Xapian::Query(
        Xapian::Query::OP_FILTER,
        Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end()),
        on_page));
    const Xapian::MSet mset =
        enquire.get_mset(0, static_cast<Xapian::doccount>(hits.size()));
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      auto bits = static_cast<uint64_t>(it.get_weight());
      std::vector<size_t>& positions = held[*it];
      for (size_t k = from; bits != 0; ++k, bits >>= 1)
        if (bits & 1) positions.push_back(terms[k].second);
    }
  }
  return held;
}

}  // namespace

void ShareTerms(const Xapian::Database& db, const Xapian::Enquire& enquire,
                const Xapian::MSet& page,
                const std::vector<Xapian::Document>& docs,
                const RelatedQuery& related, bool remote,
                std::vector<Hit>& hits) {
  std::map<Xapian::docid, std::vector<size_t>> held;
  if (remote && related.info.by_entities)
    held = EntitiesHeld(db, hits, related);
  DocumentBuilder builder;
  size_t i = 0;
  for (auto it = page.begin(); it != page.end(); ++it, ++i) {
    std::vector<size_t> shared;
    const auto note = [&](const std::string& term) {
      const auto found = related.term_index.find(term);
      if (found != related.term_index.end()) shared.push_back(found->second);
    };
    if (remote && related.info.by_entities) {
      shared = std::move(held[*it]);
    } else if (remote) {
      for (const auto& [term, wdf] : IndexedTerms(docs[i], true, builder))
        note(term);
    } else {
      for (auto t = enquire.get_matching_terms_begin(it);
           t != enquire.get_matching_terms_end(it); ++t)
        note(*t);
    }
    // In the query's order.
    std::sort(shared.begin(), shared.end());
    shared.erase(std::unique(shared.begin(), shared.end()), shared.end());
    hits[i].shared.clear();
    for (const size_t k : shared)
      hits[i].shared.push_back(related.info.terms[k]);
  }
}

}  // namespace gazette
