#include "common/search/ranking.h"

#include <algorithm>
#include <charconv>
#include <functional>
#include <map>
#include <vector>

#include "common/base/stop_words.h"
#include "common/index/document_builder.h"

namespace gazette {
namespace {

class ExpandDecider : public Xapian::ExpandDecider {
 public:
  bool operator()(const std::string& term) const override {
    return IsFeedbackStem(term);
  }
};

template <typename T>
bool ParseNumber(std::string_view text, T& out) {
  const auto [end, ec] =
      std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size();
}

}  // namespace

bool IsFeedbackStem(std::string_view term) {
  if (term.size() < 3 || term[0] != 'Z') return false;
  if (term[1] >= 'A' && term[1] <= 'Z') return false;  // ZS...: title
  if (term[1] >= '0' && term[1] <= '9') return false;
  return !IsStopWord(term.substr(1));
}

Xapian::BM25Weight MakeWeight(const RankingParams& params) {
  return Xapian::BM25Weight(params.k1, 0, params.k3, params.b, 0.5);
}

namespace {

// A hit's body and title stems (Z terms, not ZS), those feedback may take
// (`stems`), and the sum of the wdf of all of them (`length`).
struct HitStems {
  std::vector<std::pair<std::string, Xapian::termcount>> stems;
  double length = 0;
};

HitStems StemsOf(const Xapian::Document& doc, const ExpandDecider& decider) {
  HitStems out;
  for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
    const std::string term = *t;
    if (term.size() < 2 || term[0] != 'Z' ||
        (term[1] >= 'A' && term[1] <= 'Z')) {
      continue;
    }
    out.length += t.get_wdf();
    if (decider(term)) out.stems.emplace_back(term, t.get_wdf());
  }
  return out;
}

// The stems of each hit of `top`, in order: from their term lists, or from
// the stored articles `stored_text` reads.
std::vector<HitStems> TopStems(const Xapian::MSet& top,
                               const DocumentReader& stored_text) {
  const ExpandDecider decider;
  std::vector<HitStems> hits;
  if (!stored_text) {
    for (auto it = top.begin(); it != top.end(); ++it)
      hits.push_back(StemsOf(it.get_document(), decider));
    return hits;
  }
  DocumentBuilder builder;
  // Entities and the source add only boolean terms, never stems.
  for (const Xapian::Document& doc : stored_text(top))
    hits.push_back(StemsOf(builder.TextTerms(doc), decider));
  return hits;
}

}  // namespace

// A relevance model (RM3): each stem's share of the top hits' text, the
// hits weighted by score; the best stems are mixed with the query.
Xapian::Query RelevanceModelQuery(const Xapian::MSet& top,
                                  const Xapian::Query& query,
                                  const RankingParams& params,
                                  const DocumentReader& stored_text) {
  double score_sum = 0;
  for (auto it = top.begin(); it != top.end(); ++it)
    score_sum += it.get_weight();
  std::map<std::string, double> model;
  const std::vector<HitStems> hits = TopStems(top, stored_text);
  size_t hit = 0;
  for (auto it = top.begin(); it != top.end(); ++it) {
    const auto& [stems, length] = hits[hit++];
    if (length == 0) continue;
    const double doc_weight = it.get_weight() / score_sum;
    for (const auto& [term, wdf] : stems) {
      model[term] += doc_weight * wdf / length;
    }
  }
  std::vector<std::pair<double, std::string>> best;
  for (const auto& [term, p] : model) best.emplace_back(p, term);
  const size_t keep = std::min<size_t>(params.expand_terms, best.size());
  std::partial_sort(best.begin(), best.begin() + keep, best.end(),
                    std::greater<>());
  best.resize(keep);
  if (best.empty()) return query;
  double mass = 0;
  for (const auto& [p, term] : best) mass += p;

  // The query's stems, to put its weight per stem on the model's scale.
  double query_stems = 0;
  for (auto t = query.get_unique_terms_begin();
       t != query.get_unique_terms_end(); ++t) {
    if ((*t).size() > 1 && (*t)[0] == 'Z' &&
        !((*t)[1] >= 'A' && (*t)[1] <= 'Z')) {
      ++query_stems;
    }
  }
  std::vector<Xapian::Query> parts;
  parts.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, query,
                     (1 - params.expand_weight) / std::max(1.0, query_stems));
  for (const auto& [p, term] : best) {
    parts.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(term),
                       params.expand_weight * p / mass);
  }
  const Xapian::Query mixed(Xapian::Query::OP_OR, parts.begin(), parts.end());
  if (!params.expand_rerank) return mixed;
  // Match what the query matches, weighted by the mix alone.
  return Xapian::Query(Xapian::Query::OP_AND_MAYBE,
                       Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, query, 0),
                       mixed);
}

