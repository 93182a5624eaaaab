#include "common/search/facet_column.h"

#include <doctest/doctest.h>

#include "common/index/facet_fields.h"
#include "common/index/schema.h"
#include "common/index/stored_fields.h"
#include "tests/support/test_support.h"

namespace gazette {
namespace {

// An index of n articles, article i naming place "P(i % 7)" and, when i is
// even, person "Q(i % 5)", dated in month 2000-01 + i % 12; a few without
// any of it.
void WriteIndex(Xapian::WritableDatabase& db, unsigned n) {
  for (unsigned i = 1; i <= n; ++i) {
    Xapian::Document doc;
    if (i % 11 != 0) {
      std::vector<ArticleEntity> entities = {
          {EntityType::kPlace, "p" + std::to_string(i % 7),
           "P" + std::to_string(i % 7), false}};
      if (i % 2 == 0)
        entities.push_back({EntityType::kPerson, "q" + std::to_string(i % 5),
                            "Q" + std::to_string(i % 5), false});
      doc.add_value(schema::kEntitySlot, EncodeEntityList(entities));
      char date[16];
      std::snprintf(date, sizeof date, "2000%02u15", 1 + i % 12);
      doc.add_value(schema::kDateSlot, date);
    }
    SyncFacetFields(doc);
    db.add_document(doc);
  }
}

// The codes and months counted, as comparable lines.
std::vector<std::string> Lines(const FacetCodeTally& tally,
                               const Xapian::Database& db) {
  FacetNames names(db);
  const auto f = tally.Result(1000, names, MatchSet::All());
  REQUIRE(f);
  std::vector<std::string> out;
  for (const auto* list : {&f->persons, &f->places, &f->months}) {
    for (const FacetValue& v : *list)
      out.push_back(v.value + " " + std::to_string(v.count));
  }
  return out;
}

TEST_CASE("the column counts what the facet slot holds, on any threads") {
  testing::TempDir dir;
  Xapian::WritableDatabase db(dir / "db", Xapian::DB_CREATE);
  WriteIndex(db, 3000);
  db.commit();
  const auto column = FacetColumn::Load(db);
  CHECK(column->bytes() > 0);
  const struct {
    std::string name;
    std::vector<Xapian::docid> ids;
  } cases[] = {
      {"none", {}},
      {"one", {2}},
      {"every third",
       [] {
         std::vector<Xapian::docid> ids;
         for (Xapian::docid d = 3; d <= 3000; d += 3) ids.push_back(d);
         return ids;
       }()},
      {"all, and ids past the last",
       [] {
         std::vector<Xapian::docid> ids;
         for (Xapian::docid d = 1; d <= 3005; ++d) ids.push_back(d);
         return ids;
       }()},
  };
  for (const auto& c : cases) {
    CAPTURE(c.name);
    // Read from the slot, one article at a time.
    FacetCodeTally read;
    for (const Xapian::docid id : c.ids) {
      if (id > db.get_lastdocid()) continue;
      const std::string value =
          db.get_document(id).get_value(schema::kFacetSlot);
      FacetFields fields;
      if (DecodeFacetFields(value, &fields)) read.Add(fields);
    }
    const auto expected = Lines(read, db);
    CHECK(Lines(column->Count(c.ids, 1), db) == expected);
    CHECK(Lines(column->Count(c.ids, 3, 100), db) == expected);
  }
}

TEST_CASE("the column is loaded for the second search of a revision") {
  testing::TempDir dir;
  Xapian::WritableDatabase writer(dir / "db", Xapian::DB_CREATE);
  WriteIndex(writer, 10);
  writer.commit();
  Xapian::Database db(dir / "db");
  FacetColumnCache cache;
  CHECK_FALSE(cache.Get(db));
  const auto column = cache.Get(db);
  REQUIRE(column);
  CHECK(cache.Get(db) == column);
  // A new revision: its own column, again on the second search.
  WriteIndex(writer, 5);
  writer.commit();
  db.reopen();
  CHECK_FALSE(cache.Get(db));
  const auto next = cache.Get(db);
  REQUIRE(next);
  CHECK(next != column);
  // Several databases searched as one have no single revision: none.
  Xapian::Database two(dir / "db");
  two.add_database(Xapian::Database(dir / "db"));
  CHECK_FALSE(cache.Get(two));
  CHECK_FALSE(cache.Get(two));
}

}  // namespace
}  // namespace gazette
