#include "gazette/index_builder.h"

#include <xapian.h>
#include <xxhash.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <thread>
#include <unordered_set>

#include "common/base/ordered_pool.h"
#include "common/corpus/corpus_walker.h"
#include "common/corpus/jsonl_reader.h"
#include "common/entities/corrections.h"
#include "common/entities/entity_extractor.h"
#include "common/index/article_analyzer.h"
#include "common/index/change_plan.h"
#include "common/index/corpus_aliases.h"
#include "common/index/index_database.h"
#include "common/index/near_duplicates.h"
#include "common/index/schema.h"
#include "common/index/shard_stub.h"
#include "common/index/sharded_writer.h"
#include "common/index/spelling.h"
#include "common/index/stored_fields.h"
#include "common/index/xapian_error.h"
#include "gazette/error.h"

namespace gazette {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

std::string SeenKey(const std::string& root, const std::string& id) {
  std::string key = root;
  key += '\0';
  key += id;
  return key;
}

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

std::string AbsoluteRoot(const std::string& dir) {
  std::error_code ec;
  fs::path canonical = fs::canonical(dir, ec);
  return ec ? fs::absolute(dir).lexically_normal().string()
            : canonical.string();
}

void LoadSources(const Xapian::Database& db, IndexedSources& sources,
                 std::vector<Xapian::docid>& docids) {
  for (auto it = db.valuestream_begin(schema::kSourceSlot);
       it != db.valuestream_end(schema::kSourceSlot); ++it) {
    if (auto source = DecodeSource(*it)) {
      if (sources.Add(std::move(*source))) docids.push_back(it.get_docid());
    }
  }
}

// The source records, of articles under `roots`, of the index a rebuild
// replaces, if there is one of this schema version (an older one's records
// have no labels): so that the rebuild keeps those roots' labels and so
// their ids. Other roots' articles are not in the new index.
void LoadReplacedSources(const std::string& path,
                         const std::vector<std::string>& roots,
                         IndexedSources& sources) {
  try {
    const Xapian::Database old(path);
    if (old.get_metadata(schema::kVersionKey) !=
        std::to_string(schema::kVersion))
      return;
    const std::set<std::string> wanted(roots.begin(), roots.end());
    for (auto it = old.valuestream_begin(schema::kSourceSlot);
         it != old.valuestream_end(schema::kSourceSlot); ++it) {
      auto source = DecodeSource(*it);
      if (source && wanted.count(source->root))
        (void)sources.Add(std::move(*source));
    }
  } catch (const Xapian::Error&) {
    // None, or unreadable: the roots are labelled as for a new index.
  }
}

// The roots of indexed articles that are still directories. One that
// cannot be looked at keeps its ids.
std::set<std::string> LiveRoots(const IndexedSources& indexed) {
  std::set<std::string> live;
  for (const std::string& root : indexed.Roots()) {
    std::error_code ec;
    const fs::file_status status = fs::status(root, ec);
    if (fs::is_directory(status) || status.type() == fs::file_type::none)
      live.insert(root);
  }
  return live;
}

// What a build needs to know of the index before it opens it for writing:
// the corrections its last build applied.
struct IndexPeek {
  bool articles = false;
  std::string corrections_file;
  std::string corrections;  // Fingerprint()
  std::string changesets;   // schema::kChangesetsKey
};

// Reads what there is to read without the write lock; an index that is
// missing, of another schema or unreadable gives nothing (opening it for
// writing then says what is wrong).
IndexPeek PeekIndex(const std::string& path) {
  IndexPeek peek;
  std::error_code ec;
  if (!fs::exists(path, ec)) return peek;
  try {
    Xapian::Database db(path);
    if (db.get_metadata(schema::kVersionKey) !=
        std::to_string(schema::kVersion))
      return peek;
    peek.articles = db.get_doccount() > 0;
    peek.corrections_file = db.get_metadata(schema::kCorrectionsFileKey);
    peek.corrections = db.get_metadata(schema::kCorrectionsKey);
    peek.changesets = db.get_metadata(schema::kChangesetsKey);
  } catch (const Xapian::Error&) {
    return IndexPeek{};
  }
  return peek;
}

// The live roots of the articles of the index at path (see LiveRoots).
std::set<std::string> IndexedLiveRoots(const std::string& path) {
  try {
    Xapian::Database db(path);
    IndexedSources sources;
    std::vector<Xapian::docid> docids;
    LoadSources(db, sources, docids);
    return LiveRoots(sources);
  } catch (const Xapian::Error& e) {
    throw IndexError(e, IndexAccess::kRead, path);
  }
}

// One build: the plan (PlanChanges) becomes jobs; ArticleAnalyzers run
// them on worker threads and the writer loop here writes what they make,
// in job order, to the index, or to the shards of a fresh one through
// ShardedWriter; then the corpus alias pass, and the commit.
class Build {
 public:
  Build(const IndexOptions& options, IndexReporter& reporter)
      : options_(options), reporter_(reporter) {}

