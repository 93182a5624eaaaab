#include "bench/rank_eval/like_eval.h"

#include <xapian.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <set>
#include <stdexcept>

#include "bench/rank_eval/metrics.h"
#include "common/index/schema.h"
#include "gazette/searcher.h"

namespace gazette::eval {
namespace {

struct Seed {
  std::string topic;
  std::string doc;  // docno
};

// A judged document the collection does not hold (TIME.REL names 424 of
// 423) is no seed; it stays among the judgments, as trec_eval counts it.
std::vector<Seed> Seeds(const Collection& c) {
  std::set<std::string> held;
  for (const EvalDocument& doc : c.documents) held.insert(doc.docno);
  std::vector<Seed> seeds;
  for (const auto& [topic, judgments] : c.qrels) {
    std::vector<std::string> relevant;
    for (const auto& [doc, grade] : judgments) {
      if (grade > 0) relevant.push_back(doc);
    }
    if (relevant.size() < 2) continue;
    for (const std::string& doc : relevant) {
      if (held.contains(doc)) seeds.push_back({topic, doc});
    }
  }
  return seeds;
}

// Ranks the collection for one seed: docnos with scores, the seed left out.
using RankFn = std::function<Ranking(const std::string& docno)>;

// Xapian's expand set as it comes: the seed alone as the RSet, the best
// `terms` terms by get_eset's default scheme, any term (`decider` may
// keep only free text), ORed, ranked by Xapian's default BM25.
RankFn PlainEset(const std::string& db_path, unsigned terms, size_t depth,
                 bool free_text_only) {
  return [=](const std::string& docno) {
    const Xapian::Database db(db_path);
    const std::string id_term = schema::IdTerm(docno + ".txt");
    const auto posting = db.postlist_begin(id_term);
    if (posting == db.postlist_end(id_term))
      throw std::runtime_error("no article " + docno + ".txt in " + db_path);
    Xapian::Enquire enquire(db);
    Xapian::RSet rset;
    rset.add_document(*posting);
    // Our boolean terms (ids, dates, entities) start with a capital other
    // than Z; free text is unprefixed words and Z stems.
    struct FreeText : Xapian::ExpandDecider {
      bool operator()(const std::string& t) const override {
        return !t.empty() && (t[0] == 'Z' || !(t[0] >= 'A' && t[0] <= 'Z'));
      }
    } free_text;
    const Xapian::ESet eset =
        enquire.get_eset(terms, rset, free_text_only ? &free_text : nullptr);
    const Xapian::Query query(
        Xapian::Query::OP_AND_NOT,
        Xapian::Query(Xapian::Query::OP_OR, eset.begin(), eset.end()),
        Xapian::Query(id_term));
    enquire.set_query(query);
    const Xapian::MSet mset =
        enquire.get_mset(0, static_cast<Xapian::doccount>(depth));
    Ranking ranking;
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      const Xapian::Document doc = it.get_document();
      auto term = doc.termlist_begin();
      term.skip_to("Q");
      const std::string id = *term;
      ranking.push_back({std::filesystem::path(id.substr(1)).stem().string(),
                         it.get_weight()});
    }
    return ranking;
  };
}

RankFn GazetteLike(const std::string& db, const RankingParams& ranking,
                   size_t depth) {
  auto searcher = std::make_shared<Searcher>(db, ranking);
  return [=](const std::string& docno) {
    SearchRequest request;
    request.like = docno + ".txt";
    request.limit = depth;
    request.snippet_bytes = 0;
    Ranking out;
    for (const Hit& hit : searcher->Search(request).hits)
      out.push_back({std::filesystem::path(hit.id).stem().string(), hit.score});
    return out;
  };
}

LikeRow Score(const Collection& c, const std::string& system,
              const RankFn& rank) {
  LikeRow row{c.name, system};
  const auto start = std::chrono::steady_clock::now();
  for (const Seed& seed : Seeds(c)) {
    Judgments others = c.qrels.at(seed.topic);
    others.erase(seed.doc);
    const Scores s = ScoreTopic(rank(seed.doc), others);
    row.map += s.ap;
    row.p10 += s.p10;
    ++row.seeds;
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  if (row.seeds > 0) {
    row.map /= row.seeds;
    row.p10 /= row.seeds;
    row.ms = 1000 * seconds / row.seeds;
  }
  return row;
}

}  // namespace

std::vector<LikeRow> EvaluateLike(const Collection& c, const std::string& db,
                                  const RankingParams& ranking, size_t depth) {
  std::vector<LikeRow> rows;
  const unsigned terms = ranking.like_terms;
  const std::string n = std::to_string(terms);
  rows.push_back(Score(c, "Xapian eset, " + n + " terms, any",
                       PlainEset(db, terms, depth, false)));
  rows.push_back(Score(c, "Xapian eset, " + n + " terms, free text",
                       PlainEset(db, terms, depth, true)));
  const std::vector<std::pair<std::string, std::vector<std::string>>> systems =
      {{"searcher --like", {}},
       {"  like_weighted=0", {"like_weighted=0"}},
       {"  like_scheme=bo1", {"like_scheme=bo1"}},
       {"  like_scheme=trad", {"like_scheme=trad"}},
       {"  like_terms=10", {"like_terms=10"}},
       {"  like_terms=50", {"like_terms=50"}},
       {"  like_terms=100", {"like_terms=100"}}};
  for (const auto& [name, settings] : systems) {
    RankingParams params = ranking;
    for (const std::string& setting : settings) {
      const std::string error = SetRankingParam(params, setting);
      if (!error.empty()) throw std::runtime_error(name + ": " + error);
    }
    rows.push_back(Score(c, name, GazetteLike(db, params, depth)));
  }
  return rows;
}

}  // namespace gazette::eval
