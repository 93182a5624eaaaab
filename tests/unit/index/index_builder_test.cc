#include "gazette/index_builder.h"

#include <doctest/doctest.h>
#include <sys/stat.h>

#include <filesystem>
#include <map>
#include <set>

#include "common/index/index_database.h"
#include "common/index/schema.h"
#include "common/index/shard_stub.h"
#include "common/index/stored_fields.h"
#include "gazette/error.h"
#include "gazette/searcher.h"
#include "tests/support/index_dump.h"
#include "tests/support/synthetic_corpus.h"
#include "tests/support/test_support.h"

namespace gazette {
namespace {

namespace fs = std::filesystem;

class RecordingReporter : public IndexReporter {
 public:
  void Warning(std::string_view path, std::string_view message) override {
    warnings.push_back(std::string(path) + ": " + std::string(message));
  }
  std::vector<std::string> warnings;
};

IndexSummary Build(const std::vector<std::string>& dirs, const std::string& db,
                   RecordingReporter* reporter = nullptr,
                   bool rebuild = false) {
  RecordingReporter local;
  IndexOptions options;
  options.corpus_dirs = dirs;
  options.db_path = db;
  options.rebuild = rebuild;
  options.jobs = 2;
  options.commit_every = 2;
  return BuildIndex(options, reporter ? *reporter : local);
}

// id -> body, read back from the index.
std::map<std::string, std::string> Contents(const std::string& db_path) {
  Xapian::Database db(db_path);
  std::map<std::string, std::string> out;
  for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
    const Article d =
        DecodeArticleData(db.get_document(*it).get_data()).value();
    CHECK(out.emplace(d.id, d.body).second);  // no duplicates
  }
  return out;
}

TEST_CASE("index builder adds, updates, removes and skips unchanged files") {
  testing::TempDir dir;
  const std::string corpus = dir / "corpus";
  const std::string db = dir / "db";
  testing::WriteFile(corpus + "/a.txt", "date 2025-01-01 Alpha.");
  testing::WriteFile(corpus + "/b.txt", "date 2025-01-02 Beta.");
  testing::WriteFile(corpus + "/c.txt", "date 2025-01-03 Gamma.");
  IndexSummary s = Build({corpus}, db);
  CHECK(s.added == 3);
  CHECK(s.articles == 3);

  s = Build({corpus}, db);
  CHECK(s.added == 0);
  CHECK(s.unchanged == 3);

  testing::WriteFile(corpus + "/a.txt", "date 2025-01-01 Alpha edited.");
  fs::remove(corpus + "/b.txt");
  testing::WriteFile(corpus + "/d.txt", "date 2025-01-04 Delta.");
  // Same bytes, new mtime: recognised by content hash.
  const auto c_time = fs::last_write_time(corpus + "/c.txt");
  fs::last_write_time(corpus + "/c.txt", c_time + std::chrono::seconds(5));
  s = Build({corpus}, db);
  CHECK(s.added == 1);
  CHECK(s.updated == 1);
  CHECK(s.removed == 1);
  CHECK(s.unchanged == 1);
  CHECK(Contents(db) ==
        std::map<std::string, std::string>{{"a.txt", "Alpha edited."},
                                           {"c.txt", "Gamma."},
                                           {"d.txt", "Delta."}});
  // The touched file's new mtime was recorded: the next build reads nothing.
  s = Build({corpus}, db);
  CHECK(s.unchanged == 3);
  CHECK(s.added + s.updated + s.removed == 0);
}

// Asks a searcher, at each warning, whether the index is being built.
class ProgressProbe : public IndexReporter {
 public:
  explicit ProgressProbe(std::string db) : db_(std::move(db)) {}
  void Warning(std::string_view, std::string_view) override {
    seen.push_back(Searcher(db_).FirstBuildProgress());
  }
  std::vector<std::optional<IndexProgress>> seen;