  IndexSummary Run() {
    const auto start = Clock::now();
    const IndexPeek peek = PeekIndex(options_.db_path);
    // First, so that a bad line stops the build before any work.
    const bool corrections_changed = ReadCorrections(peek);
    KeepChangesets(peek);
    std::vector<std::string> roots;
    for (const auto& dir : options_.corpus_dirs) AddRoot(roots, dir);
    if (corrections_changed) {
      // Every article is analysed again: those of folders not named this
      // time too, as an update would have kept them.
      for (const auto& root : IndexedLiveRoots(options_.db_path))
        AddRoot(roots, root);
    }
    // List the corpora before opening the index, so a mistyped directory is
    // a usage error that leaves the index untouched.
    std::vector<CorpusListing> listings;
    const std::string db_abs = AbsoluteRoot(options_.db_path);
    for (const auto& root : roots) listings.push_back(ListCorpus(root, db_abs));

    index_.emplace(options_.db_path, options_.rebuild, options_.shards);
    db_ = index_->db();
    aliases_.emplace(db_);
    publish_progress_ = index_->fresh() && !options_.rebuild;
    shards_in_place_ = index_->shard_count() > 1 && !options_.rebuild;
    Guard([&] {
      // A build that died leaves its progress: this one's replaces it.
      db_.set_metadata(schema::kBuildProgressKey, "");
      const bool sharded_build_died =
          shards_in_place_ &&
          !db_.get_metadata(schema::kShardedBuildKey).empty();
      // Shard 0 holds the spelling data of every shard's articles, and the
      // shards commit one by one: a kill between their commits leaves the
      // data counting articles other shards lost. Every build of a sharded
      // index makes it from the vocabulary at its end (a pass over the
      // terms, 0.2 s on Reuters), which no kill can leave wrong.
      spelling_at_end_ = index_->fresh() || shards_in_place_ ||
                         !db_.get_metadata(schema::kSpellingPendingKey).empty();
      if (spelling_at_end_) db_.set_metadata(schema::kSpellingPendingKey, "1");
      SetCorrections(db_);
      LoadSources(db_, indexed_, docids_);
      const std::set<std::string> live = Label(roots, listings);
      plan_ = PlanChanges(roots, listings, indexed_, live);
      partial_file_ = db_.get_metadata(schema::kPartialFileKey);
      ReadPartialFileAgain(plan_, partial_file_);
      if (sharded_build_died) ReadEveryJsonLinesFileAgain(plan_);
      Queue(roots, listings);
      if (shards_in_place_ && (!jobs_.empty() || !plan_.removed.empty()))
        db_.set_metadata(schema::kShardedBuildKey, "1");
      Remove(plan_.removed);
      Process(start);
      if (summary_.interrupted) {
        aliases_->Save();
      } else if (index_->shard_count() == 1) {
        aliases_->Resolve();
      } else {
        // The shards' commits are not one: the short names stay pending
        // until every shard holds the articles resolved, so that a crash
        // in between leaves them to the next build.
        (void)aliases_->ResolveArticles(
            LookUpAliases(db_, aliases_->Pending()));
        db_.commit();
        aliases_->ClearPending();
      }
      if (summary_.interrupted && options_.rebuild) {
        index_->Abandon();
        summary_.rebuild_abandoned = true;
      } else {
        std::lock_guard lock(report_mutex_);
        db_.set_metadata(schema::kBuildProgressKey, "");
        // Shards merged: db() is the merged index.
        SetCorrections(index_->db());
        // Merged shards bring their spelling data (ShardedWriter): the
        // pass then only checks it, holding nothing in memory. Otherwise
        // it is made here, in batches: each is committed, and a build
        // killed in between leaves the pending key for the next to finish.
        if (spelling_at_end_) {
          SyncSpelling(index_->db(), kSpellingBatchWords);
          index_->db().set_metadata(schema::kSpellingPendingKey, "");
        }
        // Every build, even one that changed nothing: one killed before
        // this left its articles' groups to the next.
        (void)SyncDuplicateGroups(index_->db());
        index_->Finish();
        // A build stopped early may not have read every file again.
        if (shards_in_place_ && !summary_.interrupted) {
          ClearShardedBuild();
          // As a new index of one database is compacted by its merge.
          if (index_->fresh()) index_->CompactShards();
        }
      }
    });
    summary_.articles = index_->db().get_doccount();
    summary_.seconds = SecondsSince(start);
    return summary_;
  }

