#include "common/search/facet_counter.h"

#include <doctest/doctest.h>
#include <xapian.h>

#include <string>
#include <vector>

#include "common/search/query_builder.h"
#include "gazette/index_builder.h"
#include "tests/support/test_support.h"

namespace gazette {
namespace {

using testing::QuietReporter;

// Seven articles whose entities and dates are known (the extractor's
// reading of them is checked in gazetteer_entity_extractor_test.cc):
//   person  Donald Trump 3, Maria Lopez 3 (twice written "María López"),
//           Ahmed al-Sharaa 1
//   place   Damascus 3, Madrid 2, Riyadh 1, Syria 1 (derived)
//   org     Reuters 3, Bank of Velmora 1
//   group   Druze 2, Kurds 2 (derived)
//   dated   2024-03 2, 2025-05 2, 2025-06 2; one undated
const std::string& FacetDb() {
  static testing::TempDir dir;
  static const std::string db = [] {
    const std::string corpus = dir / "corpus";
    testing::WriteFile(corpus + "/2024/a.txt",
                       "date: 2024-03-10\nPresident Donald Trump met Governor "
                       "Maria Lopez in Madrid. Trump said Reuters had it "
                       "wrong.\n");
    testing::WriteFile(corpus + "/2024/b.txt",
                       "date: 2024-03-22\nDonald Trump spoke in Damascus while "
                       "Kurdish fighters listened. Trump left early.\n");
    testing::WriteFile(corpus + "/2025/c.txt",
                       "date: 2025-05-28\nSyrian President Ahmed al-Sharaa met "
                       "Donald Trump in Riyadh as Druze elders watched.\n");
    testing::WriteFile(corpus + "/2025/d.txt",
                       "date: 2025-05-30\nGovernor María López visited "
                       "Damascus with Reuters reporters.\n");
    testing::WriteFile(corpus + "/2025/e.txt",
                       "date: 2025-06-02\nThe Bank of Velmora raised rates in "
                       "Madrid. Druze leaders and Kurdish groups objected.\n");
    testing::WriteFile(corpus + "/2025/f.txt",
                       "date: 2025-06-15\nThe weather was mild and the market "
                       "was calm.\n");
    testing::WriteFile(corpus + "/undated.txt",
                       "Governor María López said Damascus was quiet, Reuters "
                       "reported.\n");
    IndexOptions options;
    options.corpus_dirs = {corpus};
    options.db_path = dir / "db";
    QuietReporter reporter;
    REQUIRE(BuildIndex(options, reporter).articles == 7);
    return dir / "db";
  }();
  return db;
}

// The facets of the articles matching `query`, every match counted.
Facets Count(const Xapian::Query& query, size_t limit = 10, bool exact = true) {
  Xapian::Database db(FacetDb());
  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  const auto counter = MakeFacetCounter();
  counter->Attach(enquire);
  enquire.get_mset(0, 0, db.get_doccount());
  return counter->Result(db, limit, exact);
}

// How many articles match `query` filtered by `filter`.
uint64_t Matches(const Xapian::Query& query, const Xapian::Query& filter) {
  Xapian::Database db(FacetDb());
  Xapian::Enquire enquire(db);
  enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, query, filter));
  return enquire.get_mset(0, 0, db.get_doccount()).get_matches_estimated();
}

// "value (key) count" per facet value, in order.
std::vector<std::string> Lines(const std::vector<FacetValue>& values) {
  std::vector<std::string> out;
  for (const FacetValue& v : values) {
    out.push_back(v.value + " (" + v.key + ") " + std::to_string(v.count));
  }
  return out;
}

using V = std::vector<std::string>;

TEST_CASE("facet counter counts each article once per entity and date") {
  const Facets f = Count(Xapian::Query::MatchAll);
  CHECK(Lines(f.persons) == V{"Donald Trump (donald trump) 3",
                              "María López (maria lopez) 3",
                              "Ahmed al-Sharaa (ahmed al-sharaa) 1"});
  CHECK(Lines(f.places) == V{"Damascus (damascus) 3", "Madrid (madrid) 2",
                             "Riyadh (riyadh) 1", "Syria (syria) 1"});
  CHECK(Lines(f.orgs) ==
        V{"Reuters (reuters) 3", "Bank of Velmora (bank of velmora) 1"});
  CHECK(Lines(f.groups) == V{"Druze (druze) 2", "Kurds (kurds) 2"});
  CHECK(Lines(f.years) == V{"2024 (2024) 2", "2025 (2025) 4"});
  CHECK(Lines(f.months) ==
        V{"2024-03 (2024-03) 2", "2025-05 (2025-05) 2", "2025-06 (2025-06) 2"});
}

