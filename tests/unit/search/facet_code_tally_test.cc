#include "common/search/facet_code_tally.h"

#include <doctest/doctest.h>

#include "common/index/schema.h"
#include "common/index/stored_fields.h"
#include "tests/support/test_support.h"

namespace gazette {
namespace {

Xapian::WritableDatabase Index(
    const std::vector<std::vector<ArticleEntity>>& articles) {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  for (const auto& entities : articles) {
    Xapian::Document doc;
    doc.add_value(schema::kEntitySlot, EncodeEntityList(entities));
    doc.add_value(schema::kDateSlot, "20250528");
    doc.add_boolean_term(std::string(schema::kMonthPrefix) + "202505");
    SyncFacetFields(doc);
    db.add_document(doc);
  }
  return db;
}

ArticleEntity Place(const std::string& name) {
  std::string key = name;
  for (char& c : key) c = static_cast<char>(std::tolower(c));
  return {EntityType::kPlace, key, name, false};
}

// Counts the facet fields of articles [first, last] of db.
FacetCodeTally Tally(const Xapian::Database& db, Xapian::docid first,
                     Xapian::docid last) {
  FacetCodeTally tally;
  for (Xapian::docid id = first; id <= last; ++id) {
    const std::string value = db.get_document(id).get_value(schema::kFacetSlot);
    FacetFields fields;
    REQUIRE(DecodeFacetFields(value, &fields));
    tally.Add(fields);
  }
  return tally;
}

std::vector<std::string> Lines(const std::vector<FacetValue>& values) {
  std::vector<std::string> out;
  for (const FacetValue& v : values)
    out.push_back(v.value + " " + std::to_string(v.count));
  return out;
}

using V = std::vector<std::string>;

TEST_CASE("code tally: most articles first, ties by key, merged tallies") {
  const auto db = Index({{Place("Oslo"), Place("Lima")},
                         {Place("Oslo"), Place("Accra")},
                         {Place("Oslo"), Place("Lima"), Place("Quito")}});
  FacetNames names(db);
  FacetCodeTally tally = Tally(db, 1, 2);
  tally.Merge(Tally(db, 3, 3));
  const auto all = MatchSet::Of({1, 2, 3});
  const struct {
    size_t limit;
    V places;
  } cases[] = {
      {0, {}},
      {1, {"Oslo 3"}},
      {2, {"Oslo 3", "Lima 2"}},
      // Accra and Quito tie: the key decides.
      {3, {"Oslo 3", "Lima 2", "Accra 1"}},
      {10, {"Oslo 3", "Lima 2", "Accra 1", "Quito 1"}},
  };
  for (const auto& c : cases) {
    CAPTURE(c.limit);
    const auto f = tally.Result(c.limit, names, all);
    REQUIRE(f);
    CHECK(Lines(f->places) == c.places);
    CHECK(f->persons.empty());
    REQUIRE(f->months.size() == 1);
    CHECK(f->months[0].count == 3);
  }
  // Choosing 3 takes looking up Oslo, Lima and both of the tied ones.
  CHECK_FALSE(tally.Result(3, names, all, 3));
  CHECK(tally.Result(3, names, all, 4));
}

TEST_CASE("code tally shows the name most of the matches give") {
  const ArticleEntity accented{EntityType::kPerson, "maria lopez",
                               "María López", false};
  const ArticleEntity plain{EntityType::kPerson, "maria lopez", "Maria Lopez",
                            false};
  const auto db = Index({{accented}, {accented}, {plain}});
  FacetNames names(db);
  const struct {
    std::vector<Xapian::docid> matches;
    const char* shown;
  } cases[] = {
      {{1, 2, 3}, "María López"},
      {{3}, "Maria Lopez"},
      {{1, 3}, "Maria Lopez"},  // a tie: the smaller name
  };
  for (const auto& c : cases) {
    FacetCodeTally tally;
    for (const Xapian::docid id : c.matches) {
      const std::string value =
          db.get_document(id).get_value(schema::kFacetSlot);
      FacetFields fields;
      REQUIRE(DecodeFacetFields(value, &fields));
      tally.Add(fields);
    }
    const auto f = tally.Result(10, names, MatchSet::Of(c.matches));
    REQUIRE(f);
    REQUIRE(f->persons.size() == 1);
    CHECK(f->persons[0].value == c.shown);
    CHECK(f->persons[0].count == c.matches.size());
  }
}

TEST_CASE("code tally counts keys sharing a code apart") {
  const auto [a, b] = testing::KeysSharingAFacetCode(EntityType::kOrg);
  REQUIRE(a < b);  // "key N" < "key M": found in that order
  const ArticleEntity first{EntityType::kOrg, a, "First", false};
  const ArticleEntity second{EntityType::kOrg, b, "Second", false};
  const ArticleEntity other{EntityType::kOrg, "zz", "Zz", false};
  const auto db = Index(
      {{first, other}, {first, second}, {second, other}, {second}, {other}});
  FacetNames names(db);
  // Counted per code: the shared code 4 (articles 1-4), "zz" 3: the shared
  // one, split, is Second 3, First 2.
  const FacetCodeTally tally = Tally(db, 1, 5);
  const auto all = MatchSet::Of({1, 2, 3, 4, 5});
  const struct {
    size_t limit;
    V orgs;
  } cases[] = {
      {1, {"Second 3"}},
      // Second and Zz tie at 3: the key decides ("key ..." < "zz").
      {2, {"Second 3", "Zz 3"}},
      {3, {"Second 3", "Zz 3", "First 2"}},
  };
  for (const auto& c : cases) {
    CAPTURE(c.limit);
    const auto f = tally.Result(c.limit, names, all);
    REQUIRE(f);
    CHECK(Lines(f->orgs) == c.orgs);
  }
  // The whole index's terms give the same: each name's articles.
  FacetCodeTally totals;
  for (auto it = db.allterms_begin("XN"); it != db.allterms_end("XN"); ++it)
    totals.AddCode(FacetNameTermCode(*it), it.get_termfreq());
  const auto f = totals.Result(3, names, MatchSet::All());
  REQUIRE(f);
  CHECK(Lines(f->orgs) == V{"Second 3", "Zz 3", "First 2"});
  // A sample that saw only the shared code still shows both keys' counts.
  const Facets sampled = Tally(db, 4, 4).SampledResult(2, names, all);
  CHECK(Lines(sampled.orgs) == V{"Second 3", "First 2"});
}

TEST_CASE("a sampled tally counts the values it chose over every match") {
  const auto db = Index({{Place("Oslo")},
                         {Place("Oslo"), Place("Lima")},
                         {Place("Lima")},
                         {Place("Lima")},
                         {Place("Accra")}});
  // A sample of articles 1 and 5 sees Oslo and Accra once each, and no
  // Lima: Lima is missed; the counts shown are over all five.
  FacetCodeTally tally = Tally(db, 1, 1);
  tally.Merge(Tally(db, 5, 5));
  FacetNames names(db);
  const Facets f = tally.SampledResult(1, names, MatchSet::Of({1, 2, 3, 4, 5}));
  CHECK(Lines(f.places) == V{"Oslo 2"});
  const Facets two =
      tally.SampledResult(2, names, MatchSet::Of({1, 2, 3, 4, 5}));
  CHECK(Lines(two.places) == V{"Oslo 2", "Accra 1"});
  REQUIRE(two.months.size() == 1);
  CHECK(two.months[0].count == 5);
}

}  // namespace
}  // namespace gazette