 private:
  static void AddRoot(std::vector<std::string>& roots, const std::string& dir) {
    std::string root = AbsoluteRoot(dir);
    if (std::find(roots.begin(), roots.end(), root) == roots.end())
      roots.push_back(std::move(root));
  }

  // Reads the corrections (IndexOptions::corrections) into corrections_.
  // Returns true, and makes the build a rebuild, if they do something else
  // than those the index's articles were analysed with.
  bool ReadCorrections(const IndexPeek& peek) {
    const bool remembered = !options_.corrections.has_value();
    corrections_file_ = remembered ? peek.corrections_file
                        : options_.corrections->empty()
                            ? std::string()
                            : fs::absolute(*options_.corrections).string();
    if (!corrections_file_.empty()) {
      try {
        corrections_ = Corrections::Load(corrections_file_);
      } catch (const Error& e) {
        if (!remembered) throw;
        throw Error(ErrorKind::kUsage,
                    std::string(e.what()) +
                        "; the index's last build used it: give "
                        "--corrections FILE, or --corrections '' for none");
      }
    }
    if (options_.rebuild || !peek.articles ||
        peek.corrections == corrections_.Fingerprint())
      return false;
    options_.rebuild = true;
    Warn(corrections_file_.empty() ? options_.db_path : corrections_file_,
         corrections_file_.empty()
             ? "the index was built with corrections and this build has "
               "none: every article is analysed again (a rebuild)"
             : "these corrections are not those the index was built with: "
               "every article is analysed again (a rebuild)");
    return true;
  }

  void SetCorrections(Xapian::WritableDatabase& db) {
    db.set_metadata(schema::kCorrectionsFileKey, corrections_file_);
    db.set_metadata(schema::kCorrectionsKey, corrections_.Fingerprint());
    db.set_metadata(schema::kChangesetsKey, changesets_);
  }

  // Settles IndexOptions::changesets into changesets_ and the environment,
  // where Xapian reads it when the index is opened for writing. The
  // environment the process started with is read once: what an earlier
  // build set there is not the user's word.
  void KeepChangesets(const IndexPeek& peek) {
    static const std::optional<std::string> user_env =
        []() -> std::optional<std::string> {
      const char* env = std::getenv("XAPIAN_MAX_CHANGESETS");
      if (env == nullptr) return std::nullopt;
      return std::string(env);
    }();
    const std::string_view from_env = user_env ? *user_env : "";
    uint32_t n = 0;
    const auto [end, ec] =
        std::from_chars(from_env.data(), from_env.data() + from_env.size(), n);
    if (options_.changesets) {
      changesets_ = std::to_string(*options_.changesets);
    } else if (!from_env.empty() && ec == std::errc() &&
               end == from_env.data() + from_env.size()) {
      changesets_ = std::to_string(n);
    } else {
      changesets_ = peek.changesets;
    }
    if (!changesets_.empty()) {
      setenv("XAPIAN_MAX_CHANGESETS", changesets_.c_str(), 1);
    } else if (user_env) {
      setenv("XAPIAN_MAX_CHANGESETS", user_env->c_str(), 1);
    } else {
      unsetenv("XAPIAN_MAX_CHANGESETS");
    }
  }

  // Turns Xapian failures while writing into Error with the index path.
  template <typename Fn>
  void Guard(Fn&& fn) {
    try {
      fn();
    } catch (const Xapian::Error& e) {
      throw IndexError(e, IndexAccess::kWrite, options_.db_path);
    }
  }