 private:
  std::string db_;
};

TEST_CASE("a first build tells searchers how far it is, and only then") {
  for (const unsigned jobs : {1u, 2u}) {  // one writer, or shards
    CAPTURE(jobs);
    testing::TempDir dir;
    // 20 files, enough for shards; the empty one warns as it is written.
    for (int i = 0; i < 20; ++i) {
      char name[16];
      std::snprintf(name, sizeof name, "/%02d.txt", i);
      testing::WriteFile(dir / "corpus" + name,
                         i == 9 ? "" : "date 2025-01-01 Article text.");
    }
    IndexOptions options;
    options.corpus_dirs = {dir / "corpus"};
    options.db_path = dir / "db";
    options.jobs = jobs;
    options.commit_every = 4;
    ProgressProbe probe(dir / "db");
    REQUIRE(BuildIndex(options, probe).added == 19);
    REQUIRE(probe.seen.size() == 1);
    REQUIRE(probe.seen[0].has_value());
    // One writer commits it with its articles (every 4: 8 files before the
    // empty one); shards leave the index empty, and it is committed at the
    // start and about once a second.
    if (jobs == 1) {
      CHECK(probe.seen[0]->done == 8);
    } else {
      CHECK(probe.seen[0]->done < 20);
    }
    CHECK(probe.seen[0]->total == 20);
    // Finished: nothing to say, nor for a build that is not the first.
    CHECK(!Searcher(dir / "db").FirstBuildProgress());
    testing::WriteFile(dir / "corpus/09.txt", "");
    testing::WriteFile(dir / "corpus/20.txt", "");
    ProgressProbe again(dir / "db");
    (void)BuildIndex(options, again);
    REQUIRE(!again.seen.empty());
    for (const auto& seen : again.seen) CHECK(!seen.has_value());
  }
}

TEST_CASE("a corpus directory holding no article is reported") {
  testing::TempDir dir;
  testing::WriteFile(dir / "full/a.txt", "date 2025-01-01 Alpha.");
  fs::create_directories(dir / "empty/sub");
  RecordingReporter reporter;
  const IndexSummary s =
      Build({dir / "full", dir / "empty"}, dir / "db", &reporter);
  CHECK(s.added == 1);
  CHECK(s.empty_dirs == 1);
  REQUIRE(reporter.warnings.size() == 1);
  CHECK(reporter.warnings[0] ==
        dir / "empty" + ": holds no article (no *.txt or *.jsonl file)");
}

TEST_CASE(
    "index builder reports bad files, keeps going, and keeps what it had") {
  testing::TempDir dir;
  const std::string corpus = dir / "corpus";
  const std::string db = dir / "db";
  testing::WriteFile(corpus + "/good.txt", "date 2025-01-01 Good.");
  testing::WriteFile(corpus + "/keep.txt", "date 2025-01-01 Kept.");
  testing::WriteFile(corpus + "/binary.txt", std::string("\x7f"
                                                         "ELF\0\0",
                                                         6));
  testing::WriteFile(corpus + "/empty.txt", "");
  testing::WriteFile(corpus + "/baddate.txt", "date 2025-13-45 Odd date.");
  RecordingReporter reporter;
  IndexSummary s = Build({corpus}, db, &reporter);
  CHECK(s.added == 3);
  CHECK(s.skipped == 2);
  const auto warned = [&](const std::string& file, const std::string& part) {
    for (const auto& w : reporter.warnings) {
      if (w.rfind(corpus + "/" + file + ": ", 0) == 0 &&
          w.find(part) != std::string::npos) {
        return true;
      }
    }
    return false;
  };
  CHECK(warned("binary.txt", "binary"));
  CHECK(warned("empty.txt", "empty"));
  CHECK(warned("baddate.txt", "impossible date"));

  // A file that becomes unreadable keeps its indexed version.
  testing::WriteFile(corpus + "/keep.txt", "date 2025-01-01 Kept, edited.");
  chmod((corpus + "/keep.txt").c_str(), 0);
  if (geteuid() != 0) {  // root reads anything
    s = Build({corpus}, db);
    CHECK(s.skipped >= 1);
    CHECK(Contents(db).at("keep.txt") == "Kept.");
  }
}

std::string JsonLineForLabels() {
  return R"({"id":"k","date":"2025-01-01","body":"Line."})"
         "\n";
}

// Each shard of the index at path, as bytes on disk against a compacted
// copy of it.
std::vector<std::pair<uint64_t, uint64_t>> ShardSizes(const std::string& path,
                                                      size_t shards) {
  std::vector<std::pair<uint64_t, uint64_t>> sizes;
  for (size_t i = 0; i < shards; ++i) {
    testing::TempDir copy;
    const std::string shard = path + "/" + ShardDirName(i);
    Xapian::Database(shard).compact(copy / "c");
    sizes.emplace_back(IndexSizeBytes(shard), IndexSizeBytes(copy / "c"));
  }
  return sizes;
}

TEST_CASE(
    "a new or rebuilt index of several shards is compacted, and builds on "
    "it go on adding articles") {
  testing::TempDir dir;
  const std::string corpus = dir / "corpus";
  (void)testing::WriteSyntheticCorpus(corpus, 300, 7);
  const std::string db = dir / "db";
  // Committing every 10 articles, as written each shard takes about twice
  // a compacted copy's space.
  REQUIRE(testing::BuildOnTwoThreads(corpus, db, false, 10, 2).added == 300);
  const auto check_compact = [&](size_t shards) {
    for (const auto& sizes : ShardSizes(db, shards)) {
      // Plain variables: clang 14 lets no lambda (CAPTURE) name a binding.
      const uint64_t size = sizes.first, compacted = sizes.second;
      CAPTURE(size);
      CAPTURE(compacted);
      CHECK(size <= compacted + compacted / 20);
    }
    // Nothing left beside the index.
    for (const auto& e : std::filesystem::directory_iterator(dir.path()))
      CHECK(e.path().filename().string().find(".rebuild-") ==
            std::string::npos);
  };
  check_compact(2);
  // An incremental build writes to the compacted shards.
  testing::WriteFile(corpus + "/late/one.txt",
                     "date: 2025-01-02\n\nA late article about zinc.\n");
  REQUIRE(testing::BuildOnTwoThreads(corpus, db, false, 10).added == 1);
  CHECK(Xapian::Database(db).get_doccount() == 301);
  {
    Searcher searcher(db);
    SearchRequest zinc;
    zinc.query = "zinc late";
    CHECK(searcher.Search(zinc).totals.lower == 1);
  }
  REQUIRE(testing::BuildOnTwoThreads(corpus, db, true, 10, 3).added == 301);
  check_compact(3);
}

TEST_CASE("index builder keeps ids from two corpora apart") {
  testing::TempDir dir;
  testing::WriteFile(dir / "one/a.txt", "date 2025-01-01 One.");
  testing::WriteFile(dir / "one/only1.txt", "date 2025-01-01 Only one.");
  testing::WriteFile(dir / "two/a.txt", "date 2025-01-01 Two.");
  testing::WriteFile(dir / "two/only2.txt", "date 2025-01-01 Only two.");
  RecordingReporter reporter;
  IndexSummary s = Build({dir / "one", dir / "two"}, dir / "db", &reporter);
  CHECK(s.added == 4);
  CHECK(s.skipped == 0);
  CHECK(reporter.warnings.empty());
  const std::map<std::string, std::string> both = {
      {"one/a.txt", "One."},
      {"one/only1.txt", "Only one."},
      {"two/a.txt", "Two."},
      {"two/only2.txt", "Only two."}};
  CHECK(Contents(dir / "db") == both);
  using Labels = std::vector<std::pair<std::string, std::string>>;
  CHECK(s.new_labels == Labels{{fs::canonical(dir / "one").string(), "one"},
                               {fs::canonical(dir / "two").string(), "two"}});
  // Building one corpus alone never removes the other's articles, and keeps
  // its label.
  s = Build({dir / "one"}, dir / "db");
  CHECK(s.removed == 0);
  CHECK(s.unchanged == 2);
  CHECK(s.new_labels.empty());
  CHECK(Contents(dir / "db") == both);
}

TEST_CASE("a corpus added later leaves the first one's ids as they were") {
  testing::TempDir dir;
  testing::WriteFile(dir / "news/2024/03/a.txt", "date 2024-03-01 Old.");
  testing::WriteFile(dir / "news/2025/03/a.txt", "date 2025-03-01 New.");
  testing::WriteFile(dir / "news/2025/f.jsonl", JsonLineForLabels());
  IndexSummary s = Build({dir / "news/2024"}, dir / "db");
  CHECK(s.added == 1);
  CHECK(s.new_labels.empty());  // one corpus: ids are relative paths
  CHECK(Contents(dir / "db") ==
        std::map<std::string, std::string>{{"03/a.txt", "Old."}});

  s = Build({dir / "news/2024", dir / "news/2025"}, dir / "db");
  CHECK(s.unchanged == 1);  // not removed and added again
  CHECK(s.removed == 0);
  CHECK(s.added == 2);
  CHECK(s.new_labels.size() == 1);
  CHECK(Contents(dir / "db") ==
        std::map<std::string, std::string>{{"03/a.txt", "Old."},
                                           {"2025/03/a.txt", "New."},
                                           {"2025/f.jsonl#k", "Line."}});
  // Again: nothing changes; a hit's path is the file's, without the label.
  s = Build({dir / "news/2025", dir / "news/2024"}, dir / "db");
  CHECK(s.unchanged == 3);
  CHECK(s.added + s.updated + s.removed == 0);
  Searcher searcher(dir / "db");
  SearchRequest request;
  request.query = "id:2025/f.jsonl#k OR id:2025/03/a.txt OR id:03/a.txt";
  request.match_any = true;
  std::set<std::string> paths;
  for (const Hit& hit : searcher.Search(request).hits) paths.insert(hit.path);
  const std::string root = fs::canonical(dir / "news").string();
  CHECK(paths == std::set<std::string>{root + "/2024/03/a.txt",
                                       root + "/2025/03/a.txt",
                                       root + "/2025/f.jsonl"});

  // A file moved from one corpus to the other: removed, added under the
  // other's label.
  fs::rename(dir / "news/2024/03/a.txt", dir / "news/2025/moved.txt");
  s = Build({dir / "news/2024", dir / "news/2025"}, dir / "db");
  CHECK(s.removed == 1);
  CHECK(s.added == 1);
  CHECK(Contents(dir / "db").count("2025/moved.txt") == 1);
  CHECK(Contents(dir / "db").count("03/a.txt") == 0);
}

TEST_CASE("a rebuild keeps the labels, and so the ids, it replaces") {
  testing::TempDir dir;
  testing::WriteFile(dir / "a/x.txt", "date 2025-01-01 A.");
  testing::WriteFile(dir / "b/x.txt", "date 2025-01-01 B.");
  IndexSummary s = Build({dir / "a"}, dir / "db");
  s = Build({dir / "a", dir / "b"}, dir / "db");
  const std::map<std::string, std::string> ids = {{"x.txt", "A."},
                                                  {"b/x.txt", "B."}};
  CHECK(Contents(dir / "db") == ids);
  s = Build({dir / "a", dir / "b"}, dir / "db", nullptr, /*rebuild=*/true);
  CHECK(s.added == 2);
  CHECK(s.new_labels.empty());
  CHECK(Contents(dir / "db") == ids);
  // A new index of both labels both.
  s = Build({dir / "a", dir / "b"}, dir / "new.db");
  CHECK(Contents(dir / "new.db") == std::map<std::string, std::string>{
                                        {"a/x.txt", "A."}, {"b/x.txt", "B."}});
}

std::string JsonLine(const std::string& id, const std::string& body) {
  return R"({"id":")" + id + R"(","date":"2025-01-01","body":")" + body +
         "\"}\n";
}

