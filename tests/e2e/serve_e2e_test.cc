// `searcher --serve` run as a user runs it: the real binary on a free
// loopback port, asked over HTTP, compared with `searcher --batch` on the
// same requests, and stopped with SIGTERM.
#include <doctest/doctest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "tests/e2e/e2e_support.h"

namespace gazette {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing::kSearcher;
using testing::RunResult;

// A port nothing listens on now (the kernel's choice for port 0).
int FreePort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
  socklen_t size = sizeof address;
  REQUIRE(getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size) == 0);
  close(fd);
  return ntohs(address.sin_port);
}

// Waits (at most 20 s) for the server to answer /healthz.
bool Ready(httplib::Client& client) {
  const double start = testing::MonotonicSeconds();
  while (testing::MonotonicSeconds() - start < 20) {
    if (auto answer = client.Get("/healthz"); answer && answer->status == 200)
      return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

json WithoutTiming(const std::string& line) {
  json j = json::parse(line);
  j.erase("seconds");
  j.erase("line");
  return j;
}

TEST_CASE(
    "searcher --serve answers as searcher --batch does, and stops on "
    "SIGTERM with exit code 0") {
  const std::string db = testing::FixtureDb();
  const int port = FreePort();
  testing::Child server({kSearcher, "--db", db, "--serve",
                         "127.0.0.1:" + std::to_string(port), "--limit", "3"});
  httplib::Client client("127.0.0.1", port);
  client.set_read_timeout(20);
  REQUIRE(Ready(client));

  struct Case {
    std::string get;    // GET /api/search?...
    std::string batch;  // the same request as a batch line
  };
  const std::vector<Case> cases = {
      {"query=talks", R"({"query":"talks"})"},
      {"query=talks&facets=true&sort=oldest",
       R"({"query":"talks","facets":true,"sort":"oldest"})"},
      {"person=donald%20trump&limit=1&offset=1",
       R"({"person":"donald trump","limit":1,"offset":1})"},
      {"query=talks&since=2025-13", R"({"query":"talks","since":"2025-13"})"},
      {"query=talks&limit=ten", R"({"query":"talks","limit":"ten"})"},
  };
  std::string input;
  for (const Case& c : cases) input += c.batch + "\n";
  const RunResult batch = testing::Run(
      {kSearcher, "--db", db, "--batch", "--limit", "3", "--jobs", "1"}, input);
  std::istringstream expected_lines(batch.out);
  for (const Case& c : cases) {
    CAPTURE(c.get);
    std::string expected;
    REQUIRE(std::getline(expected_lines, expected));
    auto answer = client.Get(("/api/search?" + c.get).c_str());
    REQUIRE(answer);
    const json got = WithoutTiming(answer->body);
    CHECK(got == WithoutTiming(expected));
    CHECK(answer->status == (got["type"] == "result" ? 200 : 400));
  }
  // The whole batch, posted, is the batch's output line for line.
  auto posted = client.Post("/api/batch", input, "application/x-ndjson");
  REQUIRE(posted);
  CHECK(posted->status == 200);
  std::istringstream got_lines(posted->body);
  std::istringstream batch_lines(batch.out);
  std::string got_line, batch_line;
  size_t lines = 0;
  while (std::getline(batch_lines, batch_line)) {
    REQUIRE(std::getline(got_lines, got_line));
    CHECK(json::parse(got_line)["line"] == json::parse(batch_line)["line"]);
    CHECK(WithoutTiming(got_line) == WithoutTiming(batch_line));
    ++lines;
  }
  CHECK(lines == cases.size());

  server.Signal(SIGTERM);
  const double start = testing::MonotonicSeconds();
  while (!server.Poll() && testing::MonotonicSeconds() - start < 20)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  const RunResult stopped = server.Wait();
  CHECK(stopped.exit_code == 0);
  // One access-log line per request (after the "serving" line).
  size_t log_lines = 0;
  for (const char c : stopped.err) log_lines += c == '\n';
  CHECK(stopped.err.find("serving http://127.0.0.1:" + std::to_string(port)) !=
        std::string::npos);
  CHECK(log_lines >= 1 + cases.size() + 1);
  CHECK(stopped.err.find("\"GET /api/search?query=talks&limit=ten\" 400 ") !=
        std::string::npos);
  CHECK(stopped.err.find("\"POST /api/batch\" 200 ") != std::string::npos);
}

// An article id as a URL path segment.
std::string UrlEncoded(const std::string& id) {
  std::string out;
  for (const char c : id) {
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' ||
        c == '-') {
      out += c;
    } else {
      char hex[4];
      std::snprintf(hex, sizeof hex, "%%%02X", static_cast<unsigned char>(c));
      out += hex;
    }
  }
  return out;
}

// Writes an article and a JSON Lines file of one article under dir, dated
// in `year`.
void WriteYear(const std::string& dir, const std::string& year) {
  testing::WriteFile(dir + "/03/a.txt", "date " + year +
                                            "-03-02\ntitle: Golan talks " +
                                            year + "\n\nGolan talks.");
  testing::WriteFile(dir + "/feed.jsonl", R"({"id":"k","date":")" + year +
                                              R"(-03-03","body":"Golan feed."})"
                                              "\n");
}