  // Every shard has committed the build's end: the next build need not
  // read JSON Lines files again (schema::kShardedBuildKey).
  void ClearShardedBuild() {
    Xapian::WritableDatabase& db = index_->db();
    if (db.get_metadata(schema::kShardedBuildKey).empty()) return;
    db.set_metadata(schema::kShardedBuildKey, "");
    db.commit();
  }

  // Writer threads of a sharded build call it at once.
  void Warn(const std::string& path, std::string_view message) {
    std::lock_guard lock(report_mutex_);
    ++summary_.warnings;
    reporter_.Warning(path, message);
  }

  void ReportProgress(Clock::time_point start, bool last) {
    std::lock_guard lock(report_mutex_);
    if (!last &&
        Clock::now() - last_progress_ <= std::chrono::milliseconds(200))
      return;
    last_progress_ = Clock::now();
    reporter_.Progress({done_.load(), jobs_.size(), SecondsSince(start)});
    // While shards are written the index has no commits of its own.
    if (publish_progress_ && writing_shards_ && !last &&
        Clock::now() - last_published_ >= std::chrono::seconds(1)) {
      SetProgress();
      db_.commit();
      last_published_ = Clock::now();
    }
  }

  // A first build tells searchers how far it is, in the index it writes:
  // committed at its start, then with its articles, or while shards are
  // written, about once a second. Nothing else writes db_ when it is
  // called (shard writers write their shards).
  void SetProgress() {
    db_.set_metadata(
        schema::kBuildProgressKey,
        std::to_string(done_.load()) + " " + std::to_string(jobs_.size()));
  }

  void SetWritingShards(bool writing) {
    std::lock_guard lock(report_mutex_);
    writing_shards_ = writing;
  }

  bool Stopping() const {
    return abort_.load() || (options_.stop != nullptr && options_.stop->load());
  }

  // Chooses the roots' labels and puts them before the ids of their walks;
  // returns the roots of indexed_ that are still directories. A rebuild
  // keeps the labels of the index it replaces.
  std::set<std::string> Label(const std::vector<std::string>& roots,
                              std::vector<CorpusListing>& listings) {
    IndexedSources replaced;
    if (options_.rebuild)
      LoadReplacedSources(options_.db_path, roots, replaced);
    const IndexedSources& known = options_.rebuild ? replaced : indexed_;
    const std::set<std::string> live = LiveRoots(known);
    labels_ = ChooseRootLabels(roots, listings, known, live);
    NoteNewLabels(roots, listings, known.Labels());
    for (size_t r = 0; r < roots.size(); ++r)
      ApplyRootLabel(labels_[r], listings[r]);
    return options_.rebuild ? LiveRoots(indexed_) : live;
  }

  // Tells which roots this build gives articles to under a new label, as
  // ids start with it from now on.
  void NoteNewLabels(const std::vector<std::string>& roots,
                     const std::vector<CorpusListing>& listings,
                     const std::map<std::string, std::string>& known) {
    for (size_t r = 0; r < roots.size(); ++r) {
      if (!labels_[r].empty() && !known.count(roots[r]) &&
          !listings[r].files.empty())
        summary_.new_labels.emplace_back(roots[r], labels_[r]);
    }
  }

  // Reports what the walks could not use, then turns the plan into jobs,
  // in the order of the walks.
  void Queue(const std::vector<std::string>& roots,
             const std::vector<CorpusListing>& listings) {
    auto change = plan_.files.begin();
    for (size_t r = 0; r < roots.size(); ++r) {
      const CorpusListing& listing = listings[r];
      summary_.ignored += listing.ignored;
      for (const auto& [path, reason] : listing.problems) {
        ++summary_.skipped;
        Warn(path, reason);
      }
      if (listing.files.empty()) {
        // A mistyped folder would otherwise build an empty index, silently.
        ++summary_.empty_dirs;
        Warn(roots[r], "holds no article (no *.txt or *.jsonl file)" +
                           (listing.ignored > 0
                                ? "; " + std::to_string(listing.ignored) +
                                      (listing.ignored == 1 ? " other file"
                                                            : " other files") +
                                      " ignored"
                                : std::string()));
      }
      for (; change != plan_.files.end() && change->root == &roots[r]; ++change)
        Queue(*change, labels_[r]);
    }
  }