TEST_CASE("each facet count is the number of matches its filter finds") {
  const struct {
    std::string name;
    Xapian::Query query;
  } cases[] = {
      {"every article", Xapian::Query::MatchAll},
      {"a word", Xapian::Query("damascus")},
      {"either of two words",
       Xapian::Query(Xapian::Query::OP_OR, Xapian::Query("madrid"),
                     Xapian::Query("riyadh"))},
      {"a word no article has", Xapian::Query("zzyzx")},
  };
  for (const auto& c : cases) {
    CAPTURE(c.name);
    const Facets f = Count(c.query, 100);
    const struct {
      EntityType type;
      const std::vector<FacetValue>& values;
    } entity_lists[] = {{EntityType::kPerson, f.persons},
                        {EntityType::kPlace, f.places},
                        {EntityType::kOrg, f.orgs},
                        {EntityType::kGroup, f.groups}};
    for (const auto& list : entity_lists) {
      for (const FacetValue& v : list.values) {
        CAPTURE(v.key);
        CHECK(v.count == Matches(c.query, EntityQuery(list.type, v.key)));
      }
    }
    uint64_t dated = 0;
    for (const FacetValue& v : f.years) {
      CAPTURE(v.value);
      CHECK(v.count == Matches(c.query, DateRangeQuery(v.value, v.value, "")));
      dated += v.count;
    }
    for (const FacetValue& v : f.months) {
      CAPTURE(v.value);
      CHECK(v.count == Matches(c.query, DateRangeQuery(v.value, v.value, "")));
    }
    // Every dated match is in some year, and no undated one.
    CHECK(dated ==
          Matches(c.query, DateRangeQuery("0001", "9999", "--since/--until")));
  }
}

TEST_CASE("facet counter keeps the top values by count, then by name") {
  struct Case {
    size_t limit;
    V places;
  };
  const Case cases[] = {
      {0, {}},
      {1, {"Damascus (damascus) 3"}},
      {2, {"Damascus (damascus) 3", "Madrid (madrid) 2"}},
      // Riyadh and Syria tie: the key decides.
      {3, {"Damascus (damascus) 3", "Madrid (madrid) 2", "Riyadh (riyadh) 1"}},
  };
  for (const Case& c : cases) {
    CAPTURE(c.limit);
    const Facets f = Count(Xapian::Query::MatchAll, c.limit);
    CHECK(Lines(f.places) == c.places);
    CHECK(f.persons.size() == std::min<size_t>(c.limit, 3));
    // Years and months are never cut.
    CHECK(f.years.size() == 2);
    CHECK(f.months.size() == 3);
  }
}

TEST_CASE("facet counter shows the display form most articles give") {
  // "María López" twice, "Maria Lopez" once: one key, the commoner form.
  const Facets all = Count(Xapian::Query::MatchAll);
  REQUIRE(all.persons.size() == 3);
  CHECK(all.persons[1].value == "María López");
  // Over the articles with "Madrid" only "Maria Lopez" is written.
  const Facets madrid = Count(Xapian::Query("madrid"));
  REQUIRE(madrid.persons.size() == 2);
  CHECK(madrid.persons[1].value == "Maria Lopez");
  CHECK(madrid.persons[1].key == "maria lopez");
  // Once each: the smaller.
  const Facets tie = Count(Xapian::Query(
      Xapian::Query::OP_OR, Xapian::Query("madrid"), Xapian::Query("visited")));
  REQUIRE_FALSE(tie.persons.empty());
  CHECK(tie.persons[0].key == "maria lopez");
  CHECK(tie.persons[0].value == "Maria Lopez");
  CHECK(tie.persons[0].count == 2);
}

TEST_CASE("facet counter says whether every match was counted") {
  CHECK(Count(Xapian::Query::MatchAll, 10, true).exact);
  CHECK_FALSE(Count(Xapian::Query::MatchAll, 10, false).exact);
}

}  // namespace
}  // namespace gazette
