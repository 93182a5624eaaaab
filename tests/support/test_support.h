// Helpers for tests: temporary directories, fixture files, running the real
// binaries and capturing what they print.
#ifndef GAZETTE_TESTS_TEST_SUPPORT_H_
#define GAZETTE_TESTS_TEST_SUPPORT_H_

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "gazette/entity.h"
#include "gazette/index_builder.h"

namespace gazette::testing {

// A reporter that keeps warnings to itself, for tests that build an index
// and assert on what it holds rather than on what was said.
class QuietReporter : public IndexReporter {
 public:
  void Warning(std::string_view, std::string_view) override {}
};

// A fresh directory under $TMPDIR, removed with everything in it.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  // path() + "/" + relative
  std::string operator/(const std::string& relative) const;

 private:
  std::string path_;
};

// Writes content to path, creating parent directories.
void WriteFile(const std::string& path, const std::string& content);
std::string ReadFile(const std::string& path);

struct RunResult {
  int exit_code = -1;  // 128 + signal if killed by one
  std::string out;
  std::string err;
};

// Runs argv[0] with arguments (no shell), feeding `input` on stdin.
// `env` entries are set (or, with an empty value, unset) in the child.
RunResult Run(const std::vector<std::string>& argv,
              const std::string& input = "",
              const std::map<std::string, std::string>& env = {});

// A program started in the background, its stdout and stderr going to
// files, for tests that signal or race it. The destructor kills (SIGKILL)
// and reaps it if it is still running.
class Child {
 public:
  // Throws std::runtime_error if it cannot be started.
  explicit Child(const std::vector<std::string>& argv);
  ~Child();
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;

  int pid() const { return pid_; }
  void Signal(int signal) const;
  // True if it has exited; fills the result then, as Wait() does.
  bool Poll();
  // Waits for it to end; exit_code is 128 + signal if a signal ended it.
  RunResult Wait();

 private:
  void Finish(int status);

  TempDir output_;
  int pid_ = -1;
  bool done_ = false;
  RunResult result_;
};

// Seconds since an arbitrary start, from a monotonic clock.
double MonotonicSeconds();

// An integer from the environment, for the knobs of the longer tests
// (GAZETTE_RELIABILITY_KILLS and the like); `fallback` when unset.
long EnvInt(const char* name, long fallback);

// Writes the fixture corpus the searcher tests share: five small articles
// with known dates, words and entities (see test_support.cc).
void WriteFixtureCorpus(const std::string& dir);

// Writes the fixture corpus to dir/corpus and indexes it into dir/db, whose
// path it returns; throws std::runtime_error if a file was skipped.
std::string BuildFixtureIndex(const std::string& dir);

// Builds `corpus` into db in this process on two threads, warnings
// dropped: a rebuild or not, committing every `commit_every` articles, in
// `shards` shards (0 keeps the index's count).
IndexSummary BuildOnTwoThreads(const std::string& corpus, const std::string& db,
                               bool rebuild, size_t commit_every,
                               size_t shards = 0);

// Two folded keys of one entity type that share a facet code
// (common/index/facet_fields.h), found by trying keys "key 0", "key 1"...:
// the 30-bit hash gives a pair within about 2^15 tries.
std::pair<std::string, std::string> KeysSharingAFacetCode(EntityType type);

}  // namespace gazette::testing

#endif  // GAZETTE_TESTS_TEST_SUPPORT_H_