  void Queue(const FileChange& change, const std::string& label) {
    const CorpusFile& file = *change.file;
    if (change.reason == FileReason::kIdTaken) {
      ++summary_.skipped;
      Warn(file.path, "id '" + file.id +
                          "' is already taken by an article of " +
                          *change.owner + "; skipped");
      return;
    }
    if (change.action == FileAction::kSkip) {
      summary_.unchanged += change.indexed.size();
      return;
    }
    if (file.kind == CorpusFileKind::kJsonLines) {
      QueueJsonLines(change, label);
      return;
    }
    std::optional<size_t> indexed;
    if (!change.indexed.empty()) indexed = change.indexed.front();
    jobs_.push_back({file, *change.root, indexed, {}, false, label});
  }

  void QueueJsonLines(const FileChange& change, const std::string& label) {
    const CorpusFile& file = *change.file;
    const bool lines = !change.indexed.empty();
    const auto chunks = SplitIntoLineChunks(file.path, options_.chunk_bytes);
    if (!chunks) {
      ++summary_.skipped;
      Warn(file.path,
           chunks.error() + (lines ? "; skipped (the articles indexed "
                                     "before are kept)"
                                   : "; skipped"));
      return;
    }
    for (const LineChunk& chunk : *chunks) {
      jobs_.push_back({file, *change.root, std::nullopt, chunk, lines, label});
    }
    if (lines) reread_.push_back(&change);
  }

  // Removes the articles at these positions of indexed_.
  void Remove(const std::vector<size_t>& positions) {
    SpellingChanges spelling;
    for (size_t i : positions) {
      aliases_->Forget(docids_[i]);
      if (!spelling_at_end_) spelling.Remove(db_.get_document(docids_[i]));
      db_.delete_document(docids_[i]);
      ++summary_.removed;
    }
    spelling.Apply(db_);
  }

  // Removes the articles of changed JSON Lines files that no line names any
  // more. Runs only after every line was read.
  void RemoveVanishedLines() {
    for (const FileChange* change : reread_) {
      if (unreadable_files_.count(SeenKey(*change->root, change->file->id)))
        continue;
      Remove(LinesGone(*change, indexed_, lines_seen_));
    }
  }

  void Process(Clock::time_point start) {
    if (jobs_.empty()) return;
    if (publish_progress_) {
      SetProgress();
      db_.commit();
    }
    const unsigned threads =
        options_.jobs != 0 ? options_.jobs
                           : std::max(1u, std::thread::hardware_concurrency());
    const std::unique_ptr<EntityExtractor> found = MakeDefaultEntityExtractor();
    const CorrectingExtractor corrected(*found, corrections_);
    const EntityExtractor* extractor =
        corrections_.empty() ? found.get() : &corrected;
    // A new index written by one writer also writes its articles as the
    // guess resolves them, so that the last pass changes only those it
    // got wrong (on Reuters 886 of 2,393). An index with articles keeps
    // its own table, which the guess would not know.
    RunningAliasTable guess;
    const bool sharded = index_->shard_count() > 1;
    IndexSink sink{&db_,
                   &*aliases_,
                   &summary_,
                   {},
                   options_.commit_every,
                   index_->fresh() ? &guess : nullptr,
                   sharded ? &*index_ : nullptr,
                   {}};
    // An index of several shards is written in place, each article to its
    // shard, by one writer; the temporary shards of a fresh build are
    // merged into one database.
    const std::vector<size_t> bounds =
        index_->fresh() && !sharded
            ? ShardBounds(jobs_, threads, options_.shard_bytes)
            : std::vector<size_t>{0, jobs_.size()};
    if (bounds.size() > 2) {
      ShardedWriter writer(*index_, options_, threads, abort_);
      // Only ProcessRange, on the shards' threads, reports progress
      // meanwhile; the merge that ends Write replaces db_ after it.
      SetWritingShards(true);
      summary_.interrupted = writer.Write(
          bounds,
          [&](size_t begin, size_t end, IndexSink& shard) {
            return Stopping() ||
                   ProcessRange(begin, end, 1, *extractor, shard, start);
          },
          sink);
      SetWritingShards(false);
    } else {
      summary_.interrupted =
          ProcessRange(0, jobs_.size(), threads, *extractor, sink, start);
    }
    ReportProgress(start, true);
    if (!summary_.interrupted) RemoveVanishedLines();
  }