Xapian::Query ExpandQuery(Xapian::Enquire& enquire, const Xapian::Query& query,
                          const RankingParams& params,
                          const DocumentReader& stored_text) {
  if (params.expand_docs == 0 || params.expand_terms == 0) return query;
  enquire.set_query(query);
  const Xapian::MSet top = enquire.get_mset(0, params.expand_docs);
  if (top.empty()) return query;
  if (params.expand_scheme == "rm3") {
    return RelevanceModelQuery(top, query, params, stored_text);
  }
  Xapian::RSet rset;
  for (auto it = top.begin(); it != top.end(); ++it) rset.add_document(*it);
  enquire.set_expansion_scheme(params.expand_scheme);
  const ExpandDecider decider;
  const Xapian::ESet eset =
      enquire.get_eset(params.expand_terms, rset, &decider);
  if (eset.empty()) return query;
  const double top_weight = eset.begin().get_weight();
  std::vector<Xapian::Query> terms;
  for (auto it = eset.begin(); it != eset.end(); ++it) {
    terms.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(*it),
                       params.expand_weight * it.get_weight() / top_weight);
  }
  const Xapian::Query expansion(Xapian::Query::OP_OR, terms.begin(),
                                terms.end());
  return Xapian::Query(
      params.expand_rerank ? Xapian::Query::OP_AND_MAYBE : Xapian::Query::OP_OR,
      query, expansion);
}

std::string SetRankingParam(RankingParams& params, std::string_view setting) {
  const size_t eq = setting.find('=');
  if (eq == std::string_view::npos) {
    return "expected name=value, got '" + std::string(setting) + "'";
  }
  const std::string_view name = setting.substr(0, eq);
  const std::string_view value = setting.substr(eq + 1);
  const std::map<std::string_view, double*> doubles = {
      {"k1", &params.k1},
      {"b", &params.b},
      {"k3", &params.k3},
      {"exact_weight", &params.exact_weight},
      {"title_weight", &params.title_weight},
      {"proximity_weight", &params.proximity_weight},
      {"expand_weight", &params.expand_weight},
  };
  const std::map<std::string_view, unsigned*> counts = {
      {"proximity_window", &params.proximity_window},
      {"expand_docs", &params.expand_docs},
      {"expand_terms", &params.expand_terms},
      {"like_terms", &params.like_terms},
  };
  const std::map<std::string_view, bool*> flags = {
      {"stop_words", &params.stop_words},
      {"drop_single_chars", &params.drop_single_chars},
      {"expand_rerank", &params.expand_rerank},
      {"like_weighted", &params.like_weighted},
  };
  bool ok = false;
  if (auto it = doubles.find(name); it != doubles.end()) {
    ok = ParseNumber(value, *it->second) && *it->second >= 0;
  } else if (auto it2 = counts.find(name); it2 != counts.end()) {
    ok = ParseNumber(value, *it2->second);
  } else if (auto it3 = flags.find(name); it3 != flags.end()) {
    ok = value == "0" || value == "1";
    *it3->second = value == "1";
  } else if (name == "expand_scheme") {
    ok = value == "trad" || value == "bo1" || value == "rm3";
    params.expand_scheme = value;
  } else if (name == "like_scheme") {
    ok = value == "trad" || value == "bo1" || value == "bo1a";
    params.like_scheme = value;
  } else {
    return "unknown ranking parameter '" + std::string(name) + "'";
  }
  if (!ok) {
    return "bad value '" + std::string(value) + "' for " + std::string(name);
  }
  return {};
}

}  // namespace gazette