TEST_CASE("index builder reads JSON Lines and updates them line by line") {
  testing::TempDir dir;
  const std::string corpus = dir / "corpus";
  const std::string db = dir / "db";
  testing::WriteFile(corpus + "/feed.jsonl",
                     JsonLine("a", "Alpha.") + JsonLine("b", "Beta.") + "\n" +
                         R"({"date":"2025-01-03","body":"By line."})" + "\n" +
                         JsonLine("c", "Gamma."));
  testing::WriteFile(corpus + "/x.txt", "date 2025-01-01 Plain file.");
  IndexSummary s = Build({corpus}, db);
  CHECK(s.added == 5);
  CHECK(s.skipped == 0);
  CHECK(Contents(db) ==
        std::map<std::string, std::string>{{"feed.jsonl#a", "Alpha."},
                                           {"feed.jsonl#b", "Beta."},
                                           {"feed.jsonl#4", "By line."},
                                           {"feed.jsonl#c", "Gamma."},
                                           {"x.txt", "Plain file."}});
  s = Build({corpus}, db);
  CHECK(s.unchanged == 5);
  CHECK(s.added + s.updated + s.removed == 0);

  // Edit b, drop c, add d: only those change; a is left as it was.
  testing::WriteFile(corpus + "/feed.jsonl", JsonLine("a", "Alpha.") +
                                                 JsonLine("b", "Beta edited.") +
                                                 JsonLine("d", "Delta."));
  s = Build({corpus}, db);
  CHECK(s.added == 1);
  CHECK(s.updated == 1);
  CHECK(s.removed == 2);    // c, and the line-numbered article
  CHECK(s.unchanged == 2);  // a, x.txt
  CHECK(Contents(db) ==
        std::map<std::string, std::string>{{"feed.jsonl#a", "Alpha."},
                                           {"feed.jsonl#b", "Beta edited."},
                                           {"feed.jsonl#d", "Delta."},
                                           {"x.txt", "Plain file."}});
  s = Build({corpus}, db);
  CHECK(s.unchanged == 4);

  // A vanished JSON Lines file takes its articles with it.
  fs::remove(corpus + "/feed.jsonl");
  s = Build({corpus}, db);
  CHECK(s.removed == 3);
  CHECK(Contents(db).size() == 1);
}

