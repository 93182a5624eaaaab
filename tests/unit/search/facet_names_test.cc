#include "common/search/facet_names.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "common/index/facet_fields.h"
#include "common/index/schema.h"
#include "common/index/stored_fields.h"
#include "tests/support/test_support.h"

namespace gazette {
namespace {

// An in-memory index of articles with these entity lists, docids from 1.
Xapian::WritableDatabase Index(
    const std::vector<std::vector<ArticleEntity>>& articles) {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  for (const auto& entities : articles) {
    Xapian::Document doc;
    doc.add_value(schema::kEntitySlot, EncodeEntityList(entities));
    SyncFacetFields(doc);
    db.add_document(doc);
  }
  return db;
}

const ArticleEntity kAccented{EntityType::kPerson, "maria lopez", "María López",
                              false};
const ArticleEntity kPlain{EntityType::kPerson, "maria lopez", "Maria Lopez",
                           false};
const ArticleEntity kMadrid{EntityType::kPlace, "madrid", "Madrid", false};

TEST_CASE("a code's key and names come from the facet name terms") {
  const auto db = Index({{kAccented, kMadrid}, {kPlain}, {kAccented}});
  FacetNames names(db);
  const auto& found = names.Lookup(FacetKeyCode(kPlain.type, kPlain.key));
  REQUIRE(found.size() == 1);
  const FacetKeyNames& lopez = found[0];
  CHECK(lopez.key == "maria lopez");
  REQUIRE(lopez.names.size() == 2);
  CHECK(lopez.names[0].name == "Maria Lopez");
  CHECK(lopez.names[0].articles == 1);
  CHECK(lopez.names[1].name == "María López");
  CHECK(lopez.names[1].articles == 2);
  CHECK(lopez.Count(MatchSet::All(), db) == 3);
  CHECK(lopez.Count(MatchSet::Of({2, 3}), db) == 2);
  CHECK(names.Lookup(FacetKeyCode(EntityType::kPlace, "lisbon")).empty());
  // The same key as another type is another code.
  CHECK(names.Lookup(FacetKeyCode(EntityType::kOrg, "madrid")).empty());
}

TEST_CASE("a key that is not its name folded is read from an article") {
  // A key the indexer did not make by folding the name, and a name too long
  // for a term: both are found as the article lists them.
  const ArticleEntity odd{EntityType::kOrg, "acme", "Acme Corporation", false};
  const ArticleEntity long_name{EntityType::kOrg, "long", std::string(300, 'L'),
                                false};
  const auto db = Index({{odd, long_name}});
  FacetNames names(db);
  const auto& acme = names.Lookup(FacetKeyCode(odd.type, odd.key));
  REQUIRE(acme.size() == 1);
  CHECK(acme[0].key == "acme");
  REQUIRE(acme[0].names.size() == 1);
  CHECK(acme[0].names[0].name == "Acme Corporation");
  const auto& cut = names.Lookup(FacetKeyCode(long_name.type, long_name.key));
  REQUIRE(cut.size() == 1);
  CHECK(cut[0].key == "long");
  CHECK(cut[0].names[0].name == long_name.name);
}

TEST_CASE("keys sharing a code are told apart by their names") {
  const auto [a, b] = testing::KeysSharingAFacetCode(EntityType::kOrg);
  const ArticleEntity first{EntityType::kOrg, a, "First Org", false};
  const ArticleEntity second{EntityType::kOrg, b, "Second Org", false};
  const auto db = Index({{first}, {first, second}, {second}, {second}});
  FacetNames names(db);
  const auto& keys = names.Lookup(FacetKeyCode(first.type, a));
  REQUIRE(keys.size() == 2);
  for (const FacetKeyNames& key : keys) {
    CAPTURE(key.key);
    CHECK(key.names.size() == 1);
    CHECK(key.Count(MatchSet::All(), db) == (key.key == a ? 2 : 3));
    CHECK(key.Count(MatchSet::Of({1, 2}), db) == (key.key == a ? 2 : 1));
  }
}

TEST_CASE("codes prepared together read as codes looked up alone") {
  const auto db = Index({{kAccented, kMadrid}, {kPlain}, {kAccented}});
  const std::vector<uint32_t> codes = {
      FacetKeyCode(kMadrid.type, kMadrid.key),
      FacetKeyCode(kPlain.type, kPlain.key),
      FacetKeyCode(EntityType::kPlace, "lisbon")};
  FacetNames together(db);
  together.Prepare(codes);
  for (const uint32_t code : codes) {
    FacetNames alone(db);
    const auto& a = alone.Lookup(code);
    const auto& t = together.Lookup(code);
    REQUIRE(a.size() == t.size());
    for (size_t i = 0; i < a.size(); ++i) {
      CHECK(a[i].key == t[i].key);
      REQUIRE(a[i].names.size() == t[i].names.size());
      for (size_t j = 0; j < a[i].names.size(); ++j) {
        CHECK(a[i].names[j].name == t[i].names[j].name);
        CHECK(a[i].names[j].articles == t[i].names[j].articles);
      }
    }
  }
}

TEST_CASE("the names memo starts again when the database moves on") {
  testing::TempDir dir;
  Xapian::WritableDatabase writer(dir / "db", Xapian::DB_CREATE);
  const auto add = [&](const ArticleEntity& e) {
    Xapian::Document doc;
    doc.add_value(schema::kEntitySlot, EncodeEntityList({e}));
    SyncFacetFields(doc);
    writer.add_document(doc);
    writer.commit();
  };
  add(kAccented);
  Xapian::Database db(dir / "db");
  FacetNamesMemo memo;
  const uint32_t code = FacetKeyCode(kPlain.type, kPlain.key);
  CHECK(memo.For(db).Lookup(code).at(0).names.size() == 1);
  add(kPlain);
  CHECK(memo.For(db).Lookup(code).at(0).names.size() == 1);  // same revision
  db.reopen();
  CHECK(memo.For(db).Lookup(code).at(0).names.size() == 2);
}

TEST_CASE("a match set counts its articles that have a term") {
  const auto db = Index({{kAccented}, {kPlain}, {kAccented}, {kMadrid}});
  const std::string term =
      FacetNameTerm(FacetKeyCode(kAccented.type, kAccented.key), "María López");
  CHECK(MatchSet::All().CountWith(db, term, 7) == 7);
  CHECK(MatchSet::Of({1, 2, 3, 4}).CountWith(db, term, 2) == 2);
  CHECK(MatchSet::Of({2, 3}).CountWith(db, term, 2) == 1);
  CHECK(MatchSet::Of({2}).CountWith(db, term, 2) == 0);
  CHECK(MatchSet::Of({}).CountWith(db, term, 2) == 0);
}

TEST_CASE("a match set counts the same by skipping through a long list") {
  // 100 articles, every third with Madrid: 34 have the term. Few matches
  // skip through its posting list, many read it all; both count the same.
  std::vector<std::vector<ArticleEntity>> articles(100);
  for (size_t i = 0; i < articles.size(); i += 3) articles[i] = {kMadrid};
  articles[1] = {kPlain};
  const auto db = Index(articles);
  const std::string term =
      FacetNameTerm(FacetKeyCode(kMadrid.type, kMadrid.key), "Madrid");
  const Xapian::doccount articles_with = db.get_termfreq(term);
  REQUIRE(articles_with == 34);
  const struct {
    std::vector<Xapian::docid> ids;
    Xapian::doccount count;
  } cases[] = {
      {{1}, 1},            // the first article: skipped to
      {{2, 3, 100}, 1},    // 100 (i = 99) has it; past the list's end
      {{4, 5, 7, 98}, 2},  // 4 and 7
      {{2, 3, 5, 6, 8, 9, 11}, 0},
  };
  for (const auto& c : cases) {
    CAPTURE(c.ids.size());
    CHECK(MatchSet::Of(c.ids).CountWith(db, term, articles_with) == c.count);
  }
  std::vector<Xapian::docid> every(100);
  for (Xapian::docid d = 1; d <= 100; ++d) every[d - 1] = d;
  CHECK(MatchSet::Of(every).CountWith(db, term, articles_with) == 34);
}

}  // namespace
}  // namespace gazette
