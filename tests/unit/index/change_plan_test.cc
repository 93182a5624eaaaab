#include "common/index/change_plan.h"

#include <doctest/doctest.h>

#include <optional>
#include <set>
#include <string>
#include <unordered_set>
#include <vector>

namespace gazette {
namespace {

// A file as the walk lists it (its path is filled in by Plan()).
CorpusFile Found(const std::string& id, uint64_t size, int64_t mtime) {
  const bool jsonl = id.size() > 6 && id.substr(id.size() - 6) == ".jsonl";
  return {id, "", size, mtime,
          jsonl ? CorpusFileKind::kJsonLines : CorpusFileKind::kArticle};
}

// The record of an article indexed from a file of its own.
SourceRecord Indexed(const std::string& root, const std::string& id,
                     uint64_t size, int64_t mtime, uint64_t hash = 1) {
  return {root, id, "", size, mtime, hash, ""};
}

// The record of an article indexed from a line of a JSON Lines file.
SourceRecord IndexedLine(const std::string& root, const std::string& file,
                         const std::string& key, uint64_t size, int64_t mtime,
                         uint64_t hash = 1) {
  return {root, file + "#" + key, file, size, mtime, hash, ""};
}

std::string Name(FileAction action) {
  switch (action) {
    case FileAction::kAdd:
      return "add";
    case FileAction::kReplace:
      return "replace";
    case FileAction::kSkip:
      return "skip";
  }
  return "?";
}

std::string Name(FileReason reason) {
  switch (reason) {
    case FileReason::kNew:
      return "new";
    case FileReason::kChanged:
      return "changed";
    case FileReason::kMoved:
      return "moved";
    case FileReason::kUnchanged:
      return "unchanged";
    case FileReason::kIdTaken:
      return "taken";
  }
  return "?";
}

// The plan, one line a file ("/c/a.txt: replace (changed) [a.txt]", the
// indexed articles in brackets), then one a removal ("remove /c/b.txt").
std::vector<std::string> Describe(const ChangePlan& plan,
                                  const IndexedSources& indexed) {
  std::vector<std::string> lines;
  for (const FileChange& change : plan.files) {
    std::string line = *change.root + "/" + change.file->id + ": " +
                       Name(change.action) + " (" + Name(change.reason) + ")";
    if (change.owner != nullptr) line += " by " + *change.owner;
    for (size_t i = 0; i < change.indexed.size(); ++i)
      line += (i == 0 ? " [" : " ") + indexed[change.indexed[i]].id;
    if (!change.indexed.empty()) line += "]";
    lines.push_back(line);
  }
  for (size_t i : plan.removed)
    lines.push_back("remove " + indexed[i].root + "/" + indexed[i].FilePath() +
                    (indexed[i].file.empty() ? "" : " " + indexed[i].id));
  return lines;
}

struct Walk {
  std::string root;
  std::vector<CorpusFile> files;  // sorted by id, as the walker lists them
};

struct Case {
  const char* name;
  std::vector<Walk> walks;  // the build's roots, in order
  std::vector<SourceRecord> indexed;
  std::set<std::string> live_roots;
  std::vector<std::string> want;
};

std::vector<std::string> Plan(const Case& c) {
  std::vector<std::string> roots;
  std::vector<CorpusListing> listings;
  for (const Walk& walk : c.walks) {
    roots.push_back(walk.root);
    CorpusListing& listing = listings.emplace_back();
    listing.files = walk.files;
    for (CorpusFile& file : listing.files)
      file.path = walk.root + "/" + file.id;
  }
  IndexedSources indexed;
  for (const SourceRecord& record : c.indexed) REQUIRE(indexed.Add(record));
  return Describe(PlanChanges(roots, listings, indexed, c.live_roots), indexed);
}

TEST_CASE("change plan decides each file by size and mtime") {
  const Case cases[] = {
      {"new file",
       {{"/c", {Found("a.txt", 10, 100)}}},
       {},
       {"/c"},
       {"/c/a.txt: add (new)"}},
      {"unchanged: same size and mtime",
       {{"/c", {Found("a.txt", 10, 100)}}},
       {Indexed("/c", "a.txt", 10, 100)},
       {"/c"},
       {"/c/a.txt: skip (unchanged) [a.txt]"}},
      {"touched: new mtime, same size (hashing decides: SameContent)",
       {{"/c", {Found("a.txt", 10, 200)}}},
       {Indexed("/c", "a.txt", 10, 100)},
       {"/c"},
       {"/c/a.txt: replace (changed) [a.txt]"}},
      {"edited: new size and mtime",
       {{"/c", {Found("a.txt", 12, 200)}}},
       {Indexed("/c", "a.txt", 10, 100)},
       {"/c"},
       {"/c/a.txt: replace (changed) [a.txt]"}},
      {"deleted",
       {{"/c", {Found("a.txt", 10, 100)}}},
       {Indexed("/c", "a.txt", 10, 100), Indexed("/c", "b.txt", 5, 100)},
       {"/c"},
       {"/c/a.txt: skip (unchanged) [a.txt]", "remove /c/b.txt"}},
      {"a file replaced by a directory of files",
       {{"/c", {Found("x.txt/a.txt", 10, 300), Found("x.txt/b.txt", 10, 300)}}},
       {Indexed("/c", "x.txt", 10, 100)},
       {"/c"},
       {"/c/x.txt/a.txt: add (new)", "/c/x.txt/b.txt: add (new)",
        "remove /c/x.txt"}},
      {"an empty walk removes everything indexed from its root",
       {{"/c", {}}},
       {Indexed("/c", "a.txt", 10, 100), Indexed("/c", "b.txt", 10, 100)},
       {"/c"},
       {"remove /c/a.txt", "remove /c/b.txt"}},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    CHECK(Plan(c) == c.want);
  }
}

TEST_CASE(
    "change plan reads a JSON Lines file whole unless all its articles "
    "say it is unchanged") {
  const Case cases[] = {
      {"new file",
       {{"/c", {Found("feed.jsonl", 90, 100)}}},
       {},
       {"/c"},
       {"/c/feed.jsonl: add (new)"}},
      {"unchanged: every line's record has its size and mtime",
       {{"/c", {Found("feed.jsonl", 90, 100)}}},
       {IndexedLine("/c", "feed.jsonl", "a", 90, 100),
        IndexedLine("/c", "feed.jsonl", "b", 90, 100)},
       {"/c"},
       {"/c/feed.jsonl: skip (unchanged) [feed.jsonl#a feed.jsonl#b]"}},
      {"lines added, changed or removed: size or mtime differ",
       {{"/c", {Found("feed.jsonl", 120, 200)}}},
       {IndexedLine("/c", "feed.jsonl", "a", 90, 100),
        IndexedLine("/c", "feed.jsonl", "b", 90, 100)},
       {"/c"},
       {"/c/feed.jsonl: replace (changed) [feed.jsonl#a feed.jsonl#b]"}},
      {"one stale record is enough to read it again",
       {{"/c", {Found("feed.jsonl", 90, 100)}}},
       {IndexedLine("/c", "feed.jsonl", "a", 90, 100),
        IndexedLine("/c", "feed.jsonl", "b", 80, 50)},
       {"/c"},
       {"/c/feed.jsonl: replace (changed) [feed.jsonl#a feed.jsonl#b]"}},
      {"deleted: its every article goes",
       {{"/c", {Found("other.jsonl", 90, 100)}}},
       {IndexedLine("/c", "feed.jsonl", "a", 90, 100),
        IndexedLine("/c", "feed.jsonl", "b", 90, 100),
        IndexedLine("/c", "other.jsonl", "a", 90, 100)},
       {"/c"},
       {"/c/other.jsonl: skip (unchanged) [other.jsonl#a]",
        "remove /c/feed.jsonl feed.jsonl#a",
        "remove /c/feed.jsonl feed.jsonl#b"}},
      {"an article file and a JSON Lines file side by side",
       {{"/c", {Found("a.txt", 10, 100), Found("feed.jsonl", 90, 100)}}},
       {Indexed("/c", "a.txt", 10, 100),
        IndexedLine("/c", "feed.jsonl", "1", 90, 100)},
       {"/c"},
       {"/c/a.txt: skip (unchanged) [a.txt]",
        "/c/feed.jsonl: skip (unchanged) [feed.jsonl#1]"}},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    CHECK(Plan(c) == c.want);
  }
}

TEST_CASE("change plan keeps the ids of several corpus roots apart") {
  const Case cases[] = {
      {"the first root to list an id takes it",
       {{"/one", {Found("a.txt", 10, 100), Found("only1.txt", 10, 100)}},
        {"/two", {Found("a.txt", 20, 100), Found("only2.txt", 10, 100)}}},
       {},
       {"/one", "/two"},
       {"/one/a.txt: add (new)", "/one/only1.txt: add (new)",
        "/two/a.txt: skip (taken) by /one", "/two/only2.txt: add (new)"}},
      {"the second root's copy is taken whether or not it was indexed",
       {{"/one", {Found("a.txt", 10, 100)}},
        {"/two", {Found("a.txt", 20, 100)}}},
       {Indexed("/one", "a.txt", 10, 100)},
       {"/one", "/two"},
       {"/one/a.txt: skip (unchanged) [a.txt]",
        "/two/a.txt: skip (taken) by /one [a.txt]"}},
      {"a root built alone removes nothing of another's",
       {{"/one", {Found("a.txt", 10, 100)}}},
       {Indexed("/one", "a.txt", 10, 100), Indexed("/two", "b.txt", 10, 100)},
       {"/one", "/two"},
       {"/one/a.txt: skip (unchanged) [a.txt]"}},
      {"an id indexed from a root not in the build that still exists",
       {{"/one", {Found("a.txt", 10, 100)}}},
       {Indexed("/two", "a.txt", 10, 100)},
       {"/one", "/two"},
       {"/one/a.txt: skip (taken) by /two [a.txt]"}},
      {"an id indexed from a root that is gone moves",
       {{"/one", {Found("a.txt", 10, 100)}}},
       {Indexed("/gone", "a.txt", 10, 100)},
       {"/one"},
       {"/one/a.txt: replace (moved) [a.txt]"}},
      {"a JSON Lines file whose path another live root indexed",
       {{"/one", {Found("feed.jsonl", 90, 100)}}},
       {IndexedLine("/two", "feed.jsonl", "a", 90, 100)},
       {"/one", "/two"},
       {"/one/feed.jsonl: skip (taken) by /two [feed.jsonl#a]"}},
      {"a JSON Lines file whose path a gone root indexed",
       {{"/one", {Found("feed.jsonl", 90, 100)}}},
       {IndexedLine("/gone", "feed.jsonl", "a", 90, 100)},
       {"/one"},
       {"/one/feed.jsonl: replace (moved) [feed.jsonl#a]"}},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    CHECK(Plan(c) == c.want);
  }
}

// The record of an article indexed from a labelled root ("" for none).
SourceRecord Labelled(const std::string& root, const std::string& label,
                      const std::string& path, uint64_t size, int64_t mtime) {
  return {root, label.empty() ? path : label + "/" + path, "", size, mtime, 1,
          label};
}

struct LabelCase {
  const char* name;
  std::vector<Walk> walks;  // paths relative to each root, as walked
  std::vector<SourceRecord> indexed;
  std::set<std::string> live_roots;
  std::vector<std::string> want_labels;
  // The plan by article id: "id: action (reason)", then "remove id".
  std::vector<std::string> want;
};

// Labels the walks as the index builder does, then plans the build.
std::pair<std::vector<std::string>, std::vector<std::string>> LabelAndPlan(
    const LabelCase& c) {
  std::vector<std::string> roots;
  std::vector<CorpusListing> listings;
  for (const Walk& walk : c.walks) {
    roots.push_back(walk.root);
    listings.emplace_back().files = walk.files;
    for (CorpusFile& file : listings.back().files)
      file.path = walk.root + "/" + file.id;
  }
  IndexedSources indexed;
  for (const SourceRecord& record : c.indexed) REQUIRE(indexed.Add(record));
  const std::vector<std::string> labels =
      ChooseRootLabels(roots, listings, indexed, c.live_roots);
  REQUIRE(labels.size() == roots.size());
  for (size_t r = 0; r < roots.size(); ++r)
    ApplyRootLabel(labels[r], listings[r]);
  const ChangePlan plan = PlanChanges(roots, listings, indexed, c.live_roots);
  std::vector<std::string> lines;
  for (const FileChange& change : plan.files) {
    lines.push_back(change.file->id + ": " + Name(change.action) + " (" +
                    Name(change.reason) + ")");
  }
  for (size_t i : plan.removed) lines.push_back("remove " + indexed[i].id);
  return {labels, lines};
}

TEST_CASE("roots get labels so that their ids stay apart and stay put") {
  const LabelCase cases[] = {
      {"one root into a new index: the ids are the relative paths",
       {{"/n/2024", {Found("03/a.txt", 10, 100)}}},
       {},
       {},
       {""},
       {"03/a.txt: add (new)"}},
      {"two roots into a new index: each its last component",
       {{"/n/2024", {Found("03/a.txt", 10, 100)}},
        {"/n/2025", {Found("03/a.txt", 10, 100)}}},
       {},
       {},
       {"2024", "2025"},
       {"2024/03/a.txt: add (new)", "2025/03/a.txt: add (new)"}},
      {"two roots of the same last component: the second is numbered",
       {{"/a/news", {Found("x.txt", 10, 100)}},
        {"/b/news", {Found("x.txt", 10, 100)}},
        {"/c/news", {Found("x.txt", 10, 100)}}},
       {},
       {},
       {"news", "news-2", "news-3"},
       {"news/x.txt: add (new)", "news-2/x.txt: add (new)",
        "news-3/x.txt: add (new)"}},
      {"a root added to a one-root index: the first keeps its ids",
       {{"/n/2024", {Found("03/a.txt", 10, 100)}},
        {"/n/2025", {Found("03/a.txt", 10, 100)}}},
       {Labelled("/n/2024", "", "03/a.txt", 10, 100)},
       {"/n/2024"},
       {"", "2025"},
       {"03/a.txt: skip (unchanged)", "2025/03/a.txt: add (new)"}},
      {"a root added alone while the first still exists: labelled",
       {{"/n/2025", {Found("03/a.txt", 10, 100)}}},
       {Labelled("/n/2024", "", "03/a.txt", 10, 100)},
       {"/n/2024"},
       {"2025"},
       {"2025/03/a.txt: add (new)"}},
      {"a root left out of a build: neither root's ids change",
       {{"/n/2024", {Found("03/a.txt", 10, 100)}}},
       {Labelled("/n/2024", "2024", "03/a.txt", 10, 100),
        Labelled("/n/2025", "2025", "03/a.txt", 10, 100)},
       {"/n/2024", "/n/2025"},
       {"2024"},
       {"2024/03/a.txt: skip (unchanged)"}},
      {"a root deleted from disk: the other keeps its label",
       {{"/n/2025", {Found("03/a.txt", 10, 100)}}},
       {Labelled("/n/2024", "2024", "03/a.txt", 10, 100),
        Labelled("/n/2025", "2025", "03/a.txt", 10, 100)},
       {"/n/2025"},
       {"2025"},
       {"2025/03/a.txt: skip (unchanged)"}},
      {"roots given in another order keep their labels",
       {{"/b/news", {Found("x.txt", 10, 100)}},
        {"/a/news", {Found("x.txt", 10, 100)}}},
       {Labelled("/a/news", "news", "x.txt", 10, 100),
        Labelled("/b/news", "news-2", "x.txt", 10, 100)},
       {"/a/news", "/b/news"},
       {"news-2", "news"},
       {"news-2/x.txt: skip (unchanged)", "news/x.txt: skip (unchanged)"}},
      {"a label is never a top folder of the unlabelled root",
       {{"/x/news", {Found("a.txt", 10, 100)}}},
       {Labelled("/c", "", "news/a.txt", 10, 100)},
       {"/c"},
       {"news-2"},
       {"news-2/a.txt: add (new)"}},
      {"an unlabelled corpus moved elsewhere keeps its ids",
       {{"/new/c", {Found("a.txt", 10, 100)}}},
       {Labelled("/old/c", "", "a.txt", 10, 100)},
       {},
       {""},
       {"a.txt: replace (moved)"}},
      {"a labelled corpus moved elsewhere takes its label back",
       {{"/b/news", {Found("a.txt", 10, 100)}}},
       {Labelled("/a/news", "news", "a.txt", 10, 100),
        Labelled("/n/2025", "2025", "a.txt", 10, 100)},
       {"/n/2025"},
       {"news"},
       {"news/a.txt: replace (moved)"}},
      {"a file moved from one root to another: removed, then added",
       {{"/n/2024", {}}, {"/n/2025", {Found("x.txt", 10, 100)}}},
       {Labelled("/n/2024", "2024", "x.txt", 10, 100),
        Labelled("/n/2025", "2025", "y.txt", 10, 100)},
       {"/n/2024", "/n/2025"},
       {"2024", "2025"},
       {"2025/x.txt: add (new)", "remove 2024/x.txt", "remove 2025/y.txt"}},
      {"JSON Lines files of two roots: their articles' ids apart",
       {{"/a/feeds", {Found("f.jsonl", 10, 100)}},
        {"/b/feeds", {Found("f.jsonl", 10, 100)}}},
       {},
       {},
       {"feeds", "feeds-2"},
       {"feeds/f.jsonl: add (new)", "feeds-2/f.jsonl: add (new)"}},
  };
  for (const LabelCase& c : cases) {
    CAPTURE(c.name);
    // Not a structured binding: clang 14 cannot capture one in CHECK.
    const auto labels_and_plan = LabelAndPlan(c);
    CHECK(labels_and_plan.first == c.want_labels);
    CHECK(labels_and_plan.second == c.want);
  }
}

TEST_CASE(
    "a JSON Lines file written in part at the last commit is read again") {
  const std::vector<std::string> roots = {"/c", "/d"};
  std::vector<CorpusListing> listings(2);
  listings[0].files = {Found("a.jsonl", 90, 100), Found("b.jsonl", 90, 100),
                       Found("x.txt", 10, 100)};
  listings[1].files = {Found("z.jsonl", 90, 100)};
  for (size_t r = 0; r < 2; ++r) {
    for (CorpusFile& file : listings[r].files)
      file.path = roots[r] + "/" + file.id;
  }
  IndexedSources indexed;
  for (const SourceRecord& record :
       {IndexedLine("/c", "a.jsonl", "k1", 90, 100),
        IndexedLine("/c", "b.jsonl", "k1", 90, 100),
        Indexed("/c", "x.txt", 10, 100),
        IndexedLine("/d", "z.jsonl", "k1", 90, 100)}) {
    REQUIRE(indexed.Add(record));
  }
  const std::vector<std::string> unchanged = {
      "/c/a.jsonl: skip (unchanged) [a.jsonl#k1]",
      "/c/b.jsonl: skip (unchanged) [b.jsonl#k1]",
      "/c/x.txt: skip (unchanged) [x.txt]",
      "/d/z.jsonl: skip (unchanged) [z.jsonl#k1]"};
  const auto plan_with = [&](std::string_view partial) {
    ChangePlan plan = PlanChanges(roots, listings, indexed, {"/c", "/d"});
    ReadPartialFileAgain(plan, partial);
    return Describe(plan, indexed);
  };
  CHECK(plan_with("") == unchanged);
  // Only the file named, of the root named: /c has no z.jsonl.
  std::vector<std::string> want = unchanged;
  want[1] = "/c/b.jsonl: replace (changed) [b.jsonl#k1]";
  CHECK(plan_with(std::string("/c\0b.jsonl", 10)) == want);
  want = unchanged;
  want[3] = "/d/z.jsonl: replace (changed) [z.jsonl#k1]";
  CHECK(plan_with(std::string("/d\0z.jsonl", 10)) == want);
  // A file that is gone, or not JSON Lines, changes nothing.
  CHECK(plan_with(std::string("/c\0gone.jsonl", 13)) == unchanged);
  CHECK(plan_with(std::string("/c\0z.jsonl", 10)) == unchanged);
  CHECK(plan_with(std::string("/c\0x.txt", 8)) == unchanged);
  // After a sharded build killed between its shards' commits: every JSON
  // Lines file, of every root, and nothing else.
  ChangePlan every = PlanChanges(roots, listings, indexed, {"/c", "/d"});
  ReadEveryJsonLinesFileAgain(every);
  CHECK(Describe(every, indexed) ==
        std::vector<std::string>{"/c/a.jsonl: replace (changed) [a.jsonl#k1]",
                                 "/c/b.jsonl: replace (changed) [b.jsonl#k1]",
                                 "/c/x.txt: skip (unchanged) [x.txt]",
                                 "/d/z.jsonl: replace (changed) [z.jsonl#k1]"});
}

TEST_CASE("same content: a touched file is refreshed, an edited one analysed") {
  struct ContentCase {
    const char* name;
    SourceRecord indexed;
    SourceRecord found;
    bool same;
  };
  const ContentCase cases[] = {
      {"touched: new mtime, same hash", Indexed("/c", "a.txt", 10, 100, 7),
       Indexed("/c", "a.txt", 10, 200, 7), true},
      {"edited: another hash", Indexed("/c", "a.txt", 10, 100, 7),
       Indexed("/c", "a.txt", 10, 200, 8), false},
      {"the same bytes from another root", Indexed("/c", "a.txt", 10, 100, 7),
       Indexed("/d", "a.txt", 10, 100, 7), false},
      {"a line whose file changed elsewhere",
       IndexedLine("/c", "feed.jsonl", "a", 90, 100, 7),
       IndexedLine("/c", "feed.jsonl", "a", 120, 200, 7), true},
      {"an edited line", IndexedLine("/c", "feed.jsonl", "a", 90, 100, 7),
       IndexedLine("/c", "feed.jsonl", "a", 120, 200, 9), false},
      {"the same line recorded as read from another file",
       {"/c", "feed.jsonl#a", "old.jsonl", 90, 100, 7, ""},
       IndexedLine("/c", "feed.jsonl", "a", 120, 200, 7),
       false},
  };
  for (const ContentCase& c : cases) {
    CAPTURE(c.name);
    CHECK(SameContent(c.indexed, c.found) == c.same);
  }
}

TEST_CASE("a JSON Lines file read again: lines added, changed and removed") {
  IndexedSources indexed;
  REQUIRE(indexed.Add(IndexedLine("/c", "feed.jsonl", "a", 90, 100, 1)));
  REQUIRE(indexed.Add(IndexedLine("/c", "feed.jsonl", "b", 90, 100, 2)));
  REQUIRE(indexed.Add(IndexedLine("/c", "feed.jsonl", "c", 90, 100, 3)));
  REQUIRE(indexed.Add(IndexedLine("/c", "feed.jsonl", "4", 90, 100, 4)));
  const std::vector<std::string> roots = {"/c"};
  std::vector<CorpusListing> listings(1);
  listings[0].files = {Found("feed.jsonl", 120, 200)};
  const ChangePlan plan = PlanChanges(roots, listings, indexed, {"/c"});
  REQUIRE(plan.files.size() == 1);
  const FileChange& change = plan.files[0];
  CHECK(change.action == FileAction::kReplace);
  CHECK(plan.removed.empty());

  // The lines as read now: a as it was, b edited, d new; c and the line
  // numbered 4 are gone.
  struct Line {
    std::string key;
    uint64_t hash;
    const char* want;
  };
  const Line lines[] = {
      {"a", 1, "refresh"}, {"b", 5, "analyse"}, {"d", 6, "add"}};
  std::unordered_set<std::string> ids_read;
  for (const Line& line : lines) {
    CAPTURE(line.key);
    const SourceRecord found =
        IndexedLine("/c", "feed.jsonl", line.key, 120, 200, line.hash);
    ids_read.insert(found.id);
    const std::optional<size_t> i = indexed.FindId(found.id);
    const char* decision = !i                                ? "add"
                           : SameContent(indexed[*i], found) ? "refresh"
                                                             : "analyse";
    CHECK(std::string(decision) == line.want);
  }
  std::vector<std::string> gone;
  for (size_t i : LinesGone(change, indexed, ids_read))
    gone.push_back(indexed[i].id);
  CHECK(gone == std::vector<std::string>{"feed.jsonl#c", "feed.jsonl#4"});
}

TEST_CASE("lines gone are those of the file's own root only") {
  IndexedSources indexed;
  REQUIRE(indexed.Add(IndexedLine("/gone", "feed.jsonl", "a", 90, 100)));
  REQUIRE(indexed.Add(IndexedLine("/c", "feed.jsonl", "b", 90, 100)));
  const std::vector<std::string> roots = {"/c"};
  std::vector<CorpusListing> listings(1);
  listings[0].files = {Found("feed.jsonl", 120, 200)};
  const ChangePlan plan = PlanChanges(roots, listings, indexed, {"/c"});
  REQUIRE(plan.files.size() == 1);
  CHECK(plan.files[0].reason == FileReason::kMoved);
  const std::vector<size_t> gone = LinesGone(plan.files[0], indexed, {});
  REQUIRE(gone.size() == 1);
  CHECK(indexed[gone[0]].id == "feed.jsonl#b");
}

TEST_CASE("indexed sources keep the first record of an id") {
  IndexedSources indexed;
  CHECK(indexed.Add(Indexed("/c", "a.txt", 10, 100)));
  CHECK_FALSE(indexed.Add(Indexed("/d", "a.txt", 20, 200)));
  REQUIRE(indexed.size() == 1);
  CHECK(indexed[*indexed.FindId("a.txt")].root == "/c");
  CHECK_FALSE(indexed.FindId("b.txt"));
  CHECK(indexed.FromFile("feed.jsonl").empty());
  CHECK(indexed.Roots() == std::set<std::string>{"/c"});
}

}  // namespace
}  // namespace gazette