TEST_CASE("index builder reports bad JSON lines by number and keeps going") {
  testing::TempDir dir;
  const std::string corpus = dir / "corpus";
  const std::string db = dir / "db";
  testing::WriteFile(corpus + "/feed.jsonl",
                     JsonLine("a", "Alpha.") + "{not json\n" +
                         JsonLine("a", "Alpha again.") + R"({"body": 3})" +
                         "\n" + JsonLine("b", "Beta."));
  RecordingReporter reporter;
  IndexSummary s = Build({corpus}, db, &reporter);
  CHECK(s.added == 2);
  CHECK(s.skipped == 3);
  const auto warned = [&](int line, const std::string& part) {
    const std::string where =
        corpus + "/feed.jsonl:" + std::to_string(line) + ": ";
    for (const auto& w : reporter.warnings) {
      if (w.rfind(where, 0) == 0 && w.find(part) != std::string::npos)
        return true;
    }
    return false;
  };
  CHECK(warned(2, "not valid JSON"));
  CHECK(warned(3, "already used on line 1"));
  CHECK(warned(4, "\"body\" is number"));
  CHECK(Contents(db).at("feed.jsonl#a") == "Alpha.");

  // A line that turns bad keeps the article it held before.
  testing::WriteFile(corpus + "/feed.jsonl",
                     JsonLine("a", "Alpha.") + R"({"id":"b","body":5})" + "\n");
  s = Build({corpus}, db);
  CHECK(s.removed == 0);
  CHECK(Contents(db).at("feed.jsonl#b") == "Beta.");
}

TEST_CASE("index builder splits a large JSON Lines file across workers") {
  testing::TempDir dir;
  std::string content;
  for (int i = 0; i < 3000; ++i) {
    content += JsonLine(std::to_string(i),
                        "Article number " + std::to_string(i) +
                            " with some filler text to make it longer.");
  }
  testing::WriteFile(dir / "c/big.jsonl", content);
  REQUIRE(content.size() > 2 * 128 * 1024);  // several chunks
  const IndexSummary s = Build({dir / "c"}, dir / "db");
  CHECK(s.added == 3000);
  const auto contents = Contents(dir / "db");
  CHECK(contents.size() == 3000);
  CHECK(contents.at("big.jsonl#2999").rfind("Article number 2999 ", 0) == 0);
}

TEST_CASE("index builder refuses a second writer and a foreign database") {
  testing::TempDir dir;
  testing::WriteFile(dir / "c/a.txt", "date 2025-01-01 A.");
  Xapian::WritableDatabase holder(dir / "db", Xapian::DB_CREATE_OR_OPEN);
  try {
    (void)Build({dir / "c"}, dir / "db");
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::kIndexLocked);
    CHECK(std::string(e.what()).find("another indexer") != std::string::npos);
  }
  Xapian::Document foreign;
  foreign.add_term("x");
  holder.add_document(foreign);
  holder.commit();
  holder.close();
  CHECK_THROWS_AS((void)Build({dir / "c"}, dir / "db"), Error);
  CHECK_THROWS_AS((void)OpenIndexForReading(dir / "db"), Error);
}

// The changeset files Xapian writes in a database for replicas.
size_t ChangesetFiles(const std::string& db) {
  size_t n = 0;
  for (const auto& entry : fs::directory_iterator(db))
    n += entry.path().filename().string().starts_with("changes");
  return n;
}

// Options that build dir/db from a corpus dir/c of one article.
IndexOptions OneArticleBuild(const testing::TempDir& dir) {
  testing::WriteFile(dir / "c/a.txt", "date 2025-01-01 A.");
  IndexOptions options;
  options.corpus_dirs = {dir / "c"};
  options.db_path = dir / "db";
  return options;
}

TEST_CASE("index builder refuses sizes of 0 before it opens anything") {
  testing::TempDir dir;
  RecordingReporter reporter;
  const IndexOptions options = OneArticleBuild(dir);
  for (const bool chunk : {true, false}) {
    CAPTURE(chunk);
    IndexOptions bad = options;
    (chunk ? bad.chunk_bytes : bad.shard_bytes) = 0;
    try {
      (void)BuildIndex(bad, reporter);
      FAIL("no error");
    } catch (const Error& e) {
      CHECK(e.kind() == ErrorKind::kUsage);
      CHECK(std::string(e.what()).find("got ") != std::string::npos);
    }
    CHECK_FALSE(fs::exists(dir / "db"));
  }
}

TEST_CASE("index builder keeps changesets for replicas in later builds too") {
  testing::TempDir dir;
  RecordingReporter reporter;
  IndexOptions options = OneArticleBuild(dir);
  options.jobs = 1;
  options.changesets = 5;
  (void)BuildIndex(options, reporter);
  // A later build, not told again, writes the changes of its commit.
  options.changesets.reset();
  testing::WriteFile(dir / "c/b.txt", "date 2025-01-02 B.");
  const size_t before = ChangesetFiles(dir / "db");
  (void)BuildIndex(options, reporter);
  CHECK(ChangesetFiles(dir / "db") > before);
  // Another index built in the same process keeps none: the number is the
  // first index's, not the process's.
  options.db_path = dir / "other";
  (void)BuildIndex(options, reporter);
  testing::WriteFile(dir / "c/c.txt", "date 2025-01-03 C.");
  (void)BuildIndex(options, reporter);
  CHECK(ChangesetFiles(dir / "other") == 0);
  // --changesets 0 stops keeping them, and later builds go on without.
  options.db_path = dir / "db";
  options.changesets = 0;
  testing::WriteFile(dir / "c/d.txt", "date 2025-01-04 D.");
  (void)BuildIndex(options, reporter);
  const size_t stopped = ChangesetFiles(dir / "db");
  options.changesets.reset();
  testing::WriteFile(dir / "c/e.txt", "date 2025-01-05 E.");
  (void)BuildIndex(options, reporter);
  CHECK(ChangesetFiles(dir / "db") == stopped);
  options.changesets = kMaxChangesets + 1;
  CHECK_THROWS_AS((void)BuildIndex(options, reporter), Error);
}

