// Shards served by Xapian's stock xapian-tcpsrv (scripts/serve-shards.sh on
// loopback ports it picks, every wait bounded, always stopped): the same
// whole answers as one database holding the same articles, and the faults
// a remote shard brings (down, idle connections closed by the server).
#include <doctest/doctest.h>
#include <signal.h>
#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "tests/e2e/e2e_support.h"
#include "tests/support/piped_process.h"
#include "tests/support/synthetic_corpus.h"

namespace gazette::testing {
namespace {

namespace fs = std::filesystem;

TEST_SUITE_BEGIN("remote");

const std::string kServeShards = kSource + "/scripts/serve-shards.sh";

// xapian-tcpsrv serving each shard of `index` on loopback, stopped (and
// waited for) when this goes.
class ShardServers {
 public:
  ShardServers(const std::string& index, const std::string& state,
               const std::vector<std::string>& extra = {})
      : state_(state) {
    std::vector<std::string> argv = {"/bin/bash", kServeShards, "start", index,
                                     state};
    argv.insert(argv.end(), extra.begin(), extra.end());
    const RunResult r = Run(argv);
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  }
  ~ShardServers() { (void)Run({"/bin/bash", kServeShards, "stop", state_}); }
  ShardServers(const ShardServers&) = delete;
  ShardServers& operator=(const ShardServers&) = delete;

  // The stub listing the servers (`remote 127.0.0.1:PORT`).
  std::string stub() const { return state_ + "/XAPIANDB"; }
  // The pid of the server of shard i.
  pid_t pid(size_t i) const {
    std::ifstream in(state_ + "/pids");
    pid_t p = 0;
    for (size_t n = 0; n <= i; ++n) in >> p;
    return p;
  }

