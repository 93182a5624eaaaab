// End-to-end tests of what scripts read: every output format parsed and
// checked against docs/json-format.md, --format-version, highlighting,
// exit codes, and output that cannot be written.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/exit_code.h"
#include "common/batch/batch_request.h"
#include "common/index/schema.h"
#include "gazette/printers.h"
#include "gazette/searcher.h"
#include "tests/e2e/e2e_support.h"
#include "tests/support/format_spec.h"
#include "tests/support/index_dump.h"
#include "tests/support/piped_process.h"

namespace gazette {
namespace {

// Indexes dir/corpus into dir/db with the indexer, requiring it to succeed;
// returns dir/db.
std::string BuildCorpusIn(const testing::TempDir& dir) {
  const testing::RunResult r =
      testing::Indexer({"build", dir / "corpus", "--db", dir / "db"});
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  return dir / "db";
}

using nlohmann::json;
using testing::FieldTable;
using testing::FixtureDb;
using testing::kIndexer;
using testing::kSearcher;
using testing::kSource;
using testing::Run;
using testing::RunResult;
using testing::Searcher;
using testing::SpecViolations;
using testing::TempDir;

const std::map<std::string, FieldTable>& Spec() {
  static const auto spec =
      testing::ReadFormatSpec(kSource + "/docs/json-format.md");
  return spec;
}

const FieldTable& Table(const std::string& name) {
  const auto it = Spec().find(name);
  REQUIRE_MESSAGE(it != Spec().end(),
                  "docs/json-format.md has no table '" << name << "'");
  return it->second;
}

// Fails the test with each way `object` departs from the table.
void CheckConforms(const json& object, const FieldTable& table,
                   const std::string& what) {
  for (const std::string& problem : SpecViolations(object, table)) {
    FAIL_CHECK(what << ": " << problem);
  }
}

void CheckHit(const json& hit, const FieldTable& table) {
  CheckConforms(hit, table, "hit");
  for (const json& e : hit["entities"])
    CheckConforms(e, Table("entity"), "entity");
  const std::string snippet = hit["snippet"];
  size_t last_end = 0;
  for (const json& range : hit["highlights"]) {
    REQUIRE(range.size() == 2);
    const size_t begin = range[0], end = range[1];
    CHECK(begin >= last_end);
    CHECK(begin < end);
    CHECK(end <= snippet.size());
    last_end = end;
  }
}

void CheckResult(const json& r, const FieldTable& result_table) {
  CheckConforms(r, result_table, "result");
  CHECK(r["type"] == "result");
  CHECK(r["format_version"] == 1);
  CheckConforms(r["total"], Table("total"), "total");
  for (const json& hit : r["hits"]) CheckHit(hit, Table("hit"));
  if (!r.contains("facets")) return;
  const json& f = r["facets"];
  CheckConforms(f, Table("facets"), "facets");
  for (const char* entity : {"person", "place", "org", "group"}) {
    for (const json& v : f[entity]) {
      CheckConforms(v, Table("facet value"), "facet value");
      CHECK(v.contains("key"));
    }
  }
  for (const char* date : {"year", "month"}) {
    for (const json& v : f[date]) {
      CheckConforms(v, Table("facet value"), "facet value");
      CHECK(!v.contains("key"));
    }
  }
}

std::vector<std::string> Lines(const std::string& text, char end = '\n') {
  std::vector<std::string> lines;
  std::string line;
  std::istringstream in(text);
  while (std::getline(in, line, end)) lines.push_back(line);
  return lines;
}

std::vector<std::string> Split(const std::string& line, char sep) {
  std::vector<std::string> cells;
  std::string cell;
  std::istringstream in(line);
  while (std::getline(in, cell, sep)) cells.push_back(cell);
  if (!line.empty() && line.back() == sep) cells.push_back("");
  return cells;
}

// Undoes the TSV escaping the document specifies.
std::string Unescape(const std::string& field) {
  std::string out;
  for (size_t i = 0; i < field.size(); ++i) {
    if (field[i] != '\\' || i + 1 == field.size()) {
      out += field[i];
      continue;
    }
    const char c = field[++i];
    if (c == 'x' && i + 2 < field.size()) {
      out += static_cast<char>(std::stoi(field.substr(i + 1, 2), nullptr, 16));
      i += 2;
      continue;
    }
    out += c == 't' ? '\t' : c == 'n' ? '\n' : c == 'r' ? '\r' : c;
  }
  return out;
}

RunResult Search(const std::string& db, std::vector<std::string> args) {
  args.insert(args.begin(), {"--db", db});
  return Searcher(args);
}

// An index whose file names hold a tab and a newline, as real archives do.
const std::string& OddNamesDb() {
  static TempDir dir;
  static const std::string db = [] {
    testing::WriteFile(dir / "corpus/tab\there.txt",
                       "date: 2025-01-02\ntitle: Zebra\tcrossing\n\n"
                       "A zebra crossed the road.\n");
    testing::WriteFile(dir / "corpus/new\nline.txt",
                       "date: 2025-01-03\nAnother zebra, in the zoo.\n");
    return BuildCorpusIn(dir);
  }();
  return db;
}

TEST_CASE("json output has exactly the documented fields, with their types") {
  const testing::RunResult r =
      Search(FixtureDb(), {"--format", "json", "--facets", "talks"});
  REQUIRE(r.exit_code == 0);
  const json result = json::parse(r.out);
  CheckResult(result, Table("result"));
  CHECK(result["hits"].size() == 3);
  CHECK(result["facets"]["exact"] == true);
  CHECK(result["total"]["exact"] == true);
  // Dates may be null, and filters alone score 0, as documented.
  const json undated =
      json::parse(Search(FixtureDb(), {"--format", "json", "Talking"}).out);
  CheckResult(undated, Table("result"));
  REQUIRE(undated["hits"].size() == 1);
  CHECK(undated["hits"][0]["date"].is_null());
  const json filtered = json::parse(
      Search(FixtureDb(), {"--format", "json", "--person", "donald trump"})
          .out);
  CheckResult(filtered, Table("result"));
  REQUIRE(filtered["hits"].size() == 2);
  CHECK(filtered["hits"][0]["score"] == 0);
}

TEST_CASE("jsonl output is hit lines then one summary, each as documented") {
  const std::string db = FixtureDb();
  const json whole =
      json::parse(Search(db, {"--format", "json", "--facets", "talks"}).out);
  const RunResult r = Search(db, {"--format", "jsonl", "--facets", "talks"});
  REQUIRE(r.exit_code == 0);
  const auto lines = Lines(r.out);
  REQUIRE(lines.size() == whole["hits"].size() + 1);
  const FieldTable hit_line = testing::Join({Table("hit line"), Table("hit")});
  for (size_t i = 0; i + 1 < lines.size(); ++i) {
    const json hit = json::parse(lines[i]);
    CHECK(hit["type"] == "hit");
    CheckHit(hit, hit_line);
    CHECK(hit["id"] == whole["hits"][i]["id"]);
    CHECK(hit["rank"] == i + 1);
  }
  const json summary = json::parse(lines.back());
  CHECK(summary["type"] == "summary");
  const FieldTable summary_table =
      testing::Join({Table("summary line"),
                     testing::Without(Table("result"), {"type", "hits"})});
  CheckConforms(summary, summary_table, "summary");
  CHECK(summary["shown"] == lines.size() - 1);
  CHECK(summary["total"] == whole["total"]);
  CHECK(summary["facets"] == whole["facets"]);
}

TEST_CASE("tsv output has the documented columns, escaped to one line a hit") {
  for (const std::string& db : {FixtureDb(), OddNamesDb()}) {
    const std::string query = db == FixtureDb() ? "talks" : "zebra";
    const json whole = json::parse(Search(db, {"--format", "json", query}).out);
    const RunResult r = Search(db, {"--format", "tsv", query});
    REQUIRE(r.exit_code == 0);
    const auto lines = Lines(r.out);
    REQUIRE(lines.size() == whole["hits"].size() + 1);
    const FieldTable& columns = Table("tsv");
    std::vector<std::string> names;
    for (const auto& c : columns) names.push_back(c.name);
    CHECK(Split(lines[0], '\t') == names);
    for (size_t i = 1; i < lines.size(); ++i) {
      const auto cells = Split(lines[i], '\t');
      REQUIRE(cells.size() == columns.size());
      const json& hit = whole["hits"][i - 1];
      for (size_t c = 0; c < columns.size(); ++c) {
        const std::string& name = columns[c].name;
        CAPTURE(name);
        const std::string value = Unescape(cells[c]);
        if (name == "rank") {
          CHECK(std::stoul(value) == hit["rank"].get<size_t>());
        } else if (name == "score") {
          CHECK(std::stod(value) ==
                doctest::Approx(hit["score"].get<double>()));
        } else if (name == "date" || name == "source" || name == "url") {
          // Empty for JSON's null.
          CHECK(value == (hit[name].is_null() ? "" : hit[name]));
        } else {
          CHECK(value == hit[name]);
        }
      }
    }
  }
}

TEST_CASE("tsv output escapes every control character, as text output does") {
  TempDir dir;
  // An escape sequence in the title and the file name, a BEL and a C1 CSI
  // in the body: none may reach a terminal raw.
  testing::WriteFile(dir / "corpus/bell\x07.txt",
                     "date: 2025-01-02\ntitle: \x1b[31mRed\x1b[0m alert\n\n"
                     "The alarm rang\x07 twice \xc2\x9b"
                     "2J over the zebra.\n");
  REQUIRE(testing::Indexer({"build", dir / "corpus", "--db", dir / "db"})
              .exit_code == 0);
  const RunResult r = Search(dir / "db", {"--format", "tsv", "zebra"});
  REQUIRE(r.exit_code == 0);
  for (size_t i = 0; i < r.out.size(); ++i) {
    const auto byte = static_cast<unsigned char>(r.out[i]);
    CAPTURE(i);
    CHECK((byte >= 0x20 || byte == '\t' || byte == '\n'));
    CHECK(byte != 0x7f);
    if (byte == 0xc2 && i + 1 < r.out.size()) {
      CHECK(static_cast<unsigned char>(r.out[i + 1]) >= 0xa0);
    }
  }
  const auto lines = Lines(r.out);
  REQUIRE(lines.size() == 2);
  const auto cells = Split(lines[1], '\t');
  REQUIRE(cells.size() == Table("tsv").size());
  const json hit = json::parse(
      Search(dir / "db", {"--format", "json", "zebra"}).out)["hits"][0];
  CHECK(cells[5] == "\\x1b[31mRed\\x1b[0m alert");
  CHECK(Unescape(cells[3]) == hit["id"]);
  CHECK(Unescape(cells[4]) == hit["path"]);
  CHECK(Unescape(cells[5]) == hit["title"]);
  CHECK(Unescape(cells[6]) == hit["snippet"]);
  CHECK(cells[6].find("\\x07") != std::string::npos);
  CHECK(cells[6].find("\\xc2\\x9b") != std::string::npos);
}

TEST_CASE("paths output lists the hits' files; -0 keeps odd names whole") {
  const json whole =
      json::parse(Search(OddNamesDb(), {"--format", "json", "zebra"}).out);
  REQUIRE(whole["hits"].size() == 2);
  std::vector<std::string> expected;
  for (const json& hit : whole["hits"]) expected.push_back(hit["path"]);

  const RunResult nul =
      Search(OddNamesDb(), {"--format", "paths", "-0", "zebra"});
  REQUIRE(nul.exit_code == 0);
  REQUIRE(!nul.out.empty());
  CHECK(nul.out.back() == '\0');
  const auto paths = Lines(nul.out, '\0');
  CHECK(paths == expected);
  for (const auto& p : paths) CHECK(std::filesystem::exists(p));

  const RunResult plain = Search(FixtureDb(), {"--format", "paths", "talks"});
  for (const auto& p : Lines(plain.out)) {
    CHECK(std::filesystem::path(p).is_absolute());
    CHECK(std::filesystem::exists(p));
  }
  CHECK(Lines(plain.out).size() == 3);
}

TEST_CASE("an article from a JSON Lines file has that file as its path") {
  TempDir dir;
  testing::WriteFile(
      dir / "corpus/2025/feed.jsonl",
      R"({"id": "a7", "date": "2025-05-28", "body": "Okapi seen."})"
      "\n"
      R"({"id": "b2", "date": "2025-05-29", "body": "Okapi again."})"
      "\n");
  REQUIRE(testing::Indexer({"build", dir / "corpus", "--db", dir / "db"})
              .exit_code == 0);
  const std::string file =
      std::filesystem::canonical(dir / "corpus/2025/feed.jsonl").string();
  const json r = json::parse(
      Search(dir / "db", {"--format", "json", "--sort", "oldest", "okapi"})
          .out);
  REQUIRE(r["hits"].size() == 2);
  CHECK(r["hits"][0]["id"] == "2025/feed.jsonl#a7");
  CHECK(r["hits"][0]["path"] == file);
  CHECK(r["hits"][1]["path"] == file);
  // Each file once, for xargs: not once per article it holds.
  CHECK(Search(dir / "db", {"--format", "paths", "okapi"}).out == file + "\n");
}

TEST_CASE("each hit's source and url come back, and source: finds them") {
  TempDir dir;
  testing::WriteFile(dir / "corpus/a.txt",
                     "date: 2025-05-28\nsource: Agence France-Presse\n"
                     "url: https://example.org/a\n\nOkapi seen.\n");
  testing::WriteFile(dir / "corpus/b.txt",
                     "source: Reuters\n\nOkapi again, seen twice.\n");
  testing::WriteFile(dir / "corpus/c.txt", "Okapi with no source.\n");
  testing::WriteFile(
      dir / "corpus/feed.jsonl",
      R"({"id": "d", "source": "Reuters", "url": "https://example.org/d",)"
      R"( "body": "Okapi in a feed."})"
      "\n");
  REQUIRE(testing::Indexer({"build", dir / "corpus", "--db", dir / "db"})
              .exit_code == 0);
  const json r = json::parse(
      Search(dir / "db", {"--format", "json", "--sort", "oldest", "okapi"})
          .out);
  std::map<std::string, std::pair<json, json>> by_id;
  for (const json& hit : r["hits"])
    by_id[hit["id"]] = {hit["source"], hit["url"]};
  CHECK(by_id["a.txt"] ==
        std::pair<json, json>{"Agence France-Presse", "https://example.org/a"});
  CHECK(by_id["b.txt"] == std::pair<json, json>{"Reuters", nullptr});
  CHECK(by_id["c.txt"] == std::pair<json, json>{nullptr, nullptr});
  CHECK(by_id["feed.jsonl#d"] ==
        std::pair<json, json>{"Reuters", "https://example.org/d"});
  const auto count = [&](const std::vector<std::string>& args) {
    std::vector<std::string> argv = {"--count"};
    argv.insert(argv.end(), args.begin(), args.end());
    return Search(dir / "db", argv).out;
  };
  // As printed, in any case, by the query syntax or the option.
  CHECK(count({"source:reuters"}) == "2\n");
  CHECK(count({"source:\"AGENCE France-Presse\" okapi"}) == "1\n");
  CHECK(count({"--source", "Reuters", "twice"}) == "1\n");
  CHECK(count({"--source", "Reuters", "--source", "Agence France-Presse",
               "okapi"}) == "3\n");
  CHECK(count({"--source", "AP", "okapi"}) == "0\n");
  // TSV gives them as its last two columns.
  const std::string tsv =
      Search(dir / "db", {"--format", "tsv", "source:\"agence france-presse\""})
          .out;
  CHECK(tsv.find("\tAgence France-Presse\thttps://example.org/a\n") !=
        std::string::npos);
}

TEST_CASE("--count prints the exact number of matches and exits 1 for none") {
  const std::string db = FixtureDb();
  const json whole =
      json::parse(Search(db, {"--format", "json", "--exact", "the"}).out);
  const RunResult r = Search(db, {"--count", "the"});
  CHECK(r.exit_code == 0);
  CHECK(r.out ==
        std::to_string(whole["total"]["lower"].get<uint64_t>()) + "\n");
  CHECK(whole["total"]["exact"] == true);
  const RunResult none = Search(db, {"--count", "zzyzx"});
  CHECK(none.exit_code == 1);
  CHECK(none.out == "0\n");
}

TEST_CASE(
    "totals are counted exactly up to the bound, whatever the page size, and "
    "say \"at least\" above it") {
  TempDir dir;
  // Enough articles for Xapian to stop looking early on an OR query: with
  // only a page's worth looked at, its estimate was 1 for -n 0.
  for (int i = 0; i < 600; ++i) {
    std::string body = "alpha story " + std::to_string(i);
    if (i % 3 == 0) body += " beta";
    if (i % 7 == 0) body += " gamma gamma gamma";
    testing::WriteFile(dir / ("corpus/" + std::to_string(i) + ".txt"),
                       "date: 2025-01-01\n" + body + "\n");
  }
  REQUIRE(testing::Indexer({"build", dir / "corpus", "--db", dir / "db"})
              .exit_code == 0);
  // beta: every third article; gamma: every seventh; both: every 21st.
  const std::string query = "beta OR gamma";
  const RunResult count = Search(dir / "db", {"--count", query});
  CHECK(count.exit_code == 0);
  CHECK(count.out == "257\n");
  for (const char* limit : {"0", "1", "10", "300"}) {
    CAPTURE(limit);
    const json ranked = json::parse(
        Search(dir / "db", {"--format", "json", "-n", limit, query}).out);
    CHECK(ranked["total"]["exact"] == true);
    CHECK(ranked["total"]["lower"] == 257);
    CHECK(ranked["total"]["estimated"] == 257);
    CHECK(ranked["total"]["exact_up_to"] == 10000);
    const RunResult text = Search(dir / "db", {"-n", limit, query});
    CHECK(text.out.find("257 articles matched") != std::string::npos);
  }
  const json exact = json::parse(
      Search(dir / "db", {"--format", "json", "-n", "1", "--exact", query})
          .out);
  CHECK(exact["total"]["exact"] == true);
  CHECK(exact["total"]["lower"] == 257);
  CHECK(exact["total"]["exact_up_to"].is_null());
  // Above the bound (made small here), a true lower bound, never less.
  gazette::Searcher searcher(dir / "db");
  SearchRequest request;
  request.query = query;
  request.limit = 1;
  request.count_exactly_up_to = 100;
  const SearchResult above = searcher.Search(request);
  CHECK(!above.totals.exact());
  CHECK(above.totals.lower >= 100);
  CHECK(above.totals.lower <= 257);
  CHECK(above.totals.upper >= 257);
  std::ostringstream text;
  MakeTextPrinter(text, TextStyle{})->Print(above);
  CHECK(text.str().find("at least " + std::to_string(above.totals.lower) +
                        " articles matched \"beta OR gamma\" (showing 1-1; "
                        "--exact counts them all).") != std::string::npos);
}

TEST_CASE("indexer stats json has the documented fields") {
  const testing::RunResult r =
      testing::Indexer({"stats", "--db", FixtureDb(), "--format", "json"});
  REQUIRE(r.exit_code == 0);
  const json stats = json::parse(r.out);
  CheckConforms(stats, Table("stats"), "stats");
  for (const char* type : {"person", "place", "org", "group"}) {
    CHECK(stats["top"][type].is_array());
  }
}

TEST_CASE(
    "batch request fields in the document are the ones the parser takes") {
  std::vector<std::string> documented;
  for (const auto& f : Table("request")) documented.push_back(f.name);
  std::string joined;
  for (const auto& name : documented)
    joined += (joined.empty() ? "" : ", ") + name;
  CHECK(joined == BatchRequestFieldNames());
}

TEST_CASE(
    "--format-version: the versions it writes, and a refusal for others") {
  const RunResult ok = Search(
      FixtureDb(), {"--format", "json", "--format-version", "1", "talks"});
  REQUIRE(ok.exit_code == 0);
  CHECK(json::parse(ok.out)["format_version"] == 1);
  // Refused before the index is looked at, whatever the format, with
  // nothing on stdout.
  TempDir dir;
  for (const std::string version : {"0", "2", "999", "-1"}) {
    for (const std::string format : {"json", "jsonl", "text"}) {
      CAPTURE(version);
      const RunResult r =
          Search(dir / "no-index",
                 {"--format", format, "--format-version", version, "talks"});
      CHECK(r.exit_code == ToInt(ExitCode::kFormatVersion));
      CHECK(r.out.empty());
      CHECK(r.err == "searcher: cannot write format version " + version +
                         " (this searcher writes versions: 1)\n");
    }
  }
  const RunResult batch =
      Run({kSearcher, "--db", FixtureDb(), "--batch", "--format-version", "3"},
          "talks\n");
  CHECK(batch.exit_code == ToInt(ExitCode::kFormatVersion));
  CHECK(batch.out.empty());
  const RunResult not_a_number =
      Search(FixtureDb(), {"--format-version", "one", "talks"});
  CHECK(not_a_number.exit_code == ToInt(ExitCode::kUsage));
}

TEST_CASE("text output marks query words as --highlight asks") {
  const std::string db = FixtureDb();
  struct Case {
    std::vector<std::string> args;
    std::string marked;  // how "Golan" must appear in the snippet
    bool escapes;        // any ANSI escape in the output
  };
  const Case cases[] = {
      {{}, "Golan", false},  // piped: auto means none
      {{"--highlight", "none"}, "Golan", false},
      {{"--highlight", "ansi"}, "\x1b[1mGolan\x1b[0m", true},
      {{"--highlight", "markers"}, "**Golan**", false},
      {{"--highlight-markers", "<b>", "</b>"}, "<b>Golan</b>", false},
      {{"--highlight", "markers", "--highlight-markers", "[", "]"},
       "[Golan]",
       false},
  };
  for (const Case& c : cases) {
    std::vector<std::string> args = c.args;
    args.push_back("Golan talks");
    const RunResult r = Search(db, args);
    CAPTURE(r.out);
    REQUIRE(r.exit_code == 0);
    // The snippet line: the third line of the first hit.
    const auto lines = Lines(r.out);
    REQUIRE(lines.size() > 2);
    CHECK(lines[2].find(c.marked + " ") != std::string::npos);
    CHECK((r.out.find('\x1b') != std::string::npos) == c.escapes);
  }
  // The query words after the markers are still the query.
  const testing::RunResult r =
      Search(db, {"--highlight-markers", "<", ">", "talks", "Golan"});
  CHECK(r.out.find("<Golan>") != std::string::npos);
  CHECK(r.out.find("<talks>") != std::string::npos);
}

TEST_CASE("the README's exit-code table is the code's table") {
  const std::string readme = testing::ReadFile(kSource + "/README.md");
  for (const ExitCodeDoc& row : ExitCodeTable()) {
    const auto cell = [](std::string_view meaning) {
      return meaning == "-" ? std::string(" ")
                            : " " + std::string(meaning) + " ";
    };
    const std::string line = "| " + std::to_string(row.code) + " |" +
                             cell(row.searcher) + "|" + cell(row.indexer) +
                             "|\n";
    CAPTURE(line);
    CHECK(readme.find(line) != std::string::npos);
  }
}

// stdout whose reader has gone away.
struct ClosedPipe {
  int write_end = -1;
  ClosedPipe() {
    int fds[2];
    REQUIRE(pipe2(fds, O_CLOEXEC) == 0);
    close(fds[0]);
    write_end = fds[1];
  }
  ~ClosedPipe() { close(write_end); }
};

TEST_CASE("a closed pipe ends the searcher quietly, with the search's code") {
  const std::string db = FixtureDb();
  for (const std::string format : {"text", "json", "jsonl", "paths", "tsv"}) {
    CAPTURE(format);
    ClosedPipe pipe;
    const auto r = testing::RunWithStdout(
        {kSearcher, "--db", db, "--format", format, "-n", "100", "the"},
        pipe.write_end);
    CHECK(r.exit_code == 0);
    CHECK(r.err.empty());
  }
  ClosedPipe none;
  CHECK(testing::RunWithStdout({kSearcher, "--db", db, "zzyzx"}, none.write_end)
            .exit_code == 1);
  // Batch mode stops reading when nobody reads its answers.
  std::string many;
  for (int i = 0; i < 2000; ++i) many += "the\n";
  ClosedPipe batch;
  const auto r = testing::RunWithStdout({kSearcher, "--db", db, "--batch"},
                                        batch.write_end, many);
  CHECK(r.exit_code == 0);
  CHECK(r.err.empty());
}

TEST_CASE("results that cannot be written exit 5 with a message") {
  if (!std::filesystem::exists("/dev/full")) return;
  for (const std::vector<std::string>& extra :
       {std::vector<std::string>{"the"}, std::vector<std::string>{"--batch"}}) {
    std::vector<std::string> argv = {kSearcher, "--db", FixtureDb()};
    argv.insert(argv.end(), extra.begin(), extra.end());
    const int full = open("/dev/full", O_WRONLY | O_CLOEXEC);
    REQUIRE(full >= 0);
    const auto r = testing::RunWithStdout(argv, full, "the\n");
    close(full);
    CAPTURE(extra.front());
    CHECK(r.exit_code == ToInt(ExitCode::kOutput));
    CHECK(r.err ==
          "searcher: cannot write to standard output: No space left on "
          "device\n");
  }
}

TEST_CASE(
    "both programs exit 5 when stdout cannot be written, --help and "
    "--version included; a closed pipe stays quiet") {
  if (!std::filesystem::exists("/dev/full")) return;
  TempDir dir;
  testing::WriteFixtureCorpus(dir / "corpus");
  const std::vector<std::vector<std::string>> commands = {
      {kIndexer, "stats", "--db", FixtureDb(), "--format", "text"},
      {kIndexer, "stats", "--db", FixtureDb(), "--format", "json"},
      {kIndexer, "build", dir / "corpus", "--db", dir / "db"},
      {kIndexer, "--help"},
      {kIndexer, "--version"},
      {kSearcher, "--help"},
      {kSearcher, "--version"},
      {kSearcher, "--db", FixtureDb(), "--count", "talks"},
      {kSearcher, "--db", FixtureDb(), "--complete-name", "person:d"},
  };
  for (const auto& argv : commands) {
    CAPTURE(argv[1]);
    CAPTURE(argv.back());
    const int full = open("/dev/full", O_WRONLY | O_CLOEXEC);
    REQUIRE(full >= 0);
    const auto r = testing::RunWithStdout(argv, full);
    close(full);
    CHECK(r.exit_code == ToInt(ExitCode::kOutput));
    const std::string program = argv[0] == kIndexer ? "indexer" : "searcher";
    // The last line (a build warns about the undated article first).
    const std::string message =
        program +
        ": cannot write to standard output: No space left on device\n";
    CHECK((r.err == message || r.err.ends_with("\n" + message)));
    ClosedPipe pipe;
    const auto quiet = testing::RunWithStdout(argv, pipe.write_end);
    CHECK(quiet.exit_code == 0);
    CHECK(quiet.err.find("standard output") == std::string::npos);
  }
}

// 22 articles on the Golan talks, and one on Lange, a rare name one letter
// from the commoner "large".
const std::string& SpellingDb() {
  static TempDir dir;
  static const std::string db = [] {
    for (int i = 0; i < 22; ++i) {
      testing::WriteFile(dir / ("corpus/talks" + std::to_string(i) + ".txt"),
                         "date: 2025-05-" + std::to_string(10 + i) +
                             "\n\nSyria and Israel held talks on the Golan, "
                             "a large delegation said.\n");
    }
    testing::WriteFile(dir / "corpus/lange.txt",
                       "date: 2025-06-01\n\nPrime Minister David Lange of "
                       "New Zealand met reporters.\n");
    return BuildCorpusIn(dir);
  }();
  return db;
}

TEST_CASE(
    "a misspelt query gets one did-you-mean line, and a suggestion in "
    "json and batch answers") {
  const std::string db = SpellingDb();
  const RunResult text = Search(db, {"Golan tlaks"});
  CHECK(text.exit_code == 1);  // the query itself matched nothing
  CHECK(text.out ==
        "0 articles matched \"Golan tlaks\".\n"
        "Did you mean \"Golan talks\"? (22 articles)\n");
  const json r =
      json::parse(Search(db, {"--format", "json", "Golan tlaks"}).out);
  CheckResult(r, Table("result"));
  REQUIRE(r.contains("suggestion"));
  CheckConforms(r["suggestion"], Table("suggestion"), "suggestion");
  CHECK(r["suggestion"] ==
        json::parse(R"({"query":"Golan talks","total":22})"));
  // Under the same filters: three of the articles are from May 2025's
  // last days.
  const json filtered = json::parse(
      Search(db, {"--format", "json", "--since", "2025-05-29", "tlaks"}).out);
  CHECK(filtered["suggestion"] ==
        json::parse(R"({"query":"talks","total":3})"));
  const RunResult batch = Run({kSearcher, "--db", db, "--batch"},
                              "golan tlaks\n{\"query\": \"gloan\"}\n");
  const auto lines = Lines(batch.out);
  REQUIRE(lines.size() == 2);
  CHECK(json::parse(lines[0])["suggestion"]["query"] == "golan talks");
  CHECK(json::parse(lines[1])["suggestion"]["query"] == "golan");
}

TEST_CASE("no suggestion for a query spelt right, even a rare name") {
  const std::string db = SpellingDb();
  for (const char* query : {"Golan talks", "Lange", "large"}) {
    CAPTURE(query);
    const json r = json::parse(Search(db, {"--format", "json", query}).out);
    CHECK(r["total"]["lower"] > 0);
    CHECK(!r.contains("suggestion"));
  }
  // Nothing like it in the index: no suggestion either.
  const RunResult none = Search(db, {"zyxwv"});
  CHECK(none.out == "0 articles matched \"zyxwv\".\n");
}

TEST_CASE(
    "an incremental build takes a deleted or edited article's words out of "
    "the spelling data: they are suggested no more") {
  TempDir dir;
  for (const char* name : {"a", "b", "c"}) {
    testing::WriteFile(dir / ("corpus/" + std::string(name) + ".txt"),
                       "date: 2025-05-01\n\nA moratorium on debt.\n");
  }
  testing::WriteFile(dir / "corpus/d.txt", "date: 2025-05-02\n\nDebt.\n");
  const auto build = [&] { (void)BuildCorpusIn(dir); };
  build();
  const auto suggestion = [&] {
    const json r =
        json::parse(Search(dir / "db", {"--format", "json", "moratorim"}).out);
    return r.contains("suggestion") ? r["suggestion"]["query"].dump() : "";
  };
  CHECK(suggestion() == "\"moratorium\"");
  CHECK(testing::DumpIndex(dir / "db").spelling.at("moratorium") == 3);
  // One edited, one deleted: one article left has the word.
  testing::WriteFile(dir / "corpus/a.txt", "date: 2025-05-01\n\nDebt.\n");
  std::filesystem::remove(dir / "corpus/b.txt");
  build();
  CHECK(testing::DumpIndex(dir / "db").spelling.at("moratorium") == 1);
  std::filesystem::remove(dir / "corpus/c.txt");
  build();
  CHECK(testing::DumpIndex(dir / "db").spelling.count("moratorium") == 0);
  CHECK(suggestion().empty());
  CHECK(testing::DumpIndex(dir / "db").spelling.at("debt") == 2);
  // A fresh build killed before its end leaves the spelling data to make
  // (as kSpellingPendingKey says): the next build makes it.
  {
    Xapian::WritableDatabase db(dir / "db");
    db.remove_spelling("debt", 2);
    db.set_metadata(schema::kSpellingPendingKey, "1");
    db.commit();
  }
  build();
  const testing::IndexDump dump = testing::DumpIndex(dir / "db");
  CHECK(dump.spelling.at("debt") == 2);
  CHECK(dump.metadata.count(schema::kSpellingPendingKey) == 0);
}

// Articles on Geneva over six years, with Gorbachev in those of 14 months,
// two of them on one day, and an undated one, which no timeline counts.
const std::string& TimelineDb() {
  static TempDir dir;
  static const std::string db = [] {
    const char* gorbachev[] = {"2024-01-05", "2024-01-05", "2024-01-20",
                               "2024-03-10", "2024-07-20", "2025-02-01"};
    int n = 0;
    for (const char* date : gorbachev) {
      testing::WriteFile(
          dir / ("corpus/g" + std::to_string(n++) + ".txt"),
          "date: " + std::string(date) +
              "\n\nSoviet leader Mikhail Gorbachev arrived in Geneva.\n");
    }
    for (const char* date : {"2019-06-01", "2021-09-09"}) {
      testing::WriteFile(
          dir / ("corpus/t" + std::to_string(n++) + ".txt"),
          "date: " + std::string(date) + "\n\nTalks in Geneva ended.\n");
    }
    testing::WriteFile(dir / "corpus/undated.txt",
                       "Mikhail Gorbachev spoke in Geneva.\n");
    return BuildCorpusIn(dir);
  }();
  return db;
}

TEST_CASE(
    "the timeline's unit follows the span of the matches, and each bucket's "
    "date as a date filter finds its count") {
  gazette::Searcher searcher(TimelineDb());
  struct Case {
    std::string unit;
    SearchRequest request;
    std::vector<uint64_t> counts;
  };
  std::vector<Case> cases(3);
  cases[0].unit = "year";
  cases[0].request.query = "geneva";
  cases[0].counts = {1, 0, 1, 0, 0, 5, 1};
  cases[1].unit = "month";
  cases[1].request.persons = {"gorbachev"};
  cases[1].counts = {3, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1};
  cases[2].unit = "day";
  cases[2].request.query = "geneva";
  cases[2].request.persons = {"gorbachev"};
  cases[2].request.until = "2024-02";
  cases[2].counts = std::vector<uint64_t>(16, 0);
  cases[2].counts.front() = 2;
  cases[2].counts.back() = 1;
  for (const Case& c : cases) {
    CAPTURE(c.unit);
    SearchRequest request = c.request;
    request.timeline = true;
    request.limit = 0;
    const SearchResult result = searcher.Search(request);
    REQUIRE(result.timeline.has_value());
    CHECK(result.timeline->unit == c.unit);
    CHECK(result.timeline->exact);
    CHECK(!result.facets.has_value());
    std::vector<uint64_t> counts;
    for (const TimelineBucket& b : result.timeline->buckets) {
      counts.push_back(b.count);
      CAPTURE(b.date);
      SearchRequest dated = c.request;
      dated.since = b.date;
      dated.until = b.date;
      dated.exact_total = true;
      dated.limit = 0;
      CHECK(searcher.Search(dated).totals.lower == b.count);
    }
    CHECK(counts == c.counts);
  }
}

TEST_CASE("--timeline draws a chart, in json a timeline object, in batch too") {
  const std::string db = TimelineDb();
  const RunResult text = Search(db, {"--person", "gorbachev", "--timeline"});
  CHECK(text.exit_code == 0);
  CHECK(text.out.find("Timeline: 6 dated articles by month, 2024-01 to "
                      "2025-02 (█ = 1 article)\n"
                      "month   │\n"
                      "2024-01 │███ 3\n"
                      "2024-02 │ 0\n") != std::string::npos);
  const json r = json::parse(
      Search(db, {"--format", "json", "--timeline", "-n", "0", "geneva"}).out);
  CheckResult(r, Table("result"));
  REQUIRE(r.contains("timeline"));
  CheckConforms(r["timeline"], Table("timeline"), "timeline");
  for (const json& b : r["timeline"]["buckets"])
    CheckConforms(b, Table("timeline bucket"), "timeline bucket");
  CHECK(r["timeline"]["unit"] == "year");
  CHECK(r["timeline"]["buckets"][0] ==
        json::parse(R"({"date":"2019","count":1})"));
  CHECK(r["total"]["exact_up_to"].is_null());
  const RunResult batch =
      Run({kSearcher, "--db", db, "--batch"},
          "{\"query\": \"geneva\", \"timeline\": true}\ngeneva\n");
  const auto lines = Lines(batch.out);
  REQUIRE(lines.size() == 2);
  CHECK(json::parse(lines[0])["timeline"]["buckets"].size() == 7);
  CHECK(!json::parse(lines[1]).contains("timeline"));
  CHECK(Search(db, {"--count", "--timeline", "geneva"}).exit_code == 2);
}

TEST_CASE(
    "related articles in json, jsonl and batch have the documented fields") {
  const std::string db = FixtureDb();
  const json like = json::parse(
      Search(db, {"--format", "json", "--like", "2025/talks.txt"}).out);
  CheckResult(like, Table("result"));
  REQUIRE(like.contains("like"));
  CheckConforms(like["like"], Table("like"), "like");
  REQUIRE_FALSE(like["like"]["terms"].empty());
  for (const json& t : like["like"]["terms"])
    CheckConforms(t, Table("like term"), "like term");
  REQUIRE_FALSE(like["hits"].empty());
  for (const json& hit : like["hits"]) {
    CHECK(hit["id"] != "2025/talks.txt");
    CHECK_FALSE(hit["shared_terms"].empty());
  }

  const json related =
      json::parse(Search(db, {"--format", "json", "--related-by-entities",
                              "2025/talks.txt", "--within-days", "500"})
                      .out);
  CheckResult(related, Table("result"));
  REQUIRE(related.contains("related_by_entities"));
  CheckConforms(related["related_by_entities"], Table("related_by_entities"),
                "related_by_entities");
  CHECK(related["related_by_entities"]["within_days"] == 500);
  for (const json& e : related["related_by_entities"]["entities"])
    CheckConforms(e, Table("related entity"), "related entity");
  // 2024/golan.txt shares Donald Trump, 2024-03-10 is within 500 days.
  REQUIRE(related["hits"].size() >= 1);
  CHECK(related["hits"][0]["id"] == "2024/golan.txt");
  for (const json& e : related["hits"][0]["shared_entities"]) {
    CheckConforms(e, testing::Without(Table("related entity"), {"weight"}),
                  "shared entity");
    CHECK(!e.contains("weight"));
  }

  const RunResult batch = Run({kSearcher, "--db", db, "--batch"},
                              "{\"like\": \"2025/talks.txt\", \"limit\": 1}\n"
                              "{\"like\": \"nosuch.txt\"}\n");
  const auto lines = Lines(batch.out);
  REQUIRE(lines.size() == 2);
  CHECK(json::parse(lines[0])["like"]["seed"] == "2025/talks.txt");
  CHECK(json::parse(lines[1])["kind"] == "query");
  CHECK(batch.exit_code == 2);
}

}  // namespace
}  // namespace gazette
