// What the reliability tests share: running the real binaries, checking an
// index after a crash, corpus states that can be restored exactly, and
// small filesystems for the full-disk and read-only cases.
#ifndef GAZETTE_TESTS_RELIABILITY_SUPPORT_H_
#define GAZETTE_TESTS_RELIABILITY_SUPPORT_H_

#include <cstdint>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "tests/support/index_dump.h"
#include "tests/support/test_support.h"

namespace gazette::testing {

// Paths of the binaries under test, set by the test binary's main from its
// compile definitions.
struct Binaries {
  std::string indexer;
  std::string searcher;
};
const Binaries& TestBinaries();

// The full path of a program on $PATH, or empty.
std::string FindProgram(const std::string& name);

// Empty if the index at db is healthy after whatever happened to it: it
// opens, xapian-check finds no errors, and the searcher answers a query for
// the synthetic marker with exactly as many hits as the index has articles
// (every synthetic article has the marker). Otherwise what is wrong.
std::string IndexProblems(const std::string& db);

// A corpus state: id -> (bytes, mtime in ns). Writing one back restores the
// exact size and mtime, so an index built from it can be compared with
// another built from the same state.
struct CorpusFileState {
  std::string text;
  // 0: whatever the clock says when the file is written (the "live" mode,
  // as a user editing files sees it).
  int64_t mtime_ns = 0;
  // Live mode: bumped to have the file touched (a new mtime, same bytes).
  unsigned touches = 0;
  friend bool operator==(const CorpusFileState&,
                         const CorpusFileState&) = default;
};
using CorpusState = std::map<std::string, CorpusFileState>;

// Synthetic files 0..count-1 with fixed, distinct mtimes: articles, and
// every 25th a JSON Lines file of a few articles.
CorpusState SyntheticState(uint64_t count, uint64_t seed);

// How many articles the state's files hold.
size_t ArticleCount(const CorpusState& state);

// Makes dir hold exactly `want`, given that it holds `have` now: writes
// what differs, removes what is gone (and directories left empty).
void Materialize(const std::string& dir, const CorpusState& have,
                 const CorpusState& want);

// Which changes RandomChanges may apply.
struct ChangeMix {
  unsigned add = 5, edit = 10, remove = 5, rename = 3, touch = 3,
           same_size_edit = 2, file_to_dir = 1;  // percent of the articles
};

// A new state from `state` by random changes: new articles, edited ones
// (new text and mtime; in JSON Lines files, lines replaced, inserted,
// deleted or swapped), deletions, renames (same bytes, new id), touches
// (same bytes, new mtime), edits that keep the size, and files replaced by
// a directory of the same name holding articles. `serial` numbers new
// articles so ids never repeat.
CorpusState RandomChanges(const CorpusState& state, std::mt19937_64& rng,
                          uint64_t seed, uint64_t* serial,
                          const ChangeMix& mix = {});

// Mounts a tmpfs of `bytes` at dir (which must exist) in a mount namespace
// private to this test process, so nothing outlives it. Returns why it
// could not, or nullopt on success.
std::optional<std::string> MountTmpfs(const std::string& dir, uint64_t bytes);
// Remounts it read-only, or read-write with a new size. Returns an error.
std::optional<std::string> RemountTmpfs(const std::string& dir, bool read_only,
                                        uint64_t bytes);
void Unmount(const std::string& dir);

}  // namespace gazette::testing

#endif  // GAZETTE_TESTS_RELIABILITY_SUPPORT_H_
