// End-to-end tests: the real indexer and searcher binaries, run as a user
// or a script would run them.
#include <doctest/doctest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>

#include "tests/e2e/e2e_support.h"

namespace gazette {
namespace {

using nlohmann::json;
using testing::FixtureDb;
using testing::Indexer;
using testing::kIndexer;
using testing::kSearcher;
using testing::kSeedId;
using testing::kSource;
using testing::Run;
using testing::RunResult;
using testing::Searcher;
using testing::SearchJson;
using testing::SeedDb;
using testing::TempDir;

std::set<std::string> HighlightedWords(const json& hit) {
  std::set<std::string> words;
  const std::string snippet = hit["snippet"];
  for (const auto& range : hit["highlights"]) {
    const size_t b = range[0], e = range[1];
    std::string w = snippet.substr(b, e - b);
    for (char& c : w)
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    words.insert(w);
  }
  return words;
}

TEST_CASE(
    "quick start: the seed article ranks first with Golan and talks "
    "highlighted") {
  const json r = SearchJson({"--db", SeedDb(), "Golan talks"});
  REQUIRE(r["hits"].size() >= 1);
  const json& hit = r["hits"][0];
  CHECK(hit["id"] == kSeedId);
  CHECK(hit["date"] == "2025-05-28");
  CHECK(hit["path"] ==
        std::filesystem::canonical(kSource + "/corpus").string() + "/" +
            kSeedId);
  const auto words = HighlightedWords(hit);
  CHECK(words.count("golan") == 1);
  CHECK(words.count("talks") == 1);
}

TEST_CASE("--plain takes a question as plain text, with or without feedback") {
  for (const char* expand : {"--expand", "--no-expand"}) {
    CAPTURE(expand);
    // Capitals, punctuation and "OR" are no syntax: every word is stemmed
    // and any may match; the article with both words ranks first.
    const json r = SearchJson({"--db", FixtureDb(), "--plain", expand,
                               "WHAT ABOUT GOLAN OR TALKING?"});
    REQUIRE(r["hits"].size() == 3);
    CHECK(r["hits"][0]["id"] == "2024/golan.txt");
    CHECK(HighlightedWords(r["hits"][0]) ==
          std::set<std::string>{"golan", "talks"});
  }
  const RunResult both =
      Searcher({"--db", FixtureDb(), "--expand", "--no-expand", "talks"});
  CHECK(both.exit_code == 2);
  CHECK(both.err.find("--expand and --no-expand") != std::string::npos);
}

TEST_CASE("--plain ranks U.S. stories first for a question about the U.S.") {
  TempDir dir;
  // Two stories that say "trade deficit" more often, and one about the
  // United States that says it once.
  testing::WriteFile(dir / "corpus/france.txt",
                     "date: 1987-03-02\nFrance's trade deficit narrowed. The "
                     "trade deficit was smaller than the trade deficit of "
                     "January.\n");
  testing::WriteFile(dir / "corpus/peru.txt",
                     "date: 1987-03-03\nPeru had its first trade deficit in "
                     "four years, a trade deficit of 20 mln dlrs.\n");
  testing::WriteFile(dir / "corpus/us.txt",
                     "date: 1987-03-04\nThe U.S. trade deficit widened in "
                     "January, U.S. officials said.\n");
  REQUIRE(testing::Indexer({"build", dir / "corpus", "--db", dir / "db"})
              .exit_code == 0);
  const json r = SearchJson(
      {"--db", dir / "db", "--plain", "--no-expand", "U.S. trade deficit"});
  REQUIRE(r["hits"].size() == 3);
  CHECK(r["hits"][0]["id"] == "us.txt");
}

TEST_CASE("every exit code, with a message naming what was wrong") {
  TempDir dir;
  testing::WriteFile(dir / "bad/ok.txt", "date 2025-01-01 Fine.");
  testing::WriteFile(dir / "bad/bin.txt", std::string("\0\1\2", 3));
  // A corpus directory with no article in it (a mistyped path, say).
  testing::WriteFile(dir / "no-articles/notes.pdf", "%PDF");
  struct Case {
    std::vector<std::string> argv;
    int code;
    const char* stderr_part;
    std::string input = "";
  };
  const std::string db = SeedDb();
  const Case cases[] = {
      {{kSearcher, "--db", db, "Golan talks"}, 0, ""},
      {{kSearcher, "--db", db, "zzyzx"}, 1, ""},
      {{kSearcher, "--db", db, "--sort", "sideways", "x"},
       2,
       "unknown --sort 'sideways'"},
      {{kSearcher, "--db", db, "--format", "jsn", "x"},
       2,
       "unknown --format 'jsn'"},
      {{kSearcher, "--db", db, "--since", "2025-13", "x"},
       2,
       "bad date '2025-13'"},
      {{kSearcher, "--db", db, "date:2026..2025"}, 2, "ends before it starts"},
      {{kSearcher, "--db", db}, 2, "empty query"},
      {{kSearcher, "--db", db, "--limit", "many", "x"}, 2, "limit"},
      {{kSearcher, "--db", db, "--facets", "--facet-sample", "999", "x"},
       2,
       "--facet-sample must be 0 or from 1000 to 100000000, got 999"},
      // The index holds one article: nothing is like it but itself.
      {{kSearcher, "--db", db, "--like", testing::kSeedId}, 1, ""},
      {{kSearcher, "--db", db, "--like", "nosuch.txt"},
       2,
       "no article with id 'nosuch.txt' for --like"},
      {{kSearcher, "--db", db, "--within-days", "3", "x"},
       2,
       "--within-days does nothing without --like"},
      {{kSearcher, "--db", db, "--like", "a", "--related-by-entities", "a"},
       2,
       "give one of them"},
      {{kSearcher, "--db", db, "--batch", "--like", testing::kSeedId},
       2,
       "give each request a \"like\" field"},
      {{kSearcher, "--db", dir / "nothing", "x"}, 3, "indexer build"},
      {{kSearcher, "--db", db, "--format-version", "2", "x"},
       4,
       "cannot write format version 2 (this searcher writes versions: 1)"},
      {{kSearcher, "--db", db, "--batch"}, 0, "", "golan\nzzyzx\n"},
      {{kSearcher, "--db", db, "--batch"},
       2,
       "1 of 2 requests got an error object",
       "golan\n{\"limit\": -1}\n"},
      {{kSearcher, "--db", db, "--batch", "golan"}, 2, "give no QUERY"},
      {{kSearcher, "--db", db, "--batch", "--format", "tsv"},
       2,
       "leave out --format"},
      {{kSearcher, "--db", db, "--format", "json", "-0", "x"},
       2,
       "--null does nothing with --format json (it is for --format paths)"},
      {{kSearcher, "--db", db, "--count", "--format", "json", "x"},
       2,
       "--format does nothing with --count"},
      {{kSearcher, "--db", db, "--highlight", "loud", "x"},
       2,
       "unknown --highlight 'loud'"},
      {{kSearcher, "--db", db, "--complete-name", "place:gol"}, 0, ""},
      {{kSearcher, "--db", db, "--complete-name", "place:zzyzx"}, 1, ""},
      {{kSearcher, "--db", db, "--complete-name", "town:gol"},
       2,
       "got 'town:gol'"},
      {{kSearcher, "--db", db, "--complete-name", "golan"},
       2,
       "TYPE one of person, place, org, group"},
      {{kSearcher, "--db", db, "--complete-name", "place:g", "talks"},
       2,
       "give no QUERY"},
      {{kSearcher, "--db", db, "--complete-name", "place:g", "--format",
        "json"},
       2,
       "--format does nothing with --complete-name"},
      {{kSearcher, "--db", dir / "nothing", "--complete-name", "place:g"},
       3,
       "indexer build"},
      {{kSearcher, "--db", dir / "nothing", "--batch"},
       3,
       "indexer build",
       "golan\n"},
      {{kIndexer, "build", dir / "nope", "--db", dir / "db1"}, 2, "nope"},
      {{kIndexer, "frobnicate"}, 2, "unknown command 'frobnicate'"},
      {{kIndexer}, 2, "missing command"},
      {{kIndexer, "build", dir / "bad", "--db", dir / "db2"},
       1,
       "bin.txt: binary"},
      {{kIndexer, "stats", "--db", dir / "nothing"}, 3, "indexer build"},
      {{kIndexer, "build", dir / "no-articles", "--db", dir / "db3"},
       1,
       "no-articles: holds no article (no *.txt or *.jsonl file); 1 other "
       "file ignored"},
  };
  for (const Case& c : cases) {
    const RunResult r = Run(c.argv, c.input);
    CAPTURE(c.argv.back());
    CAPTURE(c.input);
    CAPTURE(r.err);
    CHECK(r.exit_code == c.code);
    CHECK(r.err.find(c.stderr_part) != std::string::npos);
    if (c.code >= 2) {
      // One line, naming the program.
      CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
      CHECK((r.err.rfind("searcher: ", 0) == 0 ||
             r.err.rfind("indexer: ", 0) == 0));
    }
  }
}

TEST_CASE("the index location is --db, else $GAZETTE_DB, else ./gazette.db") {
  const RunResult from_env = Searcher({"Golan"}, {{"GAZETTE_DB", SeedDb()}});
  CHECK(from_env.exit_code == 0);
  TempDir cwd;
  const RunResult missing =
      Run({"/bin/sh", "-c",
           "cd '" + cwd.path() + "' && exec '" + kSearcher + "' Golan"},
          "", {{"GAZETTE_DB", ""}});
  CHECK(missing.exit_code == 3);
  CHECK(missing.err.find("./gazette.db") != std::string::npos);
}

TEST_CASE("filters, ranges and sort orders from the command line") {
  const auto ids = [](const json& r) {
    std::vector<std::string> out;
    for (const auto& h : r["hits"]) out.push_back(h["id"]);
    return out;
  };
  const std::string db = FixtureDb();
  CHECK(ids(SearchJson({"--db", db, "--person", "al-sharaa"})) ==
        std::vector<std::string>{"2025/talks.txt"});
  CHECK(ids(SearchJson({"--db", db, "date:2025-06..", "--sort", "oldest"})) ==
        std::vector<std::string>{"2025/economy.txt", "2025/sport.txt"});
  CHECK(ids(SearchJson(
            {"--db", db, "the", "--until", "2025-05", "--sort", "newest"})) ==
        std::vector<std::string>{"2025/talks.txt", "2024/golan.txt"});
  CHECK(ids(SearchJson({"--db", db, "talks", "--org", "state department"})) ==
        std::vector<std::string>{"2024/golan.txt"});
  const json paged =
      SearchJson({"--db", db, "the", "-n", "1", "--offset", "1", "--exact"});
  CHECK(paged["hits"].size() == 1);
  CHECK(paged["hits"][0]["rank"] == 2);
  CHECK(paged["total"]["exact"] == true);
}

TEST_CASE(
    "a second build after edits, additions and deletions has exactly the right "
    "articles") {
  TempDir dir;
  const std::string corpus = dir / "corpus";
  const std::string db = dir / "db";
  testing::WriteFixtureCorpus(corpus);
  REQUIRE(Indexer({"build", corpus, "--db", db}).exit_code == 0);

  testing::WriteFile(corpus + "/2025/sport.txt",
                     "date: 2025-06-15\nThe cricket final.\n");
  std::filesystem::remove(corpus + "/2025/economy.txt");
  testing::WriteFile(corpus + "/2026/new.txt",
                     "date: 2026-01-01\nA brand new cricket story.\n");
  const RunResult second = Indexer({"build", corpus, "--db", db});
  CHECK(second.exit_code == 0);
  CHECK(second.out.find("1 new, 1 updated, 1 removed, 3 unchanged") !=
        std::string::npos);

  const json stats =
      json::parse(Indexer({"stats", "--db", db, "--format", "json"}).out);
  CHECK(stats["articles"] == 5);
  const json cricket = SearchJson({"--db", db, "cricket", "--sort", "oldest"});
  REQUIRE(cricket["hits"].size() == 2);
  CHECK(cricket["hits"][0]["id"] == "2025/sport.txt");
  CHECK(cricket["hits"][1]["id"] == "2026/new.txt");
  CHECK(SearchJson({"--db", db, "football"})["hits"].empty());
  CHECK(SearchJson({"--db", db, "inflation"})["hits"].empty());
}

TEST_CASE("stats reports count, date range and top entities") {
  const RunResult r =
      Indexer({"stats", "--db", FixtureDb(), "--format", "json"});
  REQUIRE(r.exit_code == 0);
  const json s = json::parse(r.out);
  CHECK(s["articles"] == 5);
  CHECK(s["undated"] == 1);
  CHECK(s["first_date"] == "2024-03-10");
  CHECK(s["last_date"] == "2025-06-15");
  CHECK(s["bytes"].get<uint64_t>() > 0);
  CHECK(s["top"]["person"][0]["value"] == "Donald Trump");
  CHECK(s["top"]["person"][0]["count"] == 2);
}

TEST_CASE("--help and --version answer on stdout and exit 0") {
  for (const std::string& bin : {kIndexer, kSearcher}) {
    const RunResult help = Run({bin, "--help"});
    CHECK(help.exit_code == 0);
    CHECK(help.out.find("Usage: ") == 0);
    CHECK(help.out.find("Exit codes:") != std::string::npos);
    const RunResult version = Run({bin, "--version"});
    CHECK(version.exit_code == 0);
    CHECK(version.out.find("(Gazette) ") != std::string::npos);
  }
}

TEST_CASE("the README shows each binary's --help exactly as it prints") {
  const std::string readme = testing::ReadFile(kSource + "/README.md");
  for (const std::string& bin : {kIndexer, kSearcher}) {
    const std::string help = Run({bin, "--help"}).out;
    CAPTURE(bin);
    CHECK(readme.find(help) != std::string::npos);
  }
}

}  // namespace
}  // namespace gazette