 private:
  std::string state_;
};

// The lines of a stub file.
std::vector<std::string> StubLines(const std::string& stub) {
  std::ifstream in(stub);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// The same corpus as one database and as an index of 4 shards, built once.
struct Indexes {
  TempDir dir;
  std::string one = dir / "one";
  std::string four = dir / "four";
};

const Indexes& Built() {
  static Indexes idx;
  static const bool ready = [] {
    const std::string corpus = idx.dir / "corpus";
    (void)WriteSyntheticCorpus(corpus, 400, 16);
    std::string lines;
    for (uint64_t i = 0; i < 100; ++i)
      lines += SyntheticJsonLine(16, 9000 + i, i % 3 != 0) + '\n';
    WriteFile(corpus + "/wire.jsonl", lines);
    RunResult r = Indexer({"build", corpus, "--db", idx.one});
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    r = Indexer({"build", corpus, "--db", idx.four, "--shards", "4"});
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    return true;
  }();
  (void)ready;
  return idx;
}

// Words of the corpus as written (terms without a prefix), every `step`-th
// of those in at least two articles.
std::vector<std::string> Words(const std::string& db, size_t step) {
  Xapian::Database x(db);
  std::vector<std::string> words;
  size_t n = 0;
  for (auto t = x.allterms_begin(); t != x.allterms_end(); ++t) {
    const std::string term = *t;
    if (term.empty() || term[0] < 'a' || term[0] > 'z' || term.size() < 3 ||
        t.get_termfreq() < 2)
      continue;
    if (n++ % step == 0) words.push_back(term);
  }
  return words;
}

// Names the searcher completes for `type`, as filters take them.
std::vector<std::string> Names(const std::string& db, const std::string& type) {
  const RunResult r = Searcher({"--db", db, "--complete-name", type + ":"});
  REQUIRE_MESSAGE(r.exit_code <= 1, r.err);
  std::vector<std::string> names;
  std::istringstream in(r.out);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) names.push_back(line);
  return names;
}

// A few hundred batch requests: words alone and in pairs, OR, phrases,
// plain text with feedback, every sort, entity and date filters, facets,
// exact totals, later pages, related articles.
std::vector<std::string> Requests(const std::string& db) {
  const std::vector<std::string> words = Words(db, 7);
  const std::vector<std::string> people = Names(db, "person");
  const std::vector<std::string> places = Names(db, "place");
  REQUIRE(words.size() > 40);
  std::vector<std::string> requests;
  const char* sorts[] = {"relevance", "newest", "oldest"};
  for (size_t i = 0; i < words.size() && requests.size() < 300; ++i) {
    const std::string& w = words[i];
    const std::string& v = words[(i * 7 + 3) % words.size()];
    nlohmann::json r;
    switch (i % 6) {
      case 0:
        r["query"] = w;
        break;
      case 1:
        r["query"] = w + " " + v;
        break;
      case 2:
        r["query"] = w + " OR " + v;
        break;
      case 3:
        r["query"] = "\"" + w + " " + v + "\"";
        break;
      case 4:
        r["query"] = "what about " + w + " and " + v;
        r["plain"] = true;
        break;
      default:
        r["query"] = w;
        r["any"] = true;
        break;
    }
    r["sort"] = sorts[i % 3];
    r["facets"] = i % 2 == 0;
    r["exact"] = i % 4 != 3;
    r["limit"] = 5 + i % 7;
    if (i % 5 == 1) r["offset"] = 3;
    if (i % 9 == 2 && !people.empty()) r["person"] = people[i % people.size()];
    if (i % 11 == 4 && !places.empty()) r["place"] = places[i % places.size()];
    if (i % 8 == 5) r["since"] = "2024-01-01";
    requests.push_back(r.dump());
  }
  // Related articles: their terms' statistics and each hit's shared terms
  // are gathered otherwise over remote shards (related.cc).
  const RunResult seeds =
      Searcher({"--db", db, "newsroom", "--format", "jsonl", "--limit", "12"});
  REQUIRE_MESSAGE(seeds.exit_code == 0, seeds.err);
  std::istringstream lines(seeds.out);
  size_t n = 0;
  for (std::string line; std::getline(lines, line);) {
    const nlohmann::json hit = nlohmann::json::parse(line);
    if (hit["type"] != "hit") continue;  // the summary
    const std::string id = hit["id"];
    nlohmann::json r;
    r[n % 2 == 0 ? "like" : "related_by_entities"] = id;
    r["limit"] = 4 + n % 6;
    if (n % 3 == 1) r["within_days"] = 40;
    if (n % 4 == 2) r["facets"] = true;
    requests.push_back(r.dump());
    ++n;
  }
  REQUIRE(n == 12);
  // The marker is in every article: all of them, counted and faceted.
  requests.push_back(R"({"query":"newsroom","facets":true,"exact":true})");
  requests.push_back(
      R"({"query":"newsroom","sort":"oldest","limit":50,"facets":true})");
  return requests;
}

// Each answer of a batch run, parsed, without its timing.
std::vector<nlohmann::json> Answers(const std::string& db,
                                    const std::string& input) {
  std::vector<std::string> argv = {kSearcher, "--db",   db,
                                   "--batch", "--jobs", "2"};
  const RunResult run = Run(argv, input);
  CAPTURE(run.err);
  REQUIRE(run.exit_code == 0);
  std::vector<nlohmann::json> answers;
  std::istringstream in(run.out);
  for (std::string line; std::getline(in, line);) {
    nlohmann::json j = nlohmann::json::parse(line);
    j.erase("seconds");
    answers.push_back(std::move(j));
  }
  return answers;
}

// What the comparison leaves out of an answer. Scores are rounded to 12
// significant digits: feedback's expanded query sums the shards'
// statistics in another order, which moves the last bit or two. Totals of
// a request that did not ask for exact ones are estimates, which Xapian
// makes per shard. `what` may also leave out facets and snippets.
struct Leave {
  bool facets = false;
  bool snippets = false;
};

nlohmann::json Comparable(nlohmann::json j, const nlohmann::json& request,
                          Leave leave) {
  for (auto& hit : j["hits"]) {
    char rounded[32];
    std::snprintf(rounded, sizeof rounded, "%.12g", hit["score"].get<double>());
    hit["score"] = std::string(rounded);
    if (leave.snippets) {
      hit.erase("snippet");
      hit.erase("highlights");
    }
  }
  if (!request.value("exact", false)) j.erase("total");
  if (leave.facets) j.erase("facets");
  return j;
}

struct Compared {
  std::vector<std::string> requests;
  std::vector<nlohmann::json> one, local, remote;
};

// The requests answered by one database, by the 4-shard index and by its
// shards served by xapian-tcpsrv; made once.
const Compared& Answered() {
  static Compared c;
  static const bool ready = [] {
    const Indexes& idx = Built();
    TempDir state;
    ShardServers servers(idx.four, state / "servers");
    c.requests = Requests(idx.one);
    std::string input;
    for (const std::string& r : c.requests) input += r + '\n';
    c.one = Answers(idx.one, input);
    c.local = Answers(idx.four, input);
    c.remote = Answers(servers.stub(), input);
    REQUIRE(c.one.size() == c.requests.size());
    REQUIRE(c.local.size() == c.one.size());
    REQUIRE(c.remote.size() == c.one.size());
    return true;
  }();
  (void)ready;
  return c;
}

TEST_CASE(
    "4 shards served by xapian-tcpsrv answer a few hundred requests as one "
    "database does: hits, scores, totals, snippets, feedback, filters, sort, "
    "facets") {
  const Compared& c = Answered();
  size_t with_hits = 0, with_facets = 0;
  for (size_t i = 0; i < c.one.size(); ++i) {
    const std::string request = c.requests[i];
    CAPTURE(request);
    const nlohmann::json r = nlohmann::json::parse(request);
    CHECK(Comparable(c.remote[i], r, {}).dump() ==
          Comparable(c.one[i], r, {}).dump());
    // Local shards: snippets are left out: where two passages of a hit
    // score the same to the last bit, the shards' summed statistics can
    // pick the other one (1 request in 300 here).
    CHECK(Comparable(c.local[i], r, {false, true}).dump() ==
          Comparable(c.one[i], r, {false, true}).dump());
    with_hits += !c.one[i]["hits"].empty();
    with_facets +=
        c.one[i].contains("facets") && !c.one[i]["facets"]["person"].empty();
  }
  // The requests find something, or the comparison says little.
  CHECK(with_hits > c.requests.size() / 2);
  CHECK(with_facets > c.requests.size() / 4);
}

TEST_CASE(
    "a remote shard that is down: exit 3 naming it, or with "
    "--allow-missing-shards an answer from the others that says so") {
  const Indexes& idx = Built();
  TempDir state;
  ShardServers servers(idx.four, state / "servers");
  const std::vector<std::string> lines = StubLines(servers.stub());
  REQUIRE(lines.size() == 4);
  const std::string first = lines[0], second = lines[1];
  REQUIRE(kill(servers.pid(1), SIGKILL) == 0);
  // Wait (bounded) for its port to refuse connections.
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  const RunResult down =
      Searcher({"--db", servers.stub(), "newsroom", "--connect-timeout", "2000",
                "--timeout", "2000"});
  CHECK(down.exit_code == 3);
  CHECK(down.err.find(second) != std::string::npos);
  CHECK(std::count(down.err.begin(), down.err.end(), '\n') == 1);

  const RunResult partial = Searcher(
      {"--db", servers.stub(), "newsroom", "--exact", "--allow-missing-shards",
       "--format", "json", "--connect-timeout", "2000"});
  REQUIRE_MESSAGE(partial.exit_code == 0, partial.err);
  const nlohmann::json j = nlohmann::json::parse(partial.out);
  CHECK(j["missing_shards"] == nlohmann::json::array({second}));
  const uint64_t all = Xapian::Database(idx.one).get_doccount();
  const uint64_t shard1 =
      Xapian::Database(idx.four + "/shard-1").get_doccount();
  CHECK(j["total"]["lower"] == all - shard1);
  CHECK(partial.err.find(second) != std::string::npos);
  CHECK(first != second);
}

TEST_CASE(
    "a batch searcher reconnects after the servers close its idle "
    "connections") {
  const Indexes& idx = Built();
  TempDir state;
  ShardServers servers(idx.four, state / "servers", {"--idle-timeout", "300"});
  PipedProcess batch(
      {kSearcher, "--db", servers.stub(), "--batch", "--jobs", "1"});
  for (int round = 0; round < 3; ++round) {
    CAPTURE(round);
    REQUIRE(batch.Write("{\"query\":\"newsroom\",\"exact\":true}\n"));
    const std::optional<std::string> line = batch.ReadLine(30);
    REQUIRE(line);
    const nlohmann::json j = nlohmann::json::parse(*line);
    CHECK(j["type"] == "result");
    CHECK(j["total"]["lower"] == Xapian::Database(idx.one).get_doccount());
    // Longer than the servers' idle timeout.
    std::this_thread::sleep_for(std::chrono::milliseconds(900));
  }
  const RunResult end = batch.Finish();
  CHECK_MESSAGE(end.exit_code == 0, end.err);
}

TEST_CASE(
    "spelling suggestions come from shard 0: kept when the stub lists it as "
    "a local database, none when every shard is remote") {
  const Indexes& idx = Built();
  TempDir state;
  ShardServers servers(idx.four, state / "servers");
  // Shard 0 as a local database, the others through their servers.
  const std::vector<std::string> lines = StubLines(servers.stub());
  std::string mixed = "auto " + idx.four + "/shard-0\n";
  for (size_t i = 1; i < lines.size(); ++i) mixed += lines[i] + "\n";
  WriteFile(state / "mixed", mixed);
  const auto suggestion = [](const std::string& db, const std::string& q) {
    const RunResult r = Searcher({"--db", db, q, "--format", "json"});
    REQUIRE_MESSAGE(r.exit_code <= 1, r.err);
    const nlohmann::json j = nlohmann::json::parse(r.out);
    return j.contains("suggestion") ? j["suggestion"]["query"].dump() : "";
  };
  // Words of 6 letters or more with their second letter doubled: a
  // misspelling one edit away, which one database corrects.
  size_t corrected = 0;
  for (const std::string& word : Words(idx.one, 13)) {
    if (word.size() < 6 || corrected == 3) continue;
    const std::string typo = word.substr(0, 2) + word.substr(1);
    const std::string one = suggestion(idx.one, typo);
    if (one.empty()) continue;
    ++corrected;
    CAPTURE(typo);
    CHECK(suggestion(state / "mixed", typo) == one);
    CHECK(suggestion(servers.stub(), typo).empty());
  }
  CHECK(corrected == 3);
}

TEST_SUITE_END();

}  // namespace
}  // namespace gazette::testing