TEST_CASE("index builder stops early and keeps a consistent index") {
  testing::TempDir dir;
  for (int i = 0; i < 50; ++i) {
    testing::WriteFile(dir / ("c/" + std::to_string(i) + ".txt"),
                       "date 2025-01-01 Text.");
  }
  std::atomic<bool> stop{true};
  IndexOptions options;
  options.corpus_dirs = {dir / "c"};
  options.db_path = dir / "db";
  options.stop = &stop;
  RecordingReporter reporter;
  const IndexSummary s = BuildIndex(options, reporter);
  CHECK(s.interrupted);
  CHECK(s.articles < 50);
  stop = false;
  CHECK(BuildIndex(options, reporter).articles == 50);
}

TEST_CASE(
    "index builder: a build stopped inside a JSON Lines file leaves its other "
    "lines to the next build") {
  testing::TempDir dir;
  // About 300 KB: read in several chunks, so a build stops between them.
  std::string lines;
  for (int i = 0; i < 3000; ++i) {
    lines += R"({"id": "k)" + std::to_string(i) +
             R"(", "date": "2025-01-01", "body": "Line of text, long )"
             R"(enough to fill a chunk of the file soon."})"
             "\n";
  }
  testing::WriteFile(dir / "c/feed.jsonl", lines);
  std::atomic<bool> stop{true};
  IndexOptions options;
  options.corpus_dirs = {dir / "c"};
  options.db_path = dir / "db";
  options.jobs = 1;
  options.stop = &stop;
  RecordingReporter reporter;
  const IndexSummary first = BuildIndex(options, reporter);
  REQUIRE(first.interrupted);
  REQUIRE(first.articles > 0);
  REQUIRE(first.articles < 3000);
  stop = false;
  const IndexSummary next = BuildIndex(options, reporter);
  CHECK(next.articles == 3000);
  CHECK(next.added == 3000 - first.articles);
  // Finished: the file is no longer marked, and a build after finds it
  // unchanged without reading it.
  CHECK(Xapian::Database(dir / "db").get_metadata(schema::kPartialFileKey) ==
        "");
  CHECK(BuildIndex(options, reporter).unchanged == 3000);
}

// Ids of the articles with this term.
std::set<std::string> WithTerm(const std::string& db_path,
                               const std::string& term) {
  Xapian::Database db(db_path);
  std::set<std::string> ids;
  for (auto p = db.postlist_begin(term); p != db.postlist_end(term); ++p) {
    ids.insert(DecodeArticleData(db.get_document(*p).get_data()).value().id);
  }
  return ids;
}

TEST_CASE(
    "index builder: when the article that gave a full name goes, the short "
    "names it resolved go back, as in a rebuild") {
  testing::TempDir dir;
  const std::string corpus = dir / "c";
  const std::string db = dir / "db";
  const std::string ronald =
      schema::EntityTerm(EntityType::kPerson, "ronald reagan");
  const auto same_as_rebuild = [&] {
    (void)Build({corpus}, dir / "fresh", nullptr, true);
    return testing::DescribeDifferences(testing::DumpIndex(db),
                                        testing::DumpIndex(dir / "fresh"));
  };
  testing::WriteFile(corpus + "/titled.txt",
                     "date 2025-01-02 President Reagan vetoed the bill.");
  testing::WriteFile(corpus + "/full.txt",
                     "date 2025-01-01 Ronald Reagan spoke. Then Reagan left.");
  (void)Build({corpus}, db);
  CHECK(WithTerm(db, ronald) ==
        std::set<std::string>{"full.txt", "titled.txt"});

  // A deleted file.
  fs::remove(corpus + "/full.txt");
  (void)Build({corpus}, db);
  CHECK(WithTerm(db, ronald).empty());
  CHECK(same_as_rebuild() == "");

  // A line of a JSON Lines file gives the full name, then goes.
  testing::WriteFile(corpus + "/feed.jsonl",
                     JsonLine("a", "Ronald Reagan spoke. Then Reagan left.") +
                         JsonLine("b", "Nothing new."));
  (void)Build({corpus}, db);
  CHECK(WithTerm(db, ronald) ==
        std::set<std::string>{"feed.jsonl#a", "titled.txt"});
  CHECK(same_as_rebuild() == "");
  testing::WriteFile(corpus + "/feed.jsonl", JsonLine("b", "Nothing new."));
  (void)Build({corpus}, db);
  CHECK(WithTerm(db, ronald).empty());
  CHECK(same_as_rebuild() == "");

  // An edited file that no longer names him in full.
  testing::WriteFile(corpus + "/full.txt",
                     "date 2025-01-01 Ronald Reagan spoke. Then Reagan left.");
  (void)Build({corpus}, db);
  CHECK(WithTerm(db, ronald).size() == 2);
  testing::WriteFile(corpus + "/full.txt", "date 2025-01-01 The bill passed.");
  (void)Build({corpus}, db);
  CHECK(WithTerm(db, ronald).empty());
  CHECK(same_as_rebuild() == "");
}

// id -> near-duplicate group key, of the articles that have one.
std::map<std::string, std::string> Groups(const std::string& db_path) {
  Xapian::Database db(db_path);
  std::map<std::string, std::string> groups;
  for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
    const Xapian::Document doc = db.get_document(*it);
    const std::string key = doc.get_value(schema::kGroupSlot);
    if (!key.empty())
      groups[DecodeArticleData(doc.get_data()).value().id] = key;
  }
  return groups;
}

