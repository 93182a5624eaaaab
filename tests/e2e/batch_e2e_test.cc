// Batch mode driven the way a script drives it: one process, a pipe held
// open, requests written and answers read line by line, good and malformed
// requests mixed, while an indexer commits new articles to the same index.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "tests/e2e/e2e_support.h"
#include "tests/support/piped_process.h"

namespace gazette {
namespace {

using nlohmann::json;
using testing::Indexer;
using testing::kSearcher;
using testing::PipedProcess;
using testing::RunResult;
using testing::TempDir;

// Writes one request and reads its answer.
json Ask(PipedProcess& searcher, const std::string& request) {
  REQUIRE(searcher.Write(request + "\n"));
  const auto line = searcher.ReadLine();
  REQUIRE_MESSAGE(line.has_value(), "no answer to " << request);
  return json::parse(*line);
}

void AnswersInOrderAndSeesCommits(const char* jobs);

std::vector<std::string> Ids(const json& result) {
  std::vector<std::string> ids;
  for (const json& hit : result["hits"]) ids.push_back(hit["id"]);
  return ids;
}

TEST_CASE("batch mode answers each line in order and sees each new commit") {
  for (const char* jobs : {"1", "2"}) {
    CAPTURE(jobs);
    AnswersInOrderAndSeesCommits(jobs);
  }
}

void AnswersInOrderAndSeesCommits(const char* jobs) {
  TempDir dir;
  const std::string corpus = dir / "corpus";
  const std::string db = dir / "db";
  testing::WriteFixtureCorpus(corpus);
  REQUIRE(Indexer({"build", corpus, "--db", db}).exit_code == 0);

  PipedProcess searcher(
      {kSearcher, "--db", db, "--batch", "--limit", "5", "--jobs", jobs});
  size_t line = 0;
  const auto ask = [&](const std::string& request) {
    const json answer = Ask(searcher, request);
    CHECK(answer["line"] == ++line);
    return answer;
  };

  const std::vector<std::string> animals = {"aardvark", "bison", "capybara",
                                            "dingo"};
  for (size_t added = 1; added <= animals.size(); ++added) {
    const std::string& animal = animals[added - 1];
    CAPTURE(animal);
    // Not there yet.
    json before = ask(R"({"query": ")" + animal + R"("})");
    CHECK(before["type"] == "result");
    CHECK(before["hits"].empty());
    testing::WriteFile(
        corpus + "/zoo/" + animal + ".txt",
        "date: 2025-07-01\nA " + animal + " escaped from the zoo.\n");
    REQUIRE(Indexer({"build", corpus, "--db", db}).exit_code == 0);
    // The same process finds it after the commit, as a plain query line
    // and as a JSON request, with the command line's --limit as default.
    const json plain = ask(animal);
    CHECK(plain["type"] == "result");
    CHECK(plain["limit"] == 5);
    CHECK(Ids(plain) == std::vector<std::string>{"zoo/" + animal + ".txt"});
    const json error = ask(R"({"query": ")" + animal + R"(", "limit": "all"})");
    CHECK(error["type"] == "error");
    CHECK(error["kind"] == "request");
    CHECK(error["message"].get<std::string>().find("'limit'") !=
          std::string::npos);
    const json zoo = ask(R"({"query": "zoo", "sort": "newest", "limit": 100})");
    CHECK(zoo["hits"].size() == added);
  }
  // Malformed lines of every kind get an error object and the batch goes on.
  struct Bad {
    std::string request;
    const char* kind;
    const char* message_part;
  };
  const Bad bad[] = {
      {"{not json", "request", "not valid JSON"},
      {R"({"query": "zoo", "colour": "red"})", "request",
       "unknown field 'colour'"},
      {R"({"person": 7})", "request", "'person'"},
      {R"({"query": "zoo", "since": "2025-13"})", "query", "2025-13"},
      {"date:2026..2025", "query", "ends before it starts"},
      {R"({"query": ""})", "query", "empty query"},
  };
  for (const Bad& b : bad) {
    CAPTURE(b.request);
    const json answer = ask(b.request);
    CHECK(answer["type"] == "error");
    CHECK(answer["kind"] == b.kind);
    CHECK(answer["message"].get<std::string>().find(b.message_part) !=
          std::string::npos);
  }
  CHECK(ask("aardvark")["hits"].size() == 1);
  const RunResult end = searcher.Finish();
  CHECK(end.out.empty());
  CHECK(end.exit_code == 2);  // some lines were malformed
  CHECK(end.err == "searcher: " + std::to_string(4 + std::size(bad)) + " of " +
                       std::to_string(line) +
                       " requests got an error object\n");
}

TEST_CASE("no batch request fails while an indexer commits underneath it") {
  TempDir dir;
  const std::string corpus = dir / "corpus";
  const std::string db = dir / "db";
  testing::WriteFixtureCorpus(corpus);
  REQUIRE(Indexer({"build", corpus, "--db", db}).exit_code == 0);

  // An indexer rewriting an article and committing, over and over.
  std::atomic<bool> stop{false};
  std::atomic<int> commits{0};
  std::thread writer([&] {
    for (int i = 0; !stop; ++i) {
      testing::WriteFile(corpus + "/live.txt",
                         "date: 2025-08-01\nLive update number " +
                             std::to_string(i) + " about talks.\n");
      if (Indexer({"build", corpus, "--db", db}).exit_code == 0) ++commits;
    }
  });
  PipedProcess searcher({kSearcher, "--db", db, "--batch"});
  int answered = 0;
  // At least 50 requests, and on until the indexer has committed three
  // times (however slow a loaded machine makes it), within a minute.
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::seconds(60);
  for (int i = 0;
       i < 50 || (commits < 3 && std::chrono::steady_clock::now() < deadline);
       ++i) {
    const bool malformed = i % 10 == 9;
    const json answer =
        Ask(searcher, malformed ? std::string(R"({"query": 1})")
                                : R"({"query": "talks", "facets": true})");
    CAPTURE(answer.dump());
    if (malformed) {
      CHECK(answer["kind"] == "request");
    } else {
      REQUIRE(answer["type"] == "result");
      // The fixture's three talks articles, plus live.txt once indexed.
      CHECK(answer["total"]["lower"] >= 3);
      ++answered;
    }
  }
  stop = true;
  writer.join();
  const RunResult end = searcher.Finish();
  CHECK(end.exit_code == 2);
  CHECK(end.err.find("index") == std::string::npos);
  CHECK(commits >= 3);
  CHECK(answered > 0);
}

TEST_CASE("batch mode on two threads flushes each answer as it is ready") {
  TempDir dir;
  const std::string corpus = dir / "corpus";
  const std::string db = dir / "db";
  testing::WriteFixtureCorpus(corpus);
  REQUIRE(Indexer({"build", corpus, "--db", db}).exit_code == 0);

  PipedProcess searcher({kSearcher, "--db", db, "--batch", "--jobs", "2"});
  size_t line = 0;
  for (int round = 0; round < 5; ++round) {
    // One request, its answer read before anything else is written: the
    // answer cannot be waiting for more input or for the end of it.
    const json one = Ask(searcher, "talks");
    CHECK(one["line"] == ++line);
    CHECK(one["type"] == "result");
    // Several at once, cheap and costly mixed: answered in order.
    const std::string burst[] = {R"({"query": "talks", "facets": true})",
                                 "zzyzx", R"({"query": 1})", "golan"};
    std::string text;
    for (const std::string& request : burst) text += request + "\n";
    REQUIRE(searcher.Write(text));
    for (const std::string& request : burst) {
      CAPTURE(request);
      const auto answer = searcher.ReadLine();
      REQUIRE(answer.has_value());
      CHECK(json::parse(*answer)["line"] == ++line);
    }
  }
  const RunResult end = searcher.Finish();
  CHECK(end.out.empty());
  CHECK(end.exit_code == 2);  // the {"query": 1} lines
}

TEST_CASE("blank lines in batch input are skipped, not counted as requests") {
  // A trailing newline, an empty line, spaces and tabs, a CRLF blank line.
  const std::string input = "golan\n\n \t \n\r\ntalks\n{\"limit\": -1}\n\n";
  for (const char* jobs : {"1", "2"}) {
    CAPTURE(jobs);
    const RunResult r = testing::Run(
        {kSearcher, "--db", testing::FixtureDb(), "--batch", "--jobs", jobs},
        input);
    std::vector<json> answers;
    std::istringstream lines(r.out);
    for (std::string line; std::getline(lines, line);)
      answers.push_back(json::parse(line));
    REQUIRE(answers.size() == 3);
    CHECK(answers[0]["type"] == "result");
    CHECK(answers[0]["line"] == 1);
    CHECK(answers[1]["type"] == "result");
    CHECK(answers[1]["line"] == 5);
    CHECK(answers[2]["type"] == "error");
    CHECK(answers[2]["line"] == 6);
    CHECK(r.exit_code == 2);
    CHECK(r.err == "searcher: 1 of 3 requests got an error object\n");
    // Without the malformed request, blank lines leave the exit code 0.
    const RunResult clean = testing::Run(
        {kSearcher, "--db", testing::FixtureDb(), "--batch", "--jobs", jobs},
        "golan\n\n\ntalks\n\n");
    CHECK(clean.exit_code == 0);
    CHECK(clean.err.empty());
  }
}

TEST_CASE("--jobs without --batch is a usage error") {
  const RunResult r = testing::Searcher({"--jobs", "2", "talks"});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("--jobs") != std::string::npos);
}

}  // namespace
}  // namespace gazette
