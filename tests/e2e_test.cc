// End-to-end tests: the real indexer and searcher binaries, run as a user
// or a script would run them.
#include <doctest/doctest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>

#include "tests/test_support.h"

namespace gazette {
namespace {

using nlohmann::json;
using testing::Run;
using testing::RunResult;
using testing::TempDir;

const std::string kIndexer = GAZETTE_INDEXER;
const std::string kSearcher = GAZETTE_SEARCHER;
const std::string kSource = GAZETTE_SOURCE_DIR;
const std::string kSeedId = "000_c9a4adc938a6129f.txt";

RunResult Indexer(const std::vector<std::string>& args,
                  const std::map<std::string, std::string>& env = {}) {
  std::vector<std::string> argv = {kIndexer};
  argv.insert(argv.end(), args.begin(), args.end());
  return Run(argv, "", env);
}

RunResult Searcher(const std::vector<std::string>& args,
                   const std::map<std::string, std::string>& env = {}) {
  std::vector<std::string> argv = {kSearcher};
  argv.insert(argv.end(), args.begin(), args.end());
  return Run(argv, "", env);
}

// Builds an index of the project's corpus/ once.
const std::string& SeedDb() {
  static TempDir dir;
  static const std::string db = [] {
    const RunResult r =
        Indexer({"build", kSource + "/corpus", "--db", dir / "db"});
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    return dir / "db";
  }();
  return db;
}

// Builds an index of the shared fixture corpus once.
const std::string& FixtureDb() {
  static TempDir dir;
  static const std::string db = [] {
    testing::WriteFixtureCorpus(dir / "corpus");
    const RunResult r = Indexer({"build", dir / "corpus", "--db", dir / "db"});
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    return dir / "db";
  }();
  return db;
}

json SearchJson(const std::vector<std::string>& args) {
  std::vector<std::string> all = args;
  all.insert(all.end(), {"--format", "json"});
  const RunResult r = Searcher(all);
  CAPTURE(r.err);
  REQUIRE(r.exit_code <= 1);
  return json::parse(r.out);
}

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

TEST_CASE("text output is plain when piped and bold with --color always") {
  const RunResult piped = Searcher({"--db", SeedDb(), "Golan talks"});
  CHECK(piped.exit_code == 0);
  CHECK(piped.out.find(kSeedId) != std::string::npos);
  CHECK(piped.out.find("2025-05-28") != std::string::npos);
  CHECK(piped.out.find('\x1b') == std::string::npos);
  const RunResult colored =
      Searcher({"--db", SeedDb(), "--color", "always", "Golan talks"});
  CHECK(colored.out.find("\x1b[1mGolan\x1b[0m") != std::string::npos);
  CHECK(colored.out.find("\x1b[1mtalks\x1b[0m") != std::string::npos);
}

TEST_CASE("every exit code, with a message naming what was wrong") {
  TempDir dir;
  testing::WriteFile(dir / "bad/ok.txt", "date 2025-01-01 Fine.");
  testing::WriteFile(dir / "bad/bin.txt", std::string("\0\1\2", 3));
  struct Case {
    std::vector<std::string> argv;
    int code;
    const char* stderr_part;
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
      {{kSearcher, "--db", dir / "nothing", "x"}, 3, "indexer build"},
      {{kIndexer, "build", dir / "nope", "--db", dir / "db1"}, 2, "nope"},
      {{kIndexer, "frobnicate"}, 2, "unknown command 'frobnicate'"},
      {{kIndexer}, 2, "missing command"},
      {{kIndexer, "build", dir / "bad", "--db", dir / "db2"},
       1,
       "bin.txt: binary"},
      {{kIndexer, "stats", "--db", dir / "nothing"}, 3, "indexer build"},
  };
  for (const Case& c : cases) {
    const RunResult r = Run(c.argv);
    CAPTURE(c.argv.back());
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

TEST_CASE("json output carries the documented fields with their types") {
  const json r = SearchJson({"--db", FixtureDb(), "--facets", "talks"});
  CHECK(r["format_version"] == 1);
  CHECK(r["query"] == "talks");
  CHECK(r["offset"].is_number_unsigned());
  CHECK(r["limit"] == 10);
  CHECK(r["sort"] == "relevance");
  for (const char* key : {"estimated", "lower", "upper"})
    CHECK(r["total"][key].is_number());
  CHECK(r["total"]["exact"].is_boolean());
  CHECK(r["seconds"].is_number());
  REQUIRE(r["hits"].size() == 3);
  for (const json& hit : r["hits"]) {
    CHECK(hit["rank"].is_number_unsigned());
    CHECK(hit["id"].is_string());
    CHECK(hit["path"].is_string());
    CHECK(hit["title"].is_string());
    CHECK((hit["date"].is_string() || hit["date"].is_null()));
    CHECK(hit["score"].is_number());
    CHECK(hit["snippet"].is_string());
    CHECK(hit["highlights"].is_array());
    CHECK(hit["entities"].is_array());
  }
  const json& f = r["facets"];
  CHECK(f["exact"] == true);
  for (const char* key : {"person", "place", "org", "group", "year", "month"}) {
    CAPTURE(key);
    CHECK(f[key].is_array());
  }
  CHECK(f["year"] ==
        json::parse(
            R"([{"value":"2024","count":1},{"value":"2025","count":1}])"));
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

TEST_CASE("a closed pipe ends the searcher quietly") {
  const RunResult r = Run({"/bin/sh", "-c",
                           "'" + kSearcher + "' --db '" + FixtureDb() +
                               "' -n 100 the | head -c 1 >/dev/null"});
  CHECK(r.exit_code == 0);
  CHECK(r.err.empty());
}

}  // namespace
}  // namespace gazette