TEST_CASE(
    "index builder: near-duplicate groups after adds, edits and deletions "
    "are a rebuild's") {
  testing::TempDir dir;
  const std::string corpus = dir / "c";
  const std::string db = dir / "db";
  const auto same_as_rebuild = [&] {
    (void)Build({corpus}, dir / "fresh", nullptr, true);
    return testing::DescribeDifferences(testing::DumpIndex(db),
                                        testing::DumpIndex(dir / "fresh"));
  };
  const std::string story =
      "Peru posted its first trade deficit in four years in the first "
      "quarter, the central bank said, as exports of copper and silver fell "
      "while imports of food and machinery rose.";
  const std::string other =
      "Showers continued throughout the week in the Bahia cocoa zone, "
      "alleviating the drought since early January and improving prospects "
      "for the coming temporao.";
  testing::WriteFile(corpus + "/b.txt", "date: 2025-01-02\n\nLIMA, Jan 2 - " +
                                            story + "\n Reuter\n");
  testing::WriteFile(corpus + "/c.txt", "date: 2025-01-03\n\n" + story);
  testing::WriteFile(corpus + "/x.txt", "date: 2025-01-03\n\n" + other);
  (void)Build({corpus}, db);
  using Keys = std::map<std::string, std::string>;
  CHECK(Groups(db) == Keys{{"b.txt", "b.txt"}, {"c.txt", "b.txt"}});
  CHECK(same_as_rebuild() == "");

  // A copy with a smaller id joins and keys the group.
  testing::WriteFile(corpus + "/a.txt", "date: 2025-01-04\n\n" + story);
  (void)Build({corpus}, db);
  CHECK(Groups(db) ==
        Keys{{"a.txt", "a.txt"}, {"b.txt", "a.txt"}, {"c.txt", "a.txt"}});
  CHECK(same_as_rebuild() == "");

  // An edit makes a copy another story; the key's deletion passes it on.
  testing::WriteFile(corpus + "/b.txt", "date: 2025-01-02\n\n" + other);
  fs::remove(corpus + "/a.txt");
  (void)Build({corpus}, db);
  CHECK(Groups(db) == Keys{{"b.txt", "b.txt"}, {"x.txt", "b.txt"}});
  CHECK(same_as_rebuild() == "");

  // The last copy goes: nothing is grouped.
  fs::remove(corpus + "/x.txt");
  (void)Build({corpus}, db);
  CHECK(Groups(db).empty());
  CHECK(same_as_rebuild() == "");
}

// id -> docid, and the metadata, of the index at db_path.
std::pair<std::map<std::string, Xapian::docid>,
          std::map<std::string, std::string>>
DocidsAndMetadata(const std::string& db_path) {
  Xapian::Database db(db_path);
  std::map<std::string, Xapian::docid> docids;
  const std::string q(schema::kIdPrefix);
  for (auto t = db.allterms_begin(q); t != db.allterms_end(q); ++t) {
    for (auto p = db.postlist_begin(*t); p != db.postlist_end(*t); ++p)
      docids[(*t).substr(q.size())] = *p;
  }
  std::map<std::string, std::string> metadata;
  for (auto k = db.metadata_keys_begin(); k != db.metadata_keys_end(); ++k)
    metadata[*k] = db.get_metadata(*k);
  return {docids, metadata};
}

TEST_CASE(
    "a fresh build on several threads, written in shards and merged, gives "
    "the index one thread gives") {
  testing::TempDir dir;
  const std::string corpus = dir / "c";
  testing::WriteSyntheticCorpus(corpus, 150, 11);
  // JSON Lines files of several chunks, with a repeated id, a bad line and
  // ids named by line, so that files must not be split between shards.
  // Small chunks keep the files small, for the sanitized suite: each build
  // here is five.
  constexpr size_t kChunkBytes = 16 * 1024;
  for (int f = 0; f < 3; ++f) {
    std::string content;
    for (uint64_t i = 0; i < 250; ++i) {
      content += testing::SyntheticJsonLine(11, f * 10000 + i, i % 3 != 0);
      content += '\n';
      if (i == 120) content += "{not json\n";
    }
    content += testing::SyntheticJsonLine(11, f * 10000 + 5, true) + '\n';
    REQUIRE(content.size() > 4 * kChunkBytes);  // several chunks
    testing::WriteFile(corpus + "/lines" + std::to_string(f) + ".jsonl",
                       content);
  }
  const auto build = [&](const std::string& db, unsigned jobs, bool rebuild,
                         std::vector<std::string>* warnings,
                         uint64_t shard_bytes = IndexOptions{}.shard_bytes) {
    RecordingReporter reporter;
    IndexOptions options;
    options.corpus_dirs = {corpus};
    options.db_path = db;
    options.rebuild = rebuild;
    options.jobs = jobs;
    options.commit_every = 97;
    options.shard_bytes = shard_bytes;
    options.chunk_bytes = kChunkBytes;
    const IndexSummary s = BuildIndex(options, reporter);
    *warnings = reporter.warnings;
    std::sort(warnings->begin(), warnings->end());
    return s;
  };
  std::vector<std::string> single_warnings, warnings;
  const std::string single = dir / "single";
  const IndexSummary one = build(single, 1, false, &single_warnings);
  REQUIRE(one.added > 850);
  CHECK(one.skipped == 6);  // three bad lines, three repeated ids
  const testing::IndexDump want = testing::DumpIndex(single);
  // One shard per thread, and shards of 16 kB: dozens of shards, each
  // thread writing the next one left.
  struct Case {
    unsigned jobs;
    bool rebuild;
    uint64_t shard_bytes;
  };
  for (const Case& c : {Case{2, false, IndexOptions{}.shard_bytes},
                        Case{3, true, 16000}, Case{4, false, 16000}}) {
    CAPTURE(c.jobs);
    CAPTURE(c.rebuild);
    CAPTURE(c.shard_bytes);
    const std::string db = dir / ("sharded" + std::to_string(c.jobs) + "-" +
                                  std::to_string(c.shard_bytes));
    // A rebuild replaces an index that is not fresh.
    if (c.rebuild) (void)build(db, 1, false, &warnings);
    const IndexSummary s =
        build(db, c.jobs, c.rebuild, &warnings, c.shard_bytes);
    CHECK(s.added == one.added);
    CHECK(s.skipped == one.skipped);
    CHECK(s.warnings == one.warnings);
    CHECK(s.articles == one.articles);
    CHECK(warnings == single_warnings);
    CHECK(testing::DescribeDifferences(testing::DumpIndex(db), want) == "");
    // The same docids and metadata.
    CHECK(DocidsAndMetadata(db) == DocidsAndMetadata(single));
  }
  for (const auto& entry : fs::directory_iterator(dir.path())) {
    CHECK(entry.path().filename().string().find(".rebuild-") ==
          std::string::npos);
  }
}

