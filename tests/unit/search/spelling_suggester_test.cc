#include "common/search/spelling_suggester.h"

#include <doctest/doctest.h>

#include "common/index/schema.h"
#include "common/index/spelling.h"
#include "tests/support/test_support.h"

namespace gazette {
namespace {

// 25 articles on talks about the Golan; three on tanks; one naming Lange
// (a person the index knows), one with the rare word "largo".
const std::string& SpellingDb() {
  static testing::TempDir dir;
  static const std::string path = [] {
    const std::string db_path = dir / "db";
    Xapian::WritableDatabase db(db_path, Xapian::DB_CREATE);
    Xapian::TermGenerator generator;
    generator.set_stemmer(schema::MakeStemmer());
    generator.set_stemming_strategy(schema::kIndexStemStrategy);
    const auto add = [&](const std::string& text, const std::string& extra) {
      Xapian::Document doc;
      generator.set_document(doc);
      generator.index_text(text);
      if (!extra.empty()) doc.add_boolean_term(extra);
      SpellingChanges spelling;
      spelling.Add(doc);
      spelling.Apply(db);
      db.add_document(doc);
    };
    for (int i = 0; i < 25; ++i) {
      add("Israel and Syria held talks on the Golan heights, a large "
          "delegation said.",
          "");
    }
    for (int i = 0; i < 3; ++i) add("Tanks moved.", "");
    add("Prime Minister Lange spoke.",
        schema::EntityTerm(EntityType::kPerson, "lange"));
    add("A largo movement.", "");
    db.commit();
    return db_path;
  }();
  return path;
}

std::optional<std::string> Corrected(std::string_view query) {
  const Xapian::Database db(SpellingDb());
  return CorrectSpelling(db, db, query);
}

TEST_CASE("did you mean corrects misspelt words from the index's words") {
  CHECK(Corrected("Golan tlaks") == "Golan talks");  // transposition
  CHECK(Corrected("golan taks") == "golan talks");   // deletion
  CHECK(Corrected("goaln") == "golan");
  CHECK(Corrected("delegashion") == "delegation");  // two edits
  // A rare word that is no name is corrected to a far commoner one.
  CHECK(Corrected("largo") == "large");
  // A word in no article, to one in three.
  CHECK(Corrected("tankz") == "tanks");
}

TEST_CASE("did you mean leaves known words and names alone") {
  CHECK(Corrected("golan talks") == std::nullopt);
  // In three articles: spelt right, though one edit from "talks".
  CHECK(Corrected("tanks") == std::nullopt);
  // A name the index knows, though "large" is 25 times commoner.
  CHECK(Corrected("Lange") == std::nullopt);
  // "spoke" is in one article only: too rare to be what was meant.
  CHECK(Corrected("spoek") == std::nullopt);
  // Nothing near enough, or too short to say.
  CHECK(Corrected("zebra") == std::nullopt);
  CHECK(Corrected("tl") == std::nullopt);
  CHECK(Corrected("1987") == std::nullopt);
}

TEST_CASE("did you mean keeps the query's syntax and capitals") {
  CHECK(Corrected("TLAKS") == "TALKS");
  CHECK(Corrected("Tlaks AND golan") == "Talks AND golan");
  CHECK(Corrected("\"golan tlaks\" NEAR heigths") ==
        "\"golan talks\" NEAR heights");
  CHECK(Corrected("-tlaks golan") == "-talks golan");
  // Field names and values, and wildcards, are as the user wrote them.
  CHECK(Corrected("title:tlaks") == std::nullopt);
  CHECK(Corrected("tlaks* golan") == std::nullopt);
  CHECK(Corrected("tlaks: golan") == std::nullopt);
}

TEST_CASE("a suggestion is offered only when it matches more articles") {
  const Xapian::Database db(SpellingDb());
  QueryBuilder builder(db);
  SearchRequest request;
  request.query = "Golan tlaks";
  const std::optional<Suggestion> s = SuggestQuery(db, db, builder, request, 0);
  REQUIRE(s);
  CHECK(s->query == "Golan talks");
  CHECK(s->total == 25);
  // Counted under the request's filters: none of these articles has a
  // date, so under a date filter the correction finds no more.
  request.since = "2020";
  CHECK(SuggestQuery(db, db, builder, request, 0) == std::nullopt);
  request.since.reset();
  // Not more than the query already found.
  CHECK(SuggestQuery(db, db, builder, request, 25) == std::nullopt);
  request.query.clear();
  request.persons = {"lange"};
  CHECK(SuggestQuery(db, db, builder, request, 0) == std::nullopt);
}

}  // namespace
}  // namespace gazette
