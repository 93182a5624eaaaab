#include "gazette/searcher.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <set>

#include "common/index/schema.h"
#include "gazette/error.h"
#include "gazette/index_builder.h"
#include "tests/support/test_support.h"

namespace gazette {
namespace {

using testing::QuietReporter;

// One fixture index for all the cases here.
const std::string& FixtureDb() {
  static testing::TempDir dir;
  static const std::string db = [] {
    testing::WriteFixtureCorpus(dir / "corpus");
    IndexOptions options;
    options.corpus_dirs = {dir / "corpus"};
    options.db_path = dir / "db";
    QuietReporter reporter;
    (void)BuildIndex(options, reporter);
    return dir / "db";
  }();
  return db;
}

std::vector<std::string> Ids(const SearchResult& r) {
  std::vector<std::string> ids;
  for (const Hit& h : r.hits) ids.push_back(h.id);
  return ids;
}

SearchResult Find(SearchRequest request) {
  Searcher searcher(FixtureDb());
  return searcher.Search(request);
}

SearchResult Find(const std::string& query) {
  SearchRequest r;
  r.query = query;
  return Find(r);
}

TEST_CASE("searcher ranks, stems and highlights every inflection") {
  const SearchResult r = Find("Golan talks");
  REQUIRE(r.hits.size() == 1);
  const Hit& hit = r.hits[0];
  CHECK(hit.id == "2024/golan.txt");
  CHECK(hit.title == "Golan border quiet");
  CHECK(hit.date->ToIso() == "2024-03-10");
  CHECK(hit.rank == 1);
  std::set<std::string> highlighted;
  for (const auto& [b, e] : hit.snippet.highlights) {
    highlighted.insert(hit.snippet.text.substr(b, e - b));
  }
  CHECK(highlighted == std::set<std::string>{"Golan", "talks"});

  // "talk", "talks" and "Talking" share a stem.
  CHECK(Find("talk").totals.estimated == 3);
}

TEST_CASE("searcher filters by date range, entity and year term") {
  struct Case {
    std::string query;
    std::optional<std::string> since, until;
    std::vector<std::string> persons, orgs;
    std::set<std::string> ids;
  };
  const Case cases[] = {
      {"talks", "2025", {}, {}, {}, {"2025/talks.txt"}},
      {"talks", {}, "2024-12", {}, {}, {"2024/golan.txt"}},
      {"date:2025-06..2025-06",
       {},
       {},
       {},
       {},
       {"2025/economy.txt", "2025/sport.txt"}},
      {"", {}, {}, {"donald trump"}, {}, {"2024/golan.txt", "2025/talks.txt"}},
      {"", {}, {}, {"AL-SHARAA"}, {}, {"2025/talks.txt"}},
      {"person:al-sharaa", {}, {}, {}, {}, {"2025/talks.txt"}},
      {"", {}, {}, {}, {"bank of velmora"}, {"2025/economy.txt"}},
      {"year:2024", {}, {}, {}, {}, {"2024/golan.txt"}},
      {"title:golan", {}, {}, {}, {}, {"2024/golan.txt"}},
  };
  for (const Case& c : cases) {
    CAPTURE(c.query);
    SearchRequest r;
    r.query = c.query;
    r.since = c.since;
    r.until = c.until;
    r.persons = c.persons;
    r.orgs = c.orgs;
    const auto ids = Ids(Find(r));
    CHECK(std::set<std::string>(ids.begin(), ids.end()) == c.ids);
  }
}

TEST_CASE("searcher takes plain text with capitals stemmed and any word") {
  SearchRequest plain;
  plain.query = "TALKING";
  plain.plain_text = true;
  // Capitalised words in the query syntax are matched as written...
  CHECK(Ids(Find("TALKING")) == std::vector<std::string>{"undated.txt"});
  // ...and as plain text like lower case: talk, talks, Talking.
  CHECK(Find(plain).totals.estimated == 3);

  plain.query = "WHAT ABOUT THE GOLAN TALKS?";
  const SearchResult r = Find(plain);
  REQUIRE(r.hits.size() == 3);
  CHECK(r.hits[0].id == "2024/golan.txt");  // both words
  // The snippet highlights the words of the query.
  std::set<std::string> highlighted;
  for (const auto& [b, e] : r.hits[0].snippet.highlights) {
    highlighted.insert(r.hits[0].snippet.text.substr(b, e - b));
  }
  CHECK(highlighted == std::set<std::string>{"Golan", "talks"});

  // Filters still apply.
  plain.since = "2025";
  CHECK(Ids(Find(plain)) == std::vector<std::string>{"2025/talks.txt"});
}

TEST_CASE("searcher feedback re-ranks the same matches") {
  SearchRequest r;
  r.query = "talks";
  r.plain_text = true;
  SearchRequest expanded = r;
  expanded.expand = true;
  std::vector<std::string> plain_ids = Ids(Find(r));
  std::vector<std::string> expanded_ids = Ids(Find(expanded));
  CHECK(expanded_ids.size() == 3);
  std::sort(plain_ids.begin(), plain_ids.end());
  std::sort(expanded_ids.begin(), expanded_ids.end());
  CHECK(expanded_ids == plain_ids);
}

TEST_CASE("searcher skips snippets when asked for none") {
  SearchRequest r;
  r.query = "talks";
  r.snippet_bytes = 0;
  const SearchResult result = Find(r);
  REQUIRE_FALSE(result.hits.empty());
  for (const Hit& hit : result.hits) CHECK(hit.snippet.text.empty());
}

TEST_CASE("listing by a filter alone shows where the name is mentioned") {
  testing::TempDir dir;
  std::string body = "date: 1987-03-02\n\n";
  for (int i = 0; i < 12; ++i)
    body += "Grain prices rose again on the exchange this week. ";
  body += "Soviet leader Mikhail Gorbachev spoke of the Bank of England. ";
  for (int i = 0; i < 12; ++i) body += "Traders expect more of the same. ";
  testing::WriteFile(dir / "corpus/a.txt", body);
  IndexOptions options;
  options.corpus_dirs = {dir / "corpus"};
  options.db_path = dir / "db";
  QuietReporter reporter;
  (void)BuildIndex(options, reporter);
  Searcher searcher(dir / "db");
  const auto highlighted = [&](SearchRequest r) {
    const SearchResult result = searcher.Search(r);
    REQUIRE(result.hits.size() == 1);
    const Snippet& s = result.hits[0].snippet;
    std::set<std::string> words;
    for (const auto& [b, e] : s.highlights)
      words.insert(s.text.substr(b, e - b));
    return words;
  };
  SearchRequest by_option;
  by_option.persons = {"mikhail gorbachev"};
  CHECK(highlighted(by_option) ==
        std::set<std::string>{"Mikhail", "Gorbachev"});
  SearchRequest by_syntax;
  by_syntax.query = "person:\"Mikhail GORBACHEV\"";
  CHECK(highlighted(by_syntax) ==
        std::set<std::string>{"Mikhail", "Gorbachev"});
  // Stop words of a name are not words to look for.
  SearchRequest org;
  org.query = "org:\"bank of england\"";
  CHECK(highlighted(org) == std::set<std::string>{"Bank", "England"});
  // With words to show, the filter's names are not added to them.
  SearchRequest words = by_option;
  words.query = "traders";
  CHECK(highlighted(words) == std::set<std::string>{"Traders"});
}

TEST_CASE("searcher sorts by date either way") {
  SearchRequest r;
  r.query = "the";
  r.sort = SortOrder::kNewest;
  CHECK(Ids(Find(r)) ==
        std::vector<std::string>{"2025/sport.txt", "2025/economy.txt",
                                 "2025/talks.txt", "2024/golan.txt"});
  r.sort = SortOrder::kOldest;
  CHECK(Ids(Find(r)).front() == "2024/golan.txt");
}

TEST_CASE("searcher counts facets over all matches, not just the page") {
  SearchRequest r;
  r.query = "the OR talks";
  r.limit = 1;
  r.facets = true;
  const SearchResult result = Find(r);
  CHECK(result.hits.size() == 1);
  REQUIRE(result.facets);
  CHECK(result.facets->exact);
  const auto count_of = [](const std::vector<FacetValue>& values,
                           const std::string& v) {
    for (const auto& f : values) {
      if (f.value == v) return f.count;
    }
    return uint64_t{0};
  };
  CHECK(count_of(result.facets->persons, "Donald Trump") == 2);
  CHECK(count_of(result.facets->years, "2025") == 3);
  CHECK(count_of(result.facets->years, "2024") == 1);
  CHECK(count_of(result.facets->months, "2025-06") == 2);
}

TEST_CASE("entity names complete from the index, most-mentioned first") {
  Searcher searcher(FixtureDb());
  const auto keys = [](const std::vector<FacetValue>& names) {
    std::vector<std::string> out;
    for (const FacetValue& n : names) out.push_back(n.key);
    return out;
  };
  // Donald Trump (and his short name) are in two articles, the others in
  // one.
  const std::vector<FacetValue> persons =
      searcher.EntityNames(EntityType::kPerson, "", 100);
  REQUIRE(persons.size() > 2);
  CHECK(persons[0].key == "donald trump");
  CHECK(persons[0].count == 2);
  // Most articles first, then by name.
  CHECK(std::is_sorted(persons.begin(), persons.end(),
                       [](const FacetValue& a, const FacetValue& b) {
                         return a.count != b.count ? a.count > b.count
                                                   : a.key < b.key;
                       }));
  CHECK(persons.back().count == 1);
  CHECK(keys(searcher.EntityNames(EntityType::kPerson, "", 1)) ==
        std::vector<std::string>{"donald trump"});
  // The prefix is folded as filters fold names.
  const auto sharaa =
      keys(searcher.EntityNames(EntityType::kPerson, "AL\u2011SHA", 10));
  CHECK(std::find(sharaa.begin(), sharaa.end(), "al-sharaa") != sharaa.end());
  for (const std::string& key : sharaa) CHECK(key.rfind("al-sha", 0) == 0);
  CHECK(searcher.EntityNames(EntityType::kPlace, "zzz", 10).empty());
  CHECK(searcher.EntityNames(EntityType::kOrg, "al-sharaa", 10).empty());
  // Every name offered is one the filter takes, with as many articles.
  for (const FacetValue& name : persons) {
    CAPTURE(name.key);
    SearchRequest r;
    r.persons = {name.key};
    r.exact_total = true;
    CHECK(searcher.Search(r).totals.lower == name.count);
  }
}

TEST_CASE("searcher pages with offset and reports totals") {
  SearchRequest r;
  r.query = "the";
  r.limit = 2;
  r.offset = 2;
  r.exact_total = true;
  const SearchResult result = Find(r);
  CHECK(result.totals.exact());
  CHECK(result.totals.estimated == 4);
  REQUIRE(result.hits.size() == 2);
  CHECK(result.hits[0].rank == 3);
}

TEST_CASE("searcher reports a missing index with what to do") {
  try {
    Searcher s("/nonexistent/gazette.db");
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::kIndexMissing);
    CHECK(std::string(e.what()).find("indexer build") != std::string::npos);
  }
}

TEST_CASE(
    "a searcher held open answers from the index a rebuild put in place") {
  testing::TempDir dir;
  testing::WriteFile(dir / "one/a.txt", "date 2025-01-01 Alpha story.");
  testing::WriteFile(dir / "two/b.txt", "date 2025-01-02 Beta story.");
  const auto build = [&](const std::string& corpus, bool rebuild) {
    IndexOptions options;
    options.corpus_dirs = {corpus};
    options.db_path = dir / "db";
    options.rebuild = rebuild;
    QuietReporter reporter;
    return BuildIndex(options, reporter);
  };
  (void)build(dir / "one", false);
  Searcher searcher(dir / "db");
  SearchRequest alpha, beta;
  alpha.query = "alpha";
  beta.query = "beta";
  CHECK(Ids(searcher.Search(alpha)) == std::vector<std::string>{"a.txt"});
  // The new database has as many revisions as the old one had, which is
  // all Xapian's reopen() looks at.
  (void)build(dir / "two", true);
  CHECK(Ids(searcher.Search(beta)) == std::vector<std::string>{"b.txt"});
  CHECK(searcher.Search(alpha).hits.empty());
}

TEST_CASE("a searcher held open keeps its ranking across a rebuild") {
  testing::TempDir dir;
  testing::WriteFile(dir / "corpus/a.txt",
                     "date 2025-01-01 Harbour talks\nTalks on the harbour.");
  testing::WriteFile(dir / "corpus/b.txt",
                     "date 2025-01-02 Market news\nHarbour talks resumed.");
  const auto build = [&](bool rebuild) {
    IndexOptions options;
    options.corpus_dirs = {dir / "corpus"};
    options.db_path = dir / "db";
    options.rebuild = rebuild;
    QuietReporter reporter;
    return BuildIndex(options, reporter);
  };
  const auto scores = [](Searcher& searcher) {
    SearchRequest request;
    request.query = "harbour talks";
    request.plain_text = true;  // title and exact-form weights apply
    request.expand = false;
    std::vector<std::pair<std::string, double>> out;
    for (const Hit& h : searcher.Search(request).hits)
      out.emplace_back(h.id, h.score);
    return out;
  };
  RankingParams ranking;
  ranking.title_weight = 4;
  ranking.exact_weight = 0;
  (void)build(false);
  Searcher held(dir / "db", ranking);
  const auto before = scores(held);
  REQUIRE(before.size() == 2);
  Searcher plain(dir / "db");
  REQUIRE(scores(plain) != before);  // the ranking shows in the scores

  (void)build(true);
  Searcher fresh(dir / "db", ranking);
  CHECK(scores(held) == scores(fresh));
  CHECK(scores(held) == before);
}

TEST_CASE("counting every match stops at the time limit and says so") {
  testing::TempDir dir;
  {
    // Enough matches that counting them takes a few milliseconds.
    Xapian::WritableDatabase db(dir / "db", Xapian::DB_CREATE_OR_OPEN);
    db.set_metadata(schema::kVersionKey, std::to_string(schema::kVersion));
    for (int i = 0; i < 300000; ++i) {
      Xapian::Document doc;
      if (i % 2) doc.add_term("Zx");
      if (i % 3) doc.add_term("Zy");
      db.add_document(doc);
    }
    db.commit();
  }
  Searcher searcher(dir / "db");
  SearchRequest request;
  request.query = "x y";
  request.limit = 0;
  request.exact_total = true;
  SearchResult r = searcher.Search(request);
  CHECK(r.totals.exact());
  CHECK(r.totals.lower == 100000);
  searcher.set_count_time_limit(1e-9);
  r = searcher.Search(request);
  CHECK_FALSE(r.totals.exact());
  CHECK(r.totals.lower <= 100000);
  CHECK(r.totals.upper >= 100000);
}

}  // namespace
}  // namespace gazette