// Builds `corpus` into db with `shards` (0: the index's count), on two
// threads.
IndexSummary BuildShards(const std::string& corpus, const std::string& db,
                         size_t shards, bool rebuild = false,
                         size_t commit_every = 7) {
  return testing::BuildOnTwoThreads(corpus, db, rebuild, commit_every, shards);
}

// Empty if every article of the sharded index at db is in the shard its id
// names; otherwise the first that is not.
std::string Misplaced(const std::string& db, size_t count) {
  for (size_t s = 0; s < count; ++s) {
    Xapian::Database shard(db + "/" + ShardDirName(s));
    for (auto it = shard.allterms_begin("Q"); it != shard.allterms_end("Q");
         ++it) {
      const std::string id = (*it).substr(1);
      if (ShardOf(id, count) != s)
        return id + " is in shard " + std::to_string(s);
    }
  }
  return "";
}

void WriteMixedCorpus(const std::string& corpus, uint64_t seed) {
  testing::WriteSyntheticCorpus(corpus, 150, seed);
  std::string lines;
  for (uint64_t i = 0; i < 60; ++i)
    lines += testing::SyntheticJsonLine(seed, 5000 + i, i % 2 == 0) + '\n';
  testing::WriteFile(corpus + "/wire.jsonl", lines);
}

TEST_CASE(
    "an index of 4 shards holds what one database holds, each article in "
    "the shard its id names, and opens as one database") {
  testing::TempDir dir;
  const std::string corpus = dir / "c";
  WriteMixedCorpus(corpus, 21);
  const IndexSummary one = BuildShards(corpus, dir / "one", 0);
  const IndexSummary four = BuildShards(corpus, dir / "four", 4);
  CHECK(four.added == one.added);
  CHECK(four.articles == one.articles);
  CHECK(testing::ReadFile(dir / "four/XAPIANDB") ==
        "auto shard-0\nauto shard-1\nauto shard-2\nauto shard-3\n");
  // The dump reads the stub, as any Xapian program would: the same
  // articles, terms, index-wide frequencies and metadata (the corpus alias
  // table is one, whatever the shards).
  CHECK(testing::DescribeDifferences(testing::DumpIndex(dir / "four"),
                                     testing::DumpIndex(dir / "one")) == "");
  CHECK(Misplaced(dir / "four", 4) == "");
  // Every shard is a Gazette index on its own, and none is empty.
  for (size_t s = 0; s < 4; ++s) {
    Xapian::Database shard(dir / ("four/" + ShardDirName(s)));
    CHECK(shard.get_metadata(schema::kVersionKey) ==
          std::to_string(schema::kVersion));
    CHECK(shard.get_doccount() > 20);
  }
  // A rebuild with as many shards makes the same index.
  (void)BuildShards(corpus, dir / "four", 0, true);
  CHECK(testing::DescribeDifferences(testing::DumpIndex(dir / "four"),
                                     testing::DumpIndex(dir / "one")) == "");
}

TEST_CASE(
    "a sharded index keeps its count: another is refused, and --rebuild "
    "re-shards it") {
  testing::TempDir dir;
  const std::string corpus = dir / "c";
  WriteMixedCorpus(corpus, 22);
  (void)BuildShards(corpus, dir / "db", 3);
  const testing::IndexDump three = testing::DumpIndex(dir / "db");
  for (const size_t other : {1u, 2u, 4u}) {
    CAPTURE(other);
    try {
      (void)BuildShards(corpus, dir / "db", other);
      FAIL("no error");
    } catch (const Error& e) {
      CHECK(e.kind() == ErrorKind::kUsage);
      CHECK(std::string(e.what()).find("has 3 shards") != std::string::npos);
      CHECK(std::string(e.what()).find("--rebuild --shards " +
                                       std::to_string(other)) !=
            std::string::npos);
    }
  }
  // Untouched, and a build that names no count keeps it.
  CHECK(testing::DescribeDifferences(testing::DumpIndex(dir / "db"), three) ==
        "");
  CHECK(BuildShards(corpus, dir / "db", 0).unchanged > 0);
  CHECK(IndexShardCount(dir / "db") == 3u);
  // One database asked for shards is refused too.
  (void)BuildShards(corpus, dir / "single", 0);
  CHECK_THROWS_AS(BuildShards(corpus, dir / "single", 2), Error);
  // Re-sharded by --rebuild, either way.
  (void)BuildShards(corpus, dir / "db", 5, true);
  CHECK(IndexShardCount(dir / "db") == 5u);
  CHECK(Misplaced(dir / "db", 5) == "");
  CHECK(testing::DescribeDifferences(testing::DumpIndex(dir / "db"), three) ==
        "");
  (void)BuildShards(corpus, dir / "db", 1, true);
  CHECK_FALSE(IndexShardCount(dir / "db"));
  CHECK(fs::exists(dir / "db/iamglass"));
  CHECK(testing::DescribeDifferences(testing::DumpIndex(dir / "db"), three) ==
        "");
  for (const auto& entry : fs::directory_iterator(dir.path())) {
    CHECK(entry.path().filename().string().find(".rebuild-") ==
          std::string::npos);
  }
}

