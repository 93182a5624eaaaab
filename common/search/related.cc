#include "common/search/related.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "common/base/printable.h"
#include "common/index/schema.h"
#include "common/index/stored_fields.h"
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

// For each stem in `stems` ("Ztalk"), the unstemmed word of the seed with
// that stem that the seed uses most ("talks"): what a user would type.
std::map<std::string, std::string> SeedWords(
    const Xapian::Document& seed, const std::set<std::string>& stems) {
  const Xapian::Stem stemmer = schema::MakeStemmer();
  std::map<std::string, std::pair<std::string, Xapian::termcount>> best;
  for (auto t = seed.termlist_begin(); t != seed.termlist_end(); ++t) {
    const std::string word = *t;
    // Prefixed terms (Z stems, S title words, boolean terms) start with a
    // capital; the indexer writes words in lower case.
    if (word.empty() || (word[0] >= 'A' && word[0] <= 'Z')) continue;
    const std::string stem = "Z" + stemmer(word);
    if (!stems.contains(stem)) continue;
    auto& [chosen, wdf] = best[stem];
    if (t.get_wdf() > wdf) {
      chosen = word;
      wdf = t.get_wdf();
    }
  }
  std::map<std::string, std::string> words;
  for (const auto& [stem, choice] : best) words[stem] = choice.first;
  return words;
}

// The seed's best stems by Xapian's expand set over the seed alone.
RelatedQuery LikeQuery(const Xapian::Database& db, Xapian::docid docid,
                       const Xapian::Document& seed,
                       const RankingParams& ranking) {
  Xapian::Enquire enquire(db);
  enquire.set_expansion_scheme(ranking.like_scheme);
  Xapian::RSet rset;
  rset.add_document(docid);
  const StemDecider decider;
  const Xapian::ESet eset =
      enquire.get_eset(ranking.like_terms, rset, &decider);
  std::set<std::string> stems(eset.begin(), eset.end());
  const auto words = SeedWords(seed, stems);
  RelatedQuery related;
  std::vector<Xapian::Query> parts;
  const double top = eset.empty() ? 1 : eset.begin().get_weight();
  for (auto it = eset.begin(); it != eset.end(); ++it) {
    const std::string stem = *it;
    const double weight =
        ranking.like_weighted && top > 0 ? it.get_weight() / top : 1.0;
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
                           const Xapian::Document& seed) {
  const double articles = db.get_doccount();
  std::vector<std::pair<RelatedTerm, std::string>> found;
  std::set<std::string> seen;
  for (const ArticleEntity& e :
       DecodeEntityList(seed.get_value(schema::kEntitySlot))) {
    if (e.type == EntityType::kGroup) continue;
    const std::string term = schema::EntityTerm(e.type, e.key);
    if (!seen.insert(term).second) continue;
    const Xapian::doccount mentions = db.get_termfreq(term);
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
                                              const RankingParams& ranking) {
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
  RelatedQuery related = by_entities ? EntitiesQuery(db, seed)
                                     : LikeQuery(db, docid, seed, ranking);
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

std::vector<RelatedTerm> SharedTerms(const Xapian::Enquire& enquire,
                                     const Xapian::MSetIterator& it,
                                     const RelatedQuery& related) {
  std::vector<size_t> shared;
  for (auto t = enquire.get_matching_terms_begin(it);
       t != enquire.get_matching_terms_end(it); ++t) {
    const auto found = related.term_index.find(*t);
    if (found != related.term_index.end()) shared.push_back(found->second);
  }
  std::sort(shared.begin(), shared.end());
  shared.erase(std::unique(shared.begin(), shared.end()), shared.end());
  std::vector<RelatedTerm> terms;
  for (const size_t i : shared) terms.push_back(related.info.terms[i]);
  return terms;
}

}  // namespace gazette
