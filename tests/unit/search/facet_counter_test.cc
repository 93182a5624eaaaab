#include "common/search/facet_counter.h"

#include <doctest/doctest.h>
#include <xapian.h>

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "common/search/query_builder.h"
#include "gazette/index_builder.h"
#include "tests/support/synthetic_corpus.h"
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

// The ways facets can be counted: the counter of before the facet fields
// (the reference), and each way the local route can count.
enum class Route { kReference, kAuto, kEntityLists, kFacetFields, kColumn };
constexpr Route kRoutes[] = {Route::kReference, Route::kAuto,
                             Route::kEntityLists, Route::kFacetFields,
                             Route::kColumn};

const char* RouteName(Route route) {
  switch (route) {
    case Route::kReference:
      return "reference";
    case Route::kAuto:
      return "auto";
    case Route::kEntityLists:
      return "entity lists";
    case Route::kFacetFields:
      return "facet fields";
    case Route::kColumn:
      return "column";
  }
  return "?";
}

// The facets of the articles of db matching `query`, every match counted
// (unless the time limit is said to have stopped the match).
Facets CountIn(const Xapian::Database& db, const Xapian::Query& query,
               Route route, size_t limit = 10, bool every_match_seen = true,
               size_t sample = 0) {
  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  FacetOptions options{limit, sample};
  if (route == Route::kEntityLists)
    options.method = FacetOptions::Method::kEntityLists;
  if (route == Route::kFacetFields)
    options.method = FacetOptions::Method::kFacetFields;
  // A searcher's second search of a revision: the column in memory.
  FacetColumnCache columns;
  FacetNamesMemo names;
  if (route == Route::kColumn) {
    (void)columns.Get(db);
    options.columns = &columns;
    options.names = &names;
    options.threads = 3;
  }
  const auto counter = route == Route::kReference
                           ? MakeEntityListFacetCounter(db, limit)
                           : MakeFacetCounter(db, query, options);
  counter->Attach(enquire);
  enquire.get_mset(0, 0, counter->NeedsEveryMatch() ? db.get_doccount() : 0);
  return counter->Result(every_match_seen);
}

Facets Count(const Xapian::Query& query, size_t limit = 10,
             Route route = Route::kAuto) {
  return CountIn(Xapian::Database(FacetDb()), query, route, limit);
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
  for (const Route route : kRoutes) {
    CAPTURE(RouteName(route));
    const Facets f = Count(Xapian::Query::MatchAll, 10, route);
    CHECK(f.exact);
    CHECK(Lines(f.persons) == V{"Donald Trump (donald trump) 3",
                                "María López (maria lopez) 3",
                                "Ahmed al-Sharaa (ahmed al-sharaa) 1"});
    CHECK(Lines(f.places) == V{"Damascus (damascus) 3", "Madrid (madrid) 2",
                               "Riyadh (riyadh) 1", "Syria (syria) 1"});
    CHECK(Lines(f.orgs) ==
          V{"Reuters (reuters) 3", "Bank of Velmora (bank of velmora) 1"});
    CHECK(Lines(f.groups) == V{"Druze (druze) 2", "Kurds (kurds) 2"});
    CHECK(Lines(f.years) == V{"2024 (2024) 2", "2025 (2025) 4"});
    CHECK(Lines(f.months) == V{"2024-03 (2024-03) 2", "2025-05 (2025-05) 2",
                               "2025-06 (2025-06) 2"});
  }
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
    for (const Route route : kRoutes) {
      CAPTURE(c.name);
      CAPTURE(RouteName(route));
      const Facets f = Count(c.query, 100, route);
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
        CHECK(v.count ==
              Matches(c.query, DateRangeQuery(v.value, v.value, "")));
        dated += v.count;
      }
      for (const FacetValue& v : f.months) {
        CAPTURE(v.value);
        CHECK(v.count ==
              Matches(c.query, DateRangeQuery(v.value, v.value, "")));
      }
      // Every dated match is in some year, and no undated one.
      CHECK(dated == Matches(c.query, DateRangeQuery("0001", "9999",
                                                     "--since/--until")));
    }
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
    for (const Route route : kRoutes) {
      CAPTURE(c.limit);
      CAPTURE(RouteName(route));
      const Facets f = Count(Xapian::Query::MatchAll, c.limit, route);
      CHECK(Lines(f.places) == c.places);
      CHECK(f.persons.size() == std::min<size_t>(c.limit, 3));
      // Years and months are never cut.
      CHECK(f.years.size() == 2);
      CHECK(f.months.size() == 3);
    }
  }
}

TEST_CASE("facet counter shows the display form most articles give") {
  for (const Route route : kRoutes) {
    CAPTURE(RouteName(route));
    // "María López" twice, "Maria Lopez" once: one key, the commoner form.
    const Facets all = Count(Xapian::Query::MatchAll, 10, route);
    REQUIRE(all.persons.size() == 3);
    CHECK(all.persons[1].value == "María López");
    // Over the articles with "Madrid" only "Maria Lopez" is written.
    const Facets madrid = Count(Xapian::Query("madrid"), 10, route);
    REQUIRE(madrid.persons.size() == 2);
    CHECK(madrid.persons[1].value == "Maria Lopez");
    CHECK(madrid.persons[1].key == "maria lopez");
    // Once each: the smaller.
    const Facets tie =
        Count(Xapian::Query(Xapian::Query::OP_OR, Xapian::Query("madrid"),
                            Xapian::Query("visited")),
              10, route);
    REQUIRE_FALSE(tie.persons.empty());
    CHECK(tie.persons[0].key == "maria lopez");
    CHECK(tie.persons[0].value == "Maria Lopez");
    CHECK(tie.persons[0].count == 2);
  }
}

