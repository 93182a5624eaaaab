#include "common/search/ranking.h"

#include <doctest/doctest.h>

#include <set>

#include "common/index/schema.h"
#include "common/search/plain_query.h"

namespace gazette {
namespace {

TEST_CASE("ranking parameters are set by name and checked") {
  RankingParams p;
  CHECK(SetRankingParam(p, "k1=0.9").empty());
  CHECK(p.k1 == 0.9);
  CHECK(SetRankingParam(p, "expand_terms=12").empty());
  CHECK(p.expand_terms == 12);
  CHECK(SetRankingParam(p, "stop_words=0").empty());
  CHECK_FALSE(p.stop_words);
  CHECK(SetRankingParam(p, "expand_scheme=bo1").empty());
  CHECK(p.expand_scheme == "bo1");
  CHECK(RankingParams{}.like_scheme == "bo1a");
  CHECK(SetRankingParam(p, "like_scheme=trad").empty());
  CHECK(p.like_scheme == "trad");

  struct Bad {
    const char* setting;
    const char* message_part;
  };
  const Bad bad[] = {
      {"k1", "expected name=value"},
      {"k9=1", "unknown ranking parameter 'k9'"},
      {"b=-1", "bad value '-1' for b"},
      {"b=x", "bad value 'x'"},
      {"expand_docs=1.5", "bad value '1.5'"},
      {"stop_words=yes", "bad value 'yes'"},
      {"expand_scheme=rm9", "bad value 'rm9'"},
      {"expand_scheme=bo1a", "bad value 'bo1a'"},
      {"like_scheme=rm3", "bad value 'rm3'"},
  };
  for (const Bad& b : bad) {
    CAPTURE(b.setting);
    const std::string error = SetRankingParam(p, b.setting);
    CHECK(error.find(b.message_part) != std::string::npos);
  }
}

// A small collection about two subjects: Golan (with "heights" and
// "border" always nearby) and football.
Xapian::WritableDatabase FeedbackDb() {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  Xapian::TermGenerator generator;
  generator.set_stemmer(schema::MakeStemmer());
  const char* texts[] = {
      "Troops on the Golan heights watched the border.",
      "The Golan heights border was quiet again.",
      "Heights and border posts across the Golan.",
      "A border dispute far from any heights.",
      "The football final drew a record crowd.",
      "The coach praised the football team.",
  };
  for (const char* text : texts) {
    Xapian::Document doc;
    generator.set_document(doc);
    generator.index_text(text);
    db.add_document(doc);
  }
  return db;
}

std::set<Xapian::docid> Matches(Xapian::Enquire& enquire,
                                const Xapian::Query& query) {
  enquire.set_query(query);
  const Xapian::MSet mset = enquire.get_mset(0, 100);
  return {mset.begin(), mset.end()};
}

TEST_CASE("feedback adds the top hits' words, never stop words") {
  const Xapian::WritableDatabase db = FeedbackDb();
  Xapian::Enquire enquire(db);
  RankingParams p;
  p.expand_docs = 3;
  p.expand_terms = 5;
  const Xapian::Query query = PlainTextQuery("golan", p);
  for (const char* scheme : {"rm3", "trad", "bo1"}) {
    CAPTURE(scheme);
    p.expand_scheme = scheme;
    const Xapian::Query expanded = ExpandQuery(enquire, query, p);
    const std::string d = expanded.get_description();
    CAPTURE(d);
    CHECK(d.find("Zheight") != std::string::npos);
    CHECK(d.find("Zborder") != std::string::npos);
    CHECK(d.find("Zthe") == std::string::npos);
    // Re-ranking only: the same articles match.
    CHECK(Matches(enquire, expanded) == Matches(enquire, query));
  }
}

TEST_CASE("feedback without re-ranking brings in articles without the word") {
  const Xapian::WritableDatabase db = FeedbackDb();
  Xapian::Enquire enquire(db);
  RankingParams p;
  p.expand_docs = 3;
  p.expand_rerank = false;
  const Xapian::Query query = PlainTextQuery("golan", p);
  const std::set<Xapian::docid> matches =
      Matches(enquire, ExpandQuery(enquire, query, p));
  CHECK(matches.contains(4));  // "A border dispute far from any heights."
  CHECK_FALSE(matches.contains(5));
}

TEST_CASE("feedback leaves a query that matches nothing alone") {
  const Xapian::WritableDatabase db = FeedbackDb();
  Xapian::Enquire enquire(db);
  const Xapian::Query query = PlainTextQuery("cricket", RankingParams{});
  CHECK(ExpandQuery(enquire, query, RankingParams{}).get_description() ==
        query.get_description());
}

}  // namespace
}  // namespace gazette