// Reads, at each progress report, whether shard 0's last commit says that a
// sharded build is under way.
class ShardedBuildWatcher : public RecordingReporter {
 public:
  explicit ShardedBuildWatcher(std::string shard0) : shard0_(shard0) {}
  void Progress(const IndexProgress& /*progress*/) override {
    seen.push_back(
        Xapian::Database(shard0_).get_metadata(schema::kShardedBuildKey));
  }
  std::vector<std::string> seen;

 private:
  std::string shard0_;
};

TEST_CASE(
    "a sharded build killed between its shards' commits: the next build "
    "reads every JSON Lines file again and the shards agree") {
  testing::TempDir dir;
  const std::string corpus = dir / "c";
  const std::string db = dir / "db";
  testing::WriteSyntheticCorpus(corpus, 20, 23);
  (void)BuildShards(corpus, db, 3);
  // The shards other than 0 before the next build.
  for (const size_t s : {1u, 2u}) {
    fs::copy(db + "/" + ShardDirName(s), dir / ("before-" + ShardDirName(s)),
             fs::copy_options::recursive);
  }
  // Adds a JSON Lines file, whose lines go to every shard.
  std::string lines;
  for (uint64_t i = 0; i < 60; ++i)
    lines += testing::SyntheticJsonLine(23, 5000 + i, i % 2 == 0) + '\n';
  testing::WriteFile(corpus + "/wire.jsonl", lines);
  ShardedBuildWatcher watcher(db + "/" + ShardDirName(0));
  IndexOptions options;
  options.corpus_dirs = {corpus};
  options.db_path = db;
  options.jobs = 2;
  options.commit_every = 7;
  REQUIRE(BuildIndex(options, watcher).added == 60);
  // Shard 0 commits first: each commit of the build said it was under way
  // (the last report follows the commits of the lines), and the end of the
  // build, every shard committed, says it no more.
  REQUIRE_FALSE(watcher.seen.empty());
  CHECK(watcher.seen.back() == "1");
  CHECK(Xapian::Database(db).get_metadata(schema::kShardedBuildKey) == "");
  // Killed after shard 0's last commit and before the others': shard 0
  // holds its lines of the file, and they carry the file's size and time,
  // while shards 1 and 2 hold none.
  {
    Xapian::WritableDatabase shard0(db + "/" + ShardDirName(0));
    shard0.set_metadata(schema::kShardedBuildKey, "1");
    shard0.commit();
  }
  for (const size_t s : {1u, 2u}) {
    fs::remove_all(db + "/" + ShardDirName(s));
    fs::rename(dir / ("before-" + ShardDirName(s)), db + "/" + ShardDirName(s));
  }
  REQUIRE(Xapian::Database(db).get_doccount() < 80);
  const IndexSummary next = BuildShards(corpus, db, 0);
  CHECK(next.articles == 80);
  (void)BuildShards(corpus, dir / "one", 0);
  CHECK(testing::DescribeDifferences(testing::DumpIndex(db),
                                     testing::DumpIndex(dir / "one")) == "");
  CHECK(Misplaced(db, 3) == "");
  // Done: the build after reads nothing again.
  CHECK(Xapian::Database(db).get_metadata(schema::kShardedBuildKey) == "");
  CHECK(BuildShards(corpus, db, 0).unchanged == 80);
}

TEST_CASE(
    "incremental builds of a sharded index reach the right shards and end "
    "as a rebuild does") {
  testing::TempDir dir;
  const std::string corpus = dir / "c";
  WriteMixedCorpus(corpus, 23);
  (void)BuildShards(corpus, dir / "db", 3);
  // Edits, deletions, additions, a rewritten JSON Lines file.
  for (uint64_t n = 0; n < 150; n += 7)
    testing::WriteFile(corpus + "/" + testing::SyntheticId(n),
                       testing::SyntheticArticle(23, n, 1));
  for (uint64_t n = 3; n < 150; n += 11)
    fs::remove(corpus + "/" + testing::SyntheticId(n));
  for (uint64_t n = 150; n < 170; ++n)
    testing::WriteFile(corpus + "/" + testing::SyntheticId(n),
                       testing::SyntheticArticle(23, n));
  std::string lines;
  for (uint64_t i = 20; i < 90; ++i)
    lines += testing::SyntheticJsonLine(23, 5000 + i, i % 2 == 0) + '\n';
  testing::WriteFile(corpus + "/wire.jsonl", lines);
  const IndexSummary s = BuildShards(corpus, dir / "db", 0);
  CHECK(s.removed > 10);
  CHECK(s.updated > 10);
  CHECK(Misplaced(dir / "db", 3) == "");
  (void)BuildShards(corpus, dir / "fresh", 3, true, 1000);
  CHECK(testing::DescribeDifferences(testing::DumpIndex(dir / "db"),
                                     testing::DumpIndex(dir / "fresh")) == "");
  // And as one database does.
  (void)BuildShards(corpus, dir / "one", 1, true, 1000);
  CHECK(testing::DescribeDifferences(testing::DumpIndex(dir / "db"),
                                     testing::DumpIndex(dir / "one")) == "");
}

TEST_CASE(
    "a sharded index whose build was killed before all its shards existed "
    "is completed by the next build") {
  testing::TempDir dir;
  const std::string corpus = dir / "c";
  WriteMixedCorpus(corpus, 24);
  // What a build killed just after writing the stub leaves.
  fs::create_directories(dir / "db");
  WriteShardStub(dir / "db", 4);
  {
    Xapian::WritableDatabase shard0(dir / "db/shard-0",
                                    Xapian::DB_CREATE_OR_OPEN);
    shard0.commit();
  }
  const IndexSummary s = BuildShards(corpus, dir / "db", 0);
  CHECK(s.articles == BuildShards(corpus, dir / "one", 1).articles);
  CHECK(Misplaced(dir / "db", 4) == "");
  CHECK(testing::DescribeDifferences(testing::DumpIndex(dir / "db"),
                                     testing::DumpIndex(dir / "one")) == "");
}

}  // namespace
}  // namespace gazette