  // Analyses jobs [begin, end) on `threads` threads and writes them, in
  // order, to sink, committing every sink.commit_every documents.
  // Returns true if stopped before the end.
  bool ProcessRange(size_t begin, size_t end, unsigned threads,
                    const EntityExtractor& extractor, IndexSink& sink,
                    Clock::time_point start) {
    std::vector<std::unique_ptr<ArticleAnalyzer>> analysers;
    for (unsigned t = 0; t < threads; ++t) {
      analysers.push_back(
          std::make_unique<ArticleAnalyzer>(indexed_, extractor));
    }
    // Results wait in memory for the writer, as Xapian documents, each many
    // times its text: a chunk of a JSON Lines file holds about a hundred
    // articles, and 20 of them in flight took 100 MB more of a build of
    // Reuters' JSON Lines than 8.
    const bool chunks =
        std::any_of(jobs_.begin() + begin, jobs_.begin() + end,
                    [](const IndexJob& job) { return job.chunk.length != 0; });
    OrderedPool<IndexJobResult> pool(
        end - begin, threads, (chunks ? 4 : 16) + 4 * size_t{threads},
        [&](unsigned thread, size_t i) {
          return analysers[thread]->Run(jobs_[begin + i]);
        });
    size_t next = begin;
    size_t since_commit = 0;
    // The spelling data is applied before every commit and before any
    // return, so that whoever commits sink.db next commits it with the
    // documents.
    while (auto result = pool.Next()) {
      since_commit += Apply(jobs_[next], *result, sink);
      ++next;
      ++done_;
      if (sink.db == &db_) NotePartialFile(next);
      if (since_commit >= sink.commit_every) {
        sink.aliases->Save();
        sink.spelling.Apply(*sink.db);
        if (publish_progress_ && sink.db == &db_) SetProgress();
        sink.db->commit();
        since_commit = 0;
      }
      ReportProgress(start, false);
      if (Stopping()) {
        sink.spelling.Apply(*sink.db);
        return true;
      }
    }
    sink.spelling.Apply(*sink.db);
    return false;
  }

  // Records whether the jobs written so far (up to `next`) end inside a
  // JSON Lines file, which the next job reads on in, so that any commit
  // from now on tells the next build to read that file again
  // (kPartialFileKey). A commit between two files clears it.
  void NotePartialFile(size_t next) {
    const IndexJob& done = jobs_[next - 1];
    const bool inside =
        next < jobs_.size() && jobs_[next].chunk.first_line > 1 &&
        jobs_[next].root == done.root && jobs_[next].file.id == done.file.id;
    std::string partial;
    if (inside) partial = done.root + '\0' + done.file.id;
    if (partial == partial_file_) return;
    db_.set_metadata(schema::kPartialFileKey, partial);
    partial_file_ = std::move(partial);
  }

  // Writes a job's articles; returns how many documents it wrote.
  size_t Apply(const IndexJob& job, IndexJobResult& result, IndexSink& sink) {
    if (job.chunk.first_line == 1) sink.line_of_id.clear();
    if (result.unreadable) {
      ++sink.summary->skipped;
      Warn(job.file.path,
           *result.unreadable + (job.indexed || job.track_ids
                                     ? "; skipped (what was indexed from it "
                                       "before is kept)"
                                     : "; skipped"));
      if (job.track_ids)
        unreadable_files_.insert(SeenKey(job.root, job.file.id));
      return 0;
    }
    size_t written = 0;
    for (ArticleOutcome& out : result.outcomes) {
      if (job.track_ids) lines_seen_.insert(out.id);
      for (const auto& warning : out.warnings) Warn(out.where, warning);
      if (out.skip_reason) {
        ++sink.summary->skipped;
        Warn(out.where,
             *out.skip_reason + (out.indexed ? "; skipped (the version "
                                               "indexed before is kept)"
                                             : "; skipped"));
        continue;
      }
      if (out.line != 0) {
        // Lines come in file order, so the first line with an id wins.
        // Ids are compared by hash: a false match needs a 64-bit collision.
        const auto [first, fresh] = sink.line_of_id.emplace(
            XXH3_64bits(out.id.data(), out.id.size()), out.line);
        if (!fresh) {
          ++sink.summary->skipped;
          Warn(out.where, "id '" + out.id + "' is already used on line " +
                              std::to_string(first->second) + "; skipped");
          continue;
        }
      }
      ++written;
      if (out.touched) {
        const Xapian::docid docid = docids_[*out.indexed];
        Xapian::Document doc = sink.db->get_document(docid);
        doc.add_value(schema::kSourceSlot, EncodeSource(*out.touched));
        sink.db->replace_document(docid, doc);
        ++sink.summary->unchanged;
        continue;
      }
      const std::string id_term = schema::IdTerm(out.id);
      sink.aliases->Forget(id_term);
      sink.aliases->Learn(*out.document);
      if (sink.guess != nullptr) sink.guess->PreResolve(*out.document);
      // A changed article's old words leave the spelling data as its new
      // ones come in (a fresh index, and so a shard, makes it at the end).
      if (!spelling_at_end_) {
        if (out.indexed)
          sink.spelling.Remove(sink.db->get_document(docids_[*out.indexed]));
        sink.spelling.Add(*out.document);
      }
      if (sink.sharded != nullptr) {
        sink.sharded->shard(ShardOf(out.id, sink.sharded->shard_count()))
            .replace_document(id_term, *out.document);
      } else {
        sink.db->replace_document(id_term, *out.document);
      }
      ++(out.indexed ? sink.summary->updated : sink.summary->added);
    }
    return written;
  }