TEST_CASE("facet counter says whether every match was counted") {
  const Xapian::Database db(FacetDb());
  for (const Route route : kRoutes) {
    CAPTURE(RouteName(route));
    const Xapian::Query query("damascus");
    CHECK(CountIn(db, query, route, 10, true).exact);
    CHECK_FALSE(CountIn(db, query, route, 10, false).exact);
    CHECK_FALSE(CountIn(db, query, route, 10, false).sample);
  }
  // The index's totals count every article, whatever get_mset did.
  CHECK(CountIn(db, Xapian::Query::MatchAll, Route::kAuto, 10, false).exact);
}

// Every value of every list, as lines: two facets are the same if these are.
V AllLines(const Facets& f) {
  V out;
  for (const auto* list :
       {&f.persons, &f.places, &f.orgs, &f.groups, &f.years, &f.months}) {
    const V lines = Lines(*list);
    out.insert(out.end(), lines.begin(), lines.end());
    out.push_back("--");
  }
  return out;
}

// The synthetic corpus's queries: everything, a word in every article,
// common and rare words, an entity filter, dates, alternatives.
std::vector<std::pair<std::string, Xapian::Query>> SyntheticQueries() {
  return {
      {"every article", Xapian::Query::MatchAll},
      {"the marker", Xapian::Query(testing::kSyntheticMarker)},
      {"a common word", Xapian::Query("said")},
      {"two words",
       Xapian::Query(Xapian::Query::OP_AND, Xapian::Query("market"),
                     Xapian::Query("the"))},
      {"either word",
       Xapian::Query(Xapian::Query::OP_OR, Xapian::Query("border"),
                     Xapian::Query("court"))},
      {"a person", EntityQuery(EntityType::kPerson, "Ingrid Okafor")},
      {"a year", DateRangeQuery("2001", "2003", "")},
      {"no article", Xapian::Query("zzyzx")},
  };
}

// Builds (or updates) the index at db from the synthetic articles
// [0, count), article i at version versions(i).
template <typename Versions>
void BuildSynthetic(const testing::TempDir& dir, uint64_t count,
                    Versions versions) {
  const std::string corpus = dir / "corpus";
  for (uint64_t i = 0; i < count; ++i) {
    testing::WriteFile(corpus + "/" + testing::SyntheticId(i),
                       testing::SyntheticArticle(19, i, versions(i)));
  }
  IndexOptions options;
  options.corpus_dirs = {corpus};
  options.db_path = dir / "db";
  QuietReporter reporter;
  REQUIRE(BuildIndex(options, reporter).articles == count);
}

void CheckRoutesAgree(const std::string& db_path) {
  const Xapian::Database db(db_path);
  for (const auto& [query_name, query] : SyntheticQueries()) {
    // Clang 14 cannot capture a structured binding (CAPTURE is a lambda).
    const std::string name = query_name;
    for (const size_t limit : {size_t{10}, size_t{100000}}) {
      CAPTURE(name);
      CAPTURE(limit);
      const Facets reference = CountIn(db, query, Route::kReference, limit);
      CHECK(reference.exact);
      for (const Route route : kRoutes) {
        CAPTURE(RouteName(route));
        const Facets f = CountIn(db, query, route, limit);
        CHECK(f.exact);
        CHECK(AllLines(f) == AllLines(reference));
      }
    }
  }
}

TEST_CASE("every route counts what the entity lists say, on a corpus") {
  // Synthetic articles with recurring people (some by surname only, for
  // the corpus alias table to resolve), acronyms and accents; then the
  // same index after a third of them changed and a tenth were removed.
  testing::TempDir dir;
  BuildSynthetic(dir, 400, [](uint64_t) { return 0u; });
  CheckRoutesAgree(dir / "db");
  std::filesystem::remove_all(dir / "corpus");
  BuildSynthetic(dir, 360, [](uint64_t i) { return i % 3 == 0 ? 1u : 0u; });
  CheckRoutesAgree(dir / "db");
}

TEST_CASE("a sampled count shows exact counts for the values it chose") {
  testing::TempDir dir;
  BuildSynthetic(dir, 400, [](uint64_t) { return 0u; });
  const Xapian::Database db(dir / "db");
  const Xapian::Query query(testing::kSyntheticMarker);
  const Facets reference = CountIn(db, query, Route::kReference, 100000);
  const auto exact_count = [&](const std::vector<FacetValue>& all,
                               const FacetValue& v) {
    for (const FacetValue& r : all) {
      if (r.key == v.key) return r.count;
    }
    return uint64_t{0};
  };
  for (const size_t sample : {size_t{50}, size_t{200}}) {
    CAPTURE(sample);
    const Facets f = CountIn(db, query, Route::kAuto, 5, true, sample);
    CHECK_FALSE(f.exact);
    REQUIRE(f.sample);
    CHECK(f.sample->counted == sample);
    CHECK(f.sample->matches == 400);
    CHECK(f.persons.size() == 5);
    for (const auto& [shown, all] : {std::pair{&f.persons, &reference.persons},
                                     std::pair{&f.places, &reference.places},
                                     std::pair{&f.orgs, &reference.orgs}}) {
      for (const FacetValue& v : *shown) {
        CAPTURE(v.key);
        CHECK(v.count == exact_count(*all, v));
      }
    }
    // The timeline is counted over every match.
    CHECK(Lines(f.years) == Lines(reference.years));
    CHECK(Lines(f.months) == Lines(reference.months));
  }
  // No more matches than the sample: every match counted.
  const Facets all = CountIn(db, query, Route::kAuto, 10, true, 400);
  CHECK(all.exact);
  CHECK_FALSE(all.sample);
}

}  // namespace
}  // namespace gazette