namespace gazette {
namespace {

// A corpus with near-duplicate stories: three copies of the wheat story
// (one dated a month later), two of the copper story, one of its own.
const std::string& DuplicatesDb() {
  static testing::TempDir dir;
  static const std::string db = [] {
    const std::string wheat =
        "Egypt bought 200,000 tonnes of soft wheat from the United States "
        "under the export enhancement programme, trade sources said, for "
        "shipment in April and May at prices near 90 dlrs a tonne.";
    const std::string copper =
        "Chile's state copper company raised its price for cathodes sold "
        "in Europe by two cents a pound, citing strong demand from wire "
        "makers and low stocks in London Metal Exchange warehouses.";
    testing::WriteFile(dir / "c/w1.txt", "date: 1987-03-02\n\n" + wheat);
    testing::WriteFile(
        dir / "c/w2.txt",
        "date: 1987-03-03\n\nCAIRO, March 3 - " + wheat + "\n Reuter\n");
    testing::WriteFile(dir / "c/w3.txt", "date: 1987-04-01\n\n" + wheat);
    testing::WriteFile(dir / "c/k1.txt", "date: 1987-03-05\n\n" + copper);
    testing::WriteFile(dir / "c/k2.txt", "date: 1987-03-06\n\n" + copper);
    testing::WriteFile(
        dir / "c/alone.txt",
        "date: 1987-03-07\n\nCanada's wheat board said wheat exports to "
        "the Soviet Union would rise this year as crops there failed, "
        "and copper exports would not.");
    IndexOptions options;
    options.corpus_dirs = {dir / "c"};
    options.db_path = dir / "db";
    QuietReporter reporter;
    (void)BuildIndex(options, reporter);
    return dir / "db";
  }();
  return db;
}

SearchResult FindIn(const std::string& db, SearchRequest request) {
  Searcher searcher(db);
  return searcher.Search(request);
}

TEST_CASE(
    "near-duplicate stories show once, with how many others of the group "
    "match, and the totals count every match") {
  SearchRequest r;
  r.query = "wheat OR copper";
  r.exact_total = true;
  r.sort = SortOrder::kOldest;
  const SearchResult collapsed = FindIn(DuplicatesDb(), r);
  CHECK(collapsed.totals.lower == 6);
  CHECK(collapsed.totals.exact());
  // The first (oldest) article of each group stands for it.
  CHECK(Ids(collapsed) ==
        std::vector<std::string>{"w1.txt", "k1.txt", "alone.txt"});
  REQUIRE(collapsed.hits.size() == 3);
  CHECK(collapsed.hits[0].group == "w1.txt");
  CHECK(collapsed.hits[0].group_size == 3);
  CHECK(collapsed.hits[0].similar == 2);
  CHECK(collapsed.hits[1].group == "k1.txt");
  CHECK(collapsed.hits[1].similar == 1);
  CHECK(collapsed.hits[2].group.empty());
  CHECK(collapsed.hits[2].group_size == 1);
  CHECK(collapsed.hits[2].similar == 0);
  CHECK(collapsed.hits[2].rank == 3);

  // A filter that leaves out one copy: "N similar" counts what matches.
  r.until = "1987-03";
  const SearchResult march = FindIn(DuplicatesDb(), r);
  CHECK(march.totals.lower == 5);
  REQUIRE_FALSE(march.hits.empty());
  CHECK(march.hits[0].id == "w1.txt");
  CHECK(march.hits[0].group_size == 3);
  CHECK(march.hits[0].similar == 1);

  r.until.reset();
  r.collapse = false;
  const SearchResult all = FindIn(DuplicatesDb(), r);
  CHECK(all.totals.lower == 6);
  CHECK(all.hits.size() == 6);

  // A page further on is a page of the collapsed list.
  r.collapse = true;
  r.offset = 1;
  r.limit = 1;
  CHECK(Ids(FindIn(DuplicatesDb(), r)) == std::vector<std::string>{"k1.txt"});
}

TEST_CASE("collapsing changes no facet, timeline or count") {
  SearchRequest r;
  r.query = "wheat";
  r.facets = true;
  r.timeline = true;
  r.exact_total = true;
  const SearchResult collapsed = FindIn(DuplicatesDb(), r);
  r.collapse = false;
  const SearchResult all = FindIn(DuplicatesDb(), r);
  CHECK(collapsed.hits.size() == 2);
  CHECK(all.hits.size() == 4);
  CHECK(collapsed.totals.lower == all.totals.lower);
  REQUIRE(collapsed.facets.has_value());
  REQUIRE(collapsed.timeline.has_value());
  const auto counts = [](const std::vector<FacetValue>& values) {
    std::vector<std::pair<std::string, uint64_t>> out;
    for (const FacetValue& v : values) out.emplace_back(v.key, v.count);
    return out;
  };
  CHECK(counts(collapsed.facets->months) == counts(all.facets->months));
  CHECK(counts(collapsed.facets->months) ==
        std::vector<std::pair<std::string, uint64_t>>{{"1987-03", 3},
                                                      {"1987-04", 1}});
  uint64_t in_timeline = 0;
  for (const TimelineBucket& b : collapsed.timeline->buckets)
    in_timeline += b.count;
  CHECK(in_timeline == 4);
}

TEST_CASE("--similar-to lists an article's group, or the article alone") {
  SearchRequest r;
  r.similar_to = "w2.txt";
  r.sort = SortOrder::kOldest;
  CHECK(Ids(FindIn(DuplicatesDb(), r)) ==
        std::vector<std::string>{"w1.txt", "w2.txt", "w3.txt"});
  // With a query and filters, the group's articles that match them.
  r.query = "wheat";
  r.since = "1987-03-03";
  CHECK(Ids(FindIn(DuplicatesDb(), r)) ==
        std::vector<std::string>{"w2.txt", "w3.txt"});
  SearchRequest alone;
  alone.similar_to = "alone.txt";
  CHECK(Ids(FindIn(DuplicatesDb(), alone)) ==
        std::vector<std::string>{"alone.txt"});
  alone.similar_to = "missing.txt";
  try {
    (void)FindIn(DuplicatesDb(), alone);
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::kQuery);
    CHECK(std::string(e.what()).find("'missing.txt'") != std::string::npos);
  }
}

}  // namespace
}  // namespace gazette
