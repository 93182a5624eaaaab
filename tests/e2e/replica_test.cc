// Read replicas made by Xapian's stock xapian-replicate-server and
// xapian-replicate (scripts/replicate.sh, on a loopback port it picks,
// every wait bounded, always stopped): a replica catches up with the
// master's incremental builds by their changesets, and a searcher on it
// answers as one on the master.
#include <doctest/doctest.h>
#include <xapian.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>

#include "tests/e2e/e2e_support.h"
#include "tests/support/synthetic_corpus.h"

namespace gazette::testing {
namespace {

namespace fs = std::filesystem;

TEST_SUITE_BEGIN("remote");

const std::string kReplicate = kSource + "/scripts/replicate.sh";

// xapian-replicate-server serving `index` on loopback, stopped when this
// goes.
class ReplicationServer {
 public:
  ReplicationServer(const std::string& index, const std::string& state)
      : state_(state) {
    const RunResult r = Run({"/bin/bash", kReplicate, "start", index, state});
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    address_ = r.out.substr(0, r.out.find('\n'));
  }
  ~ReplicationServer() { (void)Run({"/bin/bash", kReplicate, "stop", state_}); }
  ReplicationServer(const ReplicationServer&) = delete;
  ReplicationServer& operator=(const ReplicationServer&) = delete;

  // HOST:PORT.
  const std::string& address() const { return address_; }

 private:
  std::string state_;
  std::string address_;
};

// The answers of a batch of requests, parsed, without their timing.
std::vector<nlohmann::json> Answers(const std::string& db) {
  const std::string input =
      R"({"query":"newsroom","facets":true,"exact":true,"limit":20})"
      "\n"
      R"({"query":"newsroom","sort":"newest","limit":50})"
      "\n"
      R"({"query":"talks OR minister","facets":true,"exact":true})"
      "\n"
      R"({"query":"what did the minister say","plain":true})"
      "\n";
  const RunResult run = Run({kSearcher, "--db", db, "--batch"}, input);
  CAPTURE(run.err);
  REQUIRE(run.exit_code <= 1);
  std::vector<nlohmann::json> answers;
  std::istringstream in(run.out);
  for (std::string line; std::getline(in, line);) {
    nlohmann::json j = nlohmann::json::parse(line);
    j.erase("seconds");
    answers.push_back(std::move(j));
  }
  REQUIRE(answers.size() == 4);
  return answers;
}

// Each shard of the replica is at the master's revision.
void CheckSameRevisions(const std::string& master, const std::string& replica) {
  for (int i = 0; i < 2; ++i) {
    const std::string shard = "/shard-" + std::to_string(i);
    CAPTURE(shard);
    CHECK(Xapian::Database(replica + shard).get_revision() ==
          Xapian::Database(master + shard).get_revision());
  }
}

TEST_CASE(
    "a replica catches up after incremental builds and answers as the "
    "master") {
  TempDir dir;
  const std::string corpus = dir / "corpus";
  const std::string master = dir / "master";
  const std::string replica = dir / "replica";
  (void)WriteSyntheticCorpus(corpus, 150, 21);
  RunResult r = Indexer(
      {"build", corpus, "--db", master, "--shards", "2", "--changesets", "10"});
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);

  ReplicationServer server(master, dir / "state");
  const auto pull = [&] {
    const RunResult p = Run({"/bin/bash", kReplicate, "pull", server.address(),
                             replica, "--shards", "2"});
    REQUIRE_MESSAGE(p.exit_code == 0, p.err);
    return p.out;
  };
  // The first pull copies the shards whole.
  CHECK(pull().find("changesets") != std::string::npos);
  CheckSameRevisions(master, replica);
  CHECK(Answers(replica) == Answers(master));

  // Two incremental builds: articles added, one edited, one deleted.
  for (uint64_t round = 1; round <= 2; ++round) {
    CAPTURE(round);
    for (uint64_t n = 0; n < 10; ++n) {
      const uint64_t number = 150 + round * 10 + n;
      WriteFile(corpus + "/" + SyntheticId(number),
                SyntheticArticle(21, number));
    }
    WriteFile(corpus + "/" + SyntheticId(round),
              SyntheticArticle(21, round, static_cast<unsigned>(round)));
    fs::remove(corpus + "/" + SyntheticId(100 + round));
    // Not told again: the index keeps the number of changesets.
    r = Indexer({"build", corpus, "--db", master});
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    // The master's answers moved; the replica's follow after a pull made
    // of changesets only, no copy.
    const std::vector<nlohmann::json> expected = Answers(master);
    CHECK(Answers(replica) != expected);
    const std::string out = pull();
    CHECK(out.find("0 copies") != std::string::npos);
    CheckSameRevisions(master, replica);
    CHECK(Answers(replica) == expected);
  }
}

TEST_SUITE_END();

}  // namespace
}  // namespace gazette::testing
