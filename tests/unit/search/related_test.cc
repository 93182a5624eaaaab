#include "common/search/related.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "gazette/error.h"
#include "gazette/index_builder.h"
#include "gazette/searcher.h"
#include "tests/support/test_support.h"

namespace gazette {
namespace {

// Eight short articles: the seed about a volcano near Oslo; two more on the
// volcano (one a week later, one a year later); articles sharing only the
// seed's rare person or only its common place; one on nothing of it.
const std::string& RelatedDb() {
  static testing::TempDir dir;
  static const std::string db = [] {
    const std::string corpus = dir / "corpus";
    const auto write = [&](const std::string& id, const std::string& date,
                           const std::string& text) {
      testing::WriteFile(
          corpus + "/" + id,
          (date.empty() ? "" : "date: " + date + "\n") + "\n" + text + "\n");
    };
    write("seed.txt", "2020-01-10",
          "The Kelvar volcano erupted near Oslo. Geologist Anna Brask said "
          "lava and ash poured from the crater and the ash cloud spread.");
    write("week.txt", "2020-01-17",
          "Ash from the Kelvar volcano still falls; lava cooled near the "
          "crater, where the eruption left a cloud.");
    write("year.txt", "2021-01-12",
          "A year on, the Kelvar volcano is quiet: no lava, no ash, and the "
          "crater is cold.");
    write("person.txt", "2020-01-11",
          "Anna Brask, a geologist, was given a prize for her teaching.");
    write("place1.txt", "2020-01-12", "Oslo opened a new library.");
    write("place2.txt", "2020-01-13", "Oslo buses ran late in the snow.");
    write("place3.txt", "2020-01-14", "Oslo held a jazz festival.");
    write("other.txt", "", "Tomatoes and basil make a fine pasta sauce.");
    IndexOptions options;
    options.corpus_dirs = {corpus};
    options.db_path = dir / "db";
    testing::QuietReporter reporter;
    (void)BuildIndex(options, reporter);
    return options.db_path;
  }();
  return db;
}

SearchResult Related(SearchRequest request) {
  request.snippet_bytes = 0;
  Searcher searcher(RelatedDb());
  return searcher.Search(request);
}

SearchRequest Like(const std::string& id) {
  SearchRequest r;
  r.like = id;
  return r;
}

SearchRequest ByEntities(const std::string& id) {
  SearchRequest r;
  r.related_by_entities = id;
  return r;
}

std::vector<std::string> Ids(const SearchResult& r) {
  std::vector<std::string> ids;
  for (const Hit& h : r.hits) ids.push_back(h.id);
  return ids;
}

std::vector<std::string> Texts(const std::vector<RelatedTerm>& terms) {
  std::vector<std::string> texts;
  for (const RelatedTerm& t : terms) texts.push_back(t.text);
  return texts;
}

TEST_CASE("like ranks the articles sharing the seed's words, never the seed") {
  const SearchResult r = Related(Like("seed.txt"));
  const std::vector<std::string> ids = Ids(r);
  // Every article sharing a characteristic word, the one sharing most first.
  CHECK(std::set<std::string>(ids.begin(), ids.end()) ==
        std::set<std::string>{"week.txt", "year.txt", "person.txt",
                              "place1.txt", "place2.txt", "place3.txt"});
  REQUIRE_FALSE(ids.empty());
  CHECK(ids.front() == "week.txt");
  REQUIRE(r.related);
  CHECK_FALSE(r.related->by_entities);
  CHECK(r.related->seed == "seed.txt");
  // Words as the seed writes them; stems as the index holds them.
  const std::vector<std::string> words = Texts(r.related->terms);
  CHECK(std::find(words.begin(), words.end(), "erupted") != words.end());
  for (const RelatedTerm& t : r.related->terms) {
    if (t.text == "erupted") CHECK(t.key == "erupt");
    CHECK_FALSE(t.type);
  }
  CHECK(std::find(words.begin(), words.end(), "the") == words.end());
  CHECK(r.related->terms.front().weight == doctest::Approx(1.0));
  // Each hit shares the query's terms it holds, in the seed's words
  // ("erupted" for week's "eruption"), in the query's order.
  for (const Hit& hit : r.hits) {
    const std::vector<std::string> shared = Texts(hit.shared);
    const std::set<std::string> set(shared.begin(), shared.end());
    CAPTURE(hit.id);
    if (hit.id == "week.txt") {
      CHECK(set == std::set<std::string>{"ash", "near", "erupted", "cloud",
                                         "volcano", "lava", "kelvar",
                                         "crater"});
    } else if (hit.id == "person.txt") {
      CHECK(set == std::set<std::string>{"geologist", "brask", "anna"});
    } else if (hit.id.starts_with("place")) {
      CHECK(set == std::set<std::string>{"oslo"});
    }
    for (size_t i = 1; i < hit.shared.size(); ++i)
      CHECK(hit.shared[i - 1].weight >= hit.shared[i].weight);
  }
}

TEST_CASE(
    "like's default scheme weighs a stem the seed repeats and few articles "
    "hold above one many hold") {
  const SearchResult r = Related(Like("seed.txt"));
  REQUIRE(r.related);
  double kelvar = 0, oslo = 0, ash = 0;
  for (const RelatedTerm& t : r.related->terms) {
    if (t.key == "kelvar") kelvar = t.weight;
    if (t.key == "oslo") oslo = t.weight;
    if (t.key == "ash") ash = t.weight;
  }
  // Kelvar: 3 articles; Oslo: 4; ash twice in the seed, in 3 articles.
  CHECK(kelvar > oslo);
  CHECK(ash > kelvar);
  CHECK(ash == doctest::Approx(1.0));
  // Xapian's expand sets still answer when asked for.
  for (const char* scheme : {"bo1", "trad"}) {
    CAPTURE(scheme);
    RankingParams ranking;
    REQUIRE(
        SetRankingParam(ranking, std::string("like_scheme=") + scheme).empty());
    SearchRequest request = Like("seed.txt");
    request.snippet_bytes = 0;
    Searcher searcher(RelatedDb(), ranking);
    const SearchResult other = searcher.Search(request);
    REQUIRE_FALSE(other.hits.empty());
    CHECK(other.hits.front().id == "week.txt");
  }
}

TEST_CASE("like takes the filters, the query as a filter and a day window") {
  SearchRequest since = Like("seed.txt");
  since.since = "2021";
  CHECK(Ids(Related(since)) == std::vector<std::string>{"year.txt"});

  SearchRequest query = Like("seed.txt");
  query.query = "cooled";
  CHECK(Ids(Related(query)) == std::vector<std::string>{"week.txt"});

  // 2020-01-10 and 2020-01-17 are 7 days apart; year.txt a year.
  const auto has_week = [](size_t days) {
    SearchRequest window = Like("seed.txt");
    window.within_days = days;
    const std::vector<std::string> ids = Ids(Related(window));
    CHECK(std::find(ids.begin(), ids.end(), "year.txt") == ids.end());
    CHECK(std::find(ids.begin(), ids.end(), "place3.txt") != ids.end());
    return std::find(ids.begin(), ids.end(), "week.txt") != ids.end();
  };
  CHECK(has_week(7));
  CHECK_FALSE(has_week(6));
}

TEST_CASE("related by entities weighs a rare person above a common place") {
  const SearchResult r = Related(ByEntities("seed.txt"));
  REQUIRE(r.related);
  CHECK(r.related->by_entities);
  const std::vector<std::string> ids = Ids(r);
  REQUIRE_FALSE(ids.empty());
  CHECK(ids.front() == "person.txt");
  CHECK(std::find(ids.begin(), ids.end(), "seed.txt") == ids.end());
  CHECK(std::find(ids.begin(), ids.end(), "other.txt") == ids.end());
  // The shared entity is named as the filter takes it.
  REQUIRE(r.hits.front().shared.size() == 1);
  const RelatedTerm& shared = r.hits.front().shared.front();
  CHECK(shared.type == EntityType::kPerson);
  CHECK(shared.text == "Anna Brask");
  CHECK(shared.key == "anna brask");
  SearchRequest filtered;
  filtered.persons = {shared.key};
  const SearchResult by_filter = Related(filtered);
  CHECK(by_filter.totals.lower == 2);  // the seed and person.txt
  // Rarer first: Anna Brask (2 articles) before Oslo (4).
  REQUIRE(r.related->terms.size() >= 2);
  CHECK(r.related->terms[0].key == "anna brask");
  CHECK(r.related->terms[0].weight > r.related->terms[1].weight);

  SearchRequest window = ByEntities("seed.txt");
  window.within_days = 2;
  const std::vector<std::string> near = Ids(Related(window));
  CHECK(std::set<std::string>(near.begin(), near.end()) ==
        std::set<std::string>{"person.txt", "place1.txt"});
}

TEST_CASE(
    "related by entities ranks by shared entities also when near duplicates "
    "are collapsed") {
  // The newest articles are two copies of one story sharing only the
  // seed's common place: collapsing them must not rank the page by date.
  testing::TempDir dir;
  const std::string corpus = dir / "corpus";
  const auto write = [&](const std::string& id, const std::string& date,
                         const std::string& text) {
    testing::WriteFile(corpus + "/" + id,
                       "date: " + date + "\n\n" + text + "\n");
  };
  write("seed.txt", "2020-01-10",
        "Geologist Anna Brask said the Kelvar volcano near Oslo erupted.");
  write("person.txt", "2020-01-02",
        "Anna Brask, a geologist, was given a prize for her teaching.");
  const std::string story =
      "Oslo buses ran late in the snow on Monday, the city said, and trams "
      "stopped for two hours while crews cleared the lines near the harbour.";
  write("copy1.txt", "2020-01-20", story);
  write("copy2.txt", "2020-01-20", story);
  IndexOptions options;
  options.corpus_dirs = {corpus};
  options.db_path = dir / "db";
  testing::QuietReporter reporter;
  (void)BuildIndex(options, reporter);
  Searcher searcher(options.db_path);
  SearchRequest r = ByEntities("seed.txt");
  r.snippet_bytes = 0;
  const SearchResult collapsed = searcher.Search(r);
  r.collapse = false;
  const SearchResult all = searcher.Search(r);
  // The copies are one group, so the collapsed page is a second match.
  REQUIRE(all.hits.size() == 3);
  REQUIRE_FALSE(all.hits[1].group.empty());
  CHECK(all.hits[1].group == all.hits[2].group);
  CHECK(Ids(all).front() == "person.txt");
  REQUIRE(collapsed.hits.size() == 2);
  CHECK(Ids(collapsed).front() == "person.txt");
  CHECK(collapsed.hits[0].score > collapsed.hits[1].score);
  CHECK(collapsed.hits[1].score > 0);
  CHECK(collapsed.hits[0].score == doctest::Approx(all.hits[0].score));
}

TEST_CASE("related articles refuse what they cannot answer, naming it") {
  struct Case {
    SearchRequest request;
    std::string message_part;
  };
  SearchRequest both = Like("seed.txt");
  both.related_by_entities = "seed.txt";
  SearchRequest lonely_window;
  lonely_window.query = "lava";
  lonely_window.within_days = 3;
  SearchRequest wide = Like("seed.txt");
  wide.within_days = kMaxWithinDays + 1;
  SearchRequest undated = Like("other.txt");
  undated.within_days = 3;
  const Case cases[] = {
      {Like("nosuch.txt"), "'nosuch.txt'"},
      {ByEntities("nosuch.txt"), "'nosuch.txt'"},
      {Like(""), "no article with id ''"},
      {both, "give one of them"},
      {lonely_window, "needs --like or --related-by-entities"},
      {wide, "36501"},
      {undated, "has no date"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.message_part);
    try {
      (void)Related(c.request);
      FAIL("no error");
    } catch (const Error& e) {
      CHECK(e.kind() == ErrorKind::kQuery);
      CHECK(std::string(e.what()).find(c.message_part) != std::string::npos);
    }
  }
}

}  // namespace
}  // namespace gazette
