#include "common/serve/server.h"

#include <doctest/doctest.h>
#include <httplib.h>

#include <atomic>
#include <chrono>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "common/serve/web_assets.h"
#include "gazette/index_builder.h"
#include "tests/support/test_support.h"

namespace gazette {
namespace {

using nlohmann::json;

// A server on a free loopback port, answering on a thread of its own until
// the test ends.
class RunningServer {
 public:
  explicit RunningServer(ServeOptions options)
      : server_(Prepared(std::move(options)), log_),
        thread_([this] { server_.Run(); }) {}
  ~RunningServer() { Stop(); }
  // Stops the server and waits until it has answered everything.
  void Stop() {
    if (!thread_.joinable()) return;
    server_.Stop();
    thread_.join();
  }
  httplib::Client Client() const {
    httplib::Client client("127.0.0.1", server_.port());
    client.set_connection_timeout(5);
    client.set_read_timeout(10);
    return client;
  }
  Server& server() { return server_; }
  // The access log so far; only once stopped, as the server writes it from
  // its threads, after each answer is sent.
  std::string Log() {
    Stop();
    return log_.str();
  }

 private:
  static ServeOptions Prepared(ServeOptions options) {
    options.address = {"127.0.0.1", 0};
    return options;
  }
  std::ostringstream log_;
  Server server_;
  std::thread thread_;
};

TEST_CASE("ParseListenAddress takes [ADDR:]PORT") {
  struct Case {
    std::string text;
    bool ok;
    std::string host;
    int port;
  };
  const std::vector<Case> cases = {
      {"8080", true, "127.0.0.1", 8080},
      {"0", true, "127.0.0.1", 0},
      {"0.0.0.0:80", true, "0.0.0.0", 80},
      {"localhost:65535", true, "localhost", 65535},
      {"[::1]:8080", true, "::1", 8080},
      {"65536", false, "", 0},
      {"", false, "", 0},
      {":8080", false, "", 0},
      {"host:", false, "", 0},
      {"80a", false, "", 0},
      {"-1", false, "", 0},
      {"123456", false, "", 0},
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    const auto address = ParseListenAddress(c.text);
    REQUIRE(address.has_value() == c.ok);
    if (!c.ok) continue;
    CHECK(address->host == c.host);
    CHECK(address->port == c.port);
  }
}

TEST_CASE("the server answers the API, the page and errors over HTTP") {
  testing::TempDir dir;
  ServeOptions options;
  options.db_path = testing::BuildFixtureIndex(dir.path());
  options.limits.max_body_bytes = 1000;
  RunningServer running(options);
  httplib::Client client = running.Client();

  auto health = client.Get("/healthz");
  REQUIRE(health);
  CHECK(health->status == 200);

  auto search = client.Get("/api/search?query=talks&limit=2&facets=1");
  REQUIRE(search);
  CHECK(search->status == 200);
  CHECK(search->get_header_value("Content-Type") == "application/json");
  const json result = json::parse(search->body);
  CHECK(result["type"] == "result");
  CHECK(result["hits"].size() == 2);
  CHECK(result.contains("facets"));

  auto posted =
      client.Post("/api/search", R"({"query":"golan"})", "application/json");
  REQUIRE(posted);
  CHECK(json::parse(posted->body)["hits"][0]["id"] == "2024/golan.txt");

  // An id holding '/' arrives encoded and is decoded.
  auto article = client.Get("/api/article/2024%2Fgolan.txt");
  REQUIRE(article);
  CHECK(article->status == 200);
  CHECK(json::parse(article->body)["title"] == "Golan border quiet");

  auto page = client.Get("/");
  REQUIRE(page);
  CHECK(page->status == 200);
  CHECK(page->get_header_value("Content-Type") == "text/html; charset=utf-8");
  CHECK(page->body == std::string(WebAssets()[0].content));
  const std::string csp = page->get_header_value("Content-Security-Policy");
  CHECK(csp.find("script-src 'self'") != std::string::npos);
  CHECK(csp.find("unsafe-inline") == std::string::npos);

  struct Case {
    std::string path;
    int status;
    std::string kind;
  };
  const std::vector<Case> cases = {
      {"/api/search?query=talks&limit=x", 400, "request"},
      {"/api/search?query=talks&since=2025-13", 400, "query"},
      {"/api/article/nothing.txt", 404, "not_found"},
      {"/nothing.html", 404, "not_found"},
      {"/../../etc/passwd", 404, "not_found"},
      {"/%2e%2e/%2e%2e/etc/passwd", 404, "not_found"},
      {"/api/nothing", 404, "not_found"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.path);
    auto answer = client.Get(c.path.c_str());
    REQUIRE(answer);
    CHECK(answer->status == c.status);
    const json j = json::parse(answer->body);
    CHECK(j["type"] == "error");
    CHECK(j["kind"] == c.kind);
  }

  auto big = client.Post("/api/search", std::string(2000, 'a'), "text/plain");
  REQUIRE(big);
  CHECK(big->status == 413);
  auto long_uri =
      client.Get(("/api/search?query=" + std::string(9000, 'a')).c_str());
  REQUIRE(long_uri);
  CHECK(long_uri->status == 414);

  // The server only reads: other methods get 405, on any path.
  auto deleted = client.Delete("/api/search");
  REQUIRE(deleted);
  CHECK(deleted->status == 405);
  CHECK(json::parse(deleted->body)["kind"] == "method");
  auto put = client.Put("/index.html", "x", "text/plain");
  REQUIRE(put);
  CHECK(put->status == 405);

  // Every request gets one access-log line: address, request, status.
  const std::string log = running.Log();
  CHECK(log.find("127.0.0.1 \"GET /api/search?query=talks&limit=2&facets=1\" "
                 "200 ") != std::string::npos);
  CHECK(log.find("\"GET /nothing.html\" 404 ") != std::string::npos);
  size_t lines = 0;
  for (const char c : log) lines += c == '\n';
  CHECK(lines == 5 + cases.size() + 4);
  // A request refused before it could be read has dashes, not a time.
  CHECK(log.find("- \"- -\" 414 ") != std::string::npos);
}

TEST_CASE("beyond --serve-clients requests get 503, not a queue or a crash") {
  testing::TempDir dir;
  ServeOptions options;
  options.db_path = testing::BuildFixtureIndex(dir.path());
  options.max_clients = 1;
  RunningServer running(options);
  // A long batch holds the only searcher while other requests come in.
  std::string batch;
  for (int i = 0; i < 1000; ++i)
    batch += "{\"query\":\"talks\",\"facets\":true}\n";
  bool busy_seen = false;
  const double start = testing::MonotonicSeconds();
  while (!busy_seen && testing::MonotonicSeconds() - start < 20) {
    std::atomic<bool> batch_done = false;
    int batch_status = 0;
    std::thread holder([&] {
      // A probe may hold the searcher as the batch arrives: ask again.
      for (int i = 0; i < 100; ++i) {
        auto answer = running.Client().Post("/api/batch", batch, "text/plain");
        batch_status = answer ? answer->status : -1;
        if (batch_status != 503) break;
      }
      batch_done = true;
    });
    while (!batch_done && !busy_seen) {
      auto answer = running.Client().Get("/api/search?query=golan");
      REQUIRE(answer);
      REQUIRE((answer->status == 200 || answer->status == 503));
      if (answer->status == 503) {
        busy_seen = true;
        CHECK(json::parse(answer->body)["kind"] == "busy");
        CHECK(answer->get_header_value("Retry-After") == "1");
      }
    }
    holder.join();
    CHECK(batch_status == 200);
  }
  CHECK(busy_seen);
  // Once the searcher is free again, requests are answered.
  auto after = running.Client().Get("/api/search?query=golan");
  REQUIRE(after);
  CHECK(after->status == 200);
}

TEST_CASE("Stop() lets a request in flight finish") {
  testing::TempDir dir;
  ServeOptions options;
  options.db_path = testing::BuildFixtureIndex(dir.path());
  options.max_clients = 1;
  std::ostringstream log;
  Server server(options, log);
  std::thread runner([&] { server.Run(); });
  std::string batch;
  for (int i = 0; i < 1000; ++i) batch += "{\"query\":\"talks\"}\n";
  int status = 0;
  size_t lines = 0;
  std::atomic<bool> done = false;
  std::thread client([&] {
    httplib::Client c("127.0.0.1", server.port());
    c.set_read_timeout(30);
    // A probe may hold the only searcher as the batch arrives: ask again.
    for (int i = 0; i < 100 && (status == 0 || status == 503); ++i) {
      if (auto answer = c.Post("/api/batch", batch, "text/plain")) {
        status = answer->status;
        lines = 0;
        for (const char ch : answer->body) lines += ch == '\n';
      }
    }
    done = true;
  });
  // A 503 says the batch holds the only searcher: it is in flight.
  bool in_flight = false;
  while (!done && !in_flight) {
    httplib::Client probe("127.0.0.1", server.port());
    auto search = probe.Get("/api/search?query=golan");
    in_flight = search && search->status == 503;
  }
  server.Stop();
  runner.join();
  client.join();
  CHECK(status == 200);
  CHECK(lines == 1000);
  if (!in_flight) MESSAGE("the batch finished before Stop(): not a drain");
}

TEST_CASE("a port in use is a one-line usage error naming the address") {
  testing::TempDir dir;
  ServeOptions options;
  options.db_path = testing::BuildFixtureIndex(dir.path());
  RunningServer running(options);
  ServeOptions same = options;
  same.address = {"127.0.0.1", running.server().port()};
  std::ostringstream log;
  try {
    Server second(same, log);
    FAIL("bound a port already in use");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::kUsage);
    CHECK(std::string(e.what()).find("cannot listen on 127.0.0.1:" +
                                     std::to_string(running.server().port())) !=
          std::string::npos);
  }
}

}  // namespace
}  // namespace gazette