std::map<std::string, std::string> PathById(const json& result) {
  std::map<std::string, std::string> paths;
  for (const json& hit : result["hits"]) paths[hit["id"]] = hit["path"];
  return paths;
}

TEST_CASE(
    "two corpus directories with the same paths: every article indexed "
    "under its own id, which id: and /api/article/ find") {
  testing::TempDir dir;
  WriteYear(dir / "news/2024", "2024");
  WriteYear(dir / "news/2025", "2025");
  const std::string news = fs::canonical(dir / "news").string();

  // One directory: the ids are the paths relative to it, as before.
  const RunResult one =
      testing::Indexer({"build", dir / "news/2024", "--db", dir / "one.db"});
  CHECK(one.exit_code == 0);
  CHECK(one.err.find("start with") == std::string::npos);
  CHECK(PathById(testing::SearchJson({"--db", dir / "one.db", "golan"})) ==
        std::map<std::string, std::string>{
            {"03/a.txt", news + "/2024/03/a.txt"},
            {"feed.jsonl#k", news + "/2024/feed.jsonl"}});

  const std::string db = dir / "two.db";
  const RunResult two = testing::Indexer(
      {"build", dir / "news/2024", dir / "news/2025", "--db", db});
  CAPTURE(two.err);
  CHECK(two.exit_code == 0);
  CHECK(two.out.find("4 new") != std::string::npos);
  CHECK(two.err.find("indexer: ids of the articles under " + news +
                     "/2025 start with '2025/'") != std::string::npos);
  const std::map<std::string, std::string> paths =
      PathById(testing::SearchJson({"--db", db, "golan"}));
  CHECK(paths == std::map<std::string, std::string>{
                     {"2024/03/a.txt", news + "/2024/03/a.txt"},
                     {"2024/feed.jsonl#k", news + "/2024/feed.jsonl"},
                     {"2025/03/a.txt", news + "/2025/03/a.txt"},
                     {"2025/feed.jsonl#k", news + "/2025/feed.jsonl"}});
  // The date filter finds each directory's own.
  CHECK(PathById(testing::SearchJson({"--db", db, "golan", "--since", "2025"}))
            .size() == 2);

  const int port = FreePort();
  testing::Child server(
      {kSearcher, "--db", db, "--serve", "127.0.0.1:" + std::to_string(port)});
  httplib::Client client("127.0.0.1", port);
  client.set_read_timeout(20);
  REQUIRE(Ready(client));
  for (const auto& [id_, path_] : paths) {
    const std::string id = id_;  // clang 14: no bindings in CAPTURE
    const std::string path = path_;
    CAPTURE(id);
    CHECK(PathById(testing::SearchJson({"--db", db, "id:" + id})) ==
          std::map<std::string, std::string>{{id, path}});
    auto answer = client.Get(("/api/article/" + UrlEncoded(id)).c_str());
    REQUIRE(answer);
    CHECK(answer->status == 200);
    const json article = json::parse(answer->body);
    CHECK(article["id"] == id);
    CHECK(article["path"] == path);
  }
  server.Signal(SIGTERM);
  CHECK(server.Wait().exit_code == 0);
}

TEST_CASE("searcher --serve refuses bad values with exit code 2") {
  const std::string db = testing::FixtureDb();
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"--serve", "http"}, "--serve takes [ADDR:]PORT"},
      {{"--serve", "70000"}, "'70000'"},
      {{"--serve", "0", "talks"}, "give no QUERY"},
      {{"--serve", "0", "--batch"}, "--batch does nothing with --serve"},
      {{"--serve", "0", "--format", "json"}, "--format does nothing with"},
      {{"--serve", "0", "--serve-clients", "0"},
       "--serve-clients must be an integer from 1 to 256"},
      {{"--serve", "0", "--serve-clients", "257"}, "got '257'"},
      {{"--serve-clients", "2", "talks"},
       "--serve-clients does nothing without --serve"},
  };
  for (const auto& c : cases) {
    std::vector<std::string> args = {"--db", db};
    args.insert(args.end(), c.first.begin(), c.first.end());
    CAPTURE(c.second);
    const RunResult r = testing::Searcher(args);
    CHECK(r.exit_code == 2);
    CHECK(r.err.find(c.second) != std::string::npos);
  }
  // No index: exit code 3 at once, not a server answering errors.
  const RunResult missing =
      testing::Searcher({"--db", db + "-missing", "--serve", "0"});
  CHECK(missing.exit_code == 3);
}

}  // namespace
}  // namespace gazette