  // A copy: corrections that changed make it a rebuild.
  IndexOptions options_;
  IndexReporter& reporter_;
  Corrections corrections_;
  std::string corrections_file_;  // absolute; "" for none
  std::string changesets_;  // "" if never given (IndexOptions::changesets)
  std::optional<WritableIndex> index_;
  Xapian::WritableDatabase db_;           // index_->db()
  std::optional<CorpusAliases> aliases_;  // needs db_ open
  IndexedSources indexed_;
  std::vector<Xapian::docid> docids_;  // of indexed_, by position
  std::vector<std::string> labels_;    // of the build's roots, in order
  ChangePlan plan_;
  // JSON Lines files that changed and had articles indexed before.
  std::vector<const FileChange*> reread_;
  std::unordered_set<std::string> unreadable_files_;
  // Ids read from the lines of reread_.
  std::unordered_set<std::string> lines_seen_;
  std::vector<IndexJob> jobs_;
  IndexSummary summary_;
  std::mutex report_mutex_;  // reporter_, summary_.warnings, last_progress_
  Clock::time_point last_progress_ = Clock::now();
  // A first build: progress goes into the index (SetProgress).
  bool publish_progress_ = false;
  bool writing_shards_ = false;  // under report_mutex_
  // The index has several shards, written in place (not a rebuild's new
  // ones): the build sets kShardedBuildKey while it writes them.
  bool shards_in_place_ = false;
  // The spelling data is made from the vocabulary at the end (a fresh
  // index, or one whose fresh build was killed: kSpellingPendingKey)
  // rather than changed article by article.
  bool spelling_at_end_ = false;
  // What kPartialFileKey says in the index written to (NotePartialFile).
  std::string partial_file_;
  Clock::time_point last_published_ = Clock::now();
  std::atomic<size_t> done_{0};     // jobs written
  std::atomic<bool> abort_{false};  // a writer failed: the others stop
};

}  // namespace

IndexSummary BuildIndex(const IndexOptions& options, IndexReporter& reporter) {
  // Before anything is opened: a runaway thread count once took 20 GB.
  if (options.jobs > kMaxIndexJobs) {
    throw Error(ErrorKind::kUsage, "jobs must be at most " +
                                       std::to_string(kMaxIndexJobs) +
                                       ", got " + std::to_string(options.jobs));
  }
  if (options.commit_every < 1 || options.commit_every > kMaxCommitEvery) {
    throw Error(ErrorKind::kUsage, "commit_every must be from 1 to " +
                                       std::to_string(kMaxCommitEvery) +
                                       ", got " +
                                       std::to_string(options.commit_every));
  }
  if (options.chunk_bytes < 1 || options.shard_bytes < 1) {
    throw Error(ErrorKind::kUsage,
                "chunk_bytes and shard_bytes must be at least 1, got " +
                    std::to_string(options.chunk_bytes) + " and " +
                    std::to_string(options.shard_bytes));
  }
  if (options.changesets && *options.changesets > kMaxChangesets) {
    throw Error(ErrorKind::kUsage,
                "changesets must be at most " + std::to_string(kMaxChangesets) +
                    ", got " + std::to_string(*options.changesets));
  }
  return Build(options, reporter).Run();
}

}  // namespace gazette
