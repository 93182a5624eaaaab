#include "common/index_builder.h"

#include <xapian.h>
#include <xxhash.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <set>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "common/article_reader.h"
#include "common/bounded_queue.h"
#include "common/corpus_walker.h"
#include "common/document_builder.h"
#include "common/entity_extractor.h"
#include "common/error.h"
#include "common/index_database.h"
#include "common/schema.h"
#include "common/stored_fields.h"

namespace gazette {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

struct Existing {
  Xapian::docid docid;
  SourceRecord source;
};

// A file that needs reading: new, or its size or mtime changed.
struct Job {
  CorpusFile file;
  std::string root;
  const Existing* existing = nullptr;
};

struct JobResult {
  const Job* job = nullptr;
  std::vector<std::string> warnings;
  std::optional<std::string> skip_reason;
  // Set when the content changed: the new document.
  std::optional<Xapian::Document> document;
  // Set when only size or mtime changed: the refreshed fingerprint.
  std::optional<SourceRecord> touched;
};

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

std::unordered_map<std::string, Existing> LoadSources(
    const Xapian::Database& db) {
  std::unordered_map<std::string, Existing> sources;
  for (auto it = db.valuestream_begin(schema::kSourceSlot);
       it != db.valuestream_end(schema::kSourceSlot); ++it) {
    if (auto source = DecodeSource(*it)) {
      std::string id = source->id;
      sources.emplace(std::move(id),
                      Existing{it.get_docid(), std::move(*source)});
    }
  }
  return sources;
}

JobResult RunJob(const Job& job, const EntityExtractor& extractor,
                 DocumentBuilder& builder) {
  JobResult result;
  result.job = &job;
  std::string error;
  std::optional<std::string> bytes = ReadFileBytes(job.file.path, &error);
  if (!bytes) {
    result.skip_reason = error;
    return result;
  }
  SourceRecord source{job.root, job.file.id, bytes->size(), job.file.mtime_ns,
                      XXH3_64bits(bytes->data(), bytes->size())};
  if (job.existing != nullptr &&
      job.existing->source.content_hash == source.content_hash &&
      job.existing->source.root == source.root) {
    result.touched = std::move(source);
    return result;
  }
  ReadResult read = ReadArticle(*bytes, job.file.id, job.root);
  bytes.reset();
  result.warnings = std::move(read.warnings);
  if (!read.document) {
    result.skip_reason = std::move(read.skip_reason);
    return result;
  }
  const Document& doc = *read.document;
  const std::vector<Entity> entities = extractor.Extract(
      doc.title_from_header ? std::string_view(doc.title) : std::string_view(),
      doc.body);
  result.document = builder.Build(doc, entities, source);
  return result;
}

// Runs jobs on worker threads; results come out of `results` in any order.
class WorkerPool {
 public:
  WorkerPool(const std::vector<Job>& jobs, unsigned threads,
             const EntityExtractor& extractor)
      : jobs_(jobs), results_(64 + 16 * threads), running_(threads) {
    for (unsigned i = 0; i < threads; ++i) {
      threads_.emplace_back([this, &extractor] { Work(extractor); });
    }
  }
  // Stops the workers (dropping unfinished results) and joins them.
  ~WorkerPool() {
    results_.Close();
    for (auto& t : threads_) t.join();
  }

  std::optional<JobResult> Next() { return results_.Pop(); }

 private:
  void Work(const EntityExtractor& extractor) {
    DocumentBuilder builder;
    for (;;) {
      const size_t i = next_.fetch_add(1);
      if (i >= jobs_.size()) break;
      JobResult result;
      try {
        result = RunJob(jobs_[i], extractor, builder);
      } catch (const std::exception& e) {
        // One bad article must not take the build down.
        result = JobResult{};
        result.job = &jobs_[i];
        result.skip_reason = std::string("internal error: ") + e.what();
      } catch (const Xapian::Error& e) {
        result = JobResult{};
        result.job = &jobs_[i];
        result.skip_reason = "internal error: " + e.get_description();
      }
      if (!results_.Push(std::move(result))) return;
    }
    if (--running_ == 0) results_.Close();
  }

  const std::vector<Job>& jobs_;
  BoundedQueue<JobResult> results_;
  std::atomic<size_t> next_{0};
  std::atomic<unsigned> running_;
  std::vector<std::thread> threads_;
};

class Build {
 public:
  Build(const IndexOptions& options, IndexReporter& reporter)
      : options_(options), reporter_(reporter) {}

  IndexSummary Run() {
    const auto start = Clock::now();
    std::vector<std::string> roots;
    for (const auto& dir : options_.corpus_dirs) {
      std::string root = AbsoluteRoot(dir);
      if (std::find(roots.begin(), roots.end(), root) == roots.end()) {
        roots.push_back(std::move(root));
      }
    }
    // List the corpora before opening the index, so a mistyped directory is
    // a usage error that leaves the index untouched.
    std::vector<CorpusListing> listings;
    const std::string db_abs = AbsoluteRoot(options_.db_path);
    for (const auto& root : roots) listings.push_back(ListCorpus(root, db_abs));

    db_ = OpenIndexForWriting(options_.db_path, options_.rebuild);
    Guard([&] {
      existing_ = LoadSources(db_);
      Plan(roots, listings);
      RemoveVanished(roots);
      Process(start);
      db_.commit();
    });
    summary_.articles = db_.get_doccount();
    summary_.seconds = SecondsSince(start);
    return summary_;
  }

 private:
  // Turns Xapian failures while writing into Error with the index path.
  template <typename Fn>
  void Guard(Fn&& fn) {
    try {
      fn();
    } catch (const Xapian::DatabaseLockError& e) {
      throw Error(ErrorKind::kIndexLocked, "index at '" + options_.db_path +
                                               "' is locked: " + e.get_msg());
    } catch (const Xapian::DatabaseCorruptError& e) {
      throw Error(ErrorKind::kIndexCorrupt, "index at '" + options_.db_path +
                                                "' is damaged: " + e.get_msg());
    } catch (const Xapian::Error& e) {
      throw Error(ErrorKind::kIndexWrite,
                  "writing index at '" + options_.db_path +
                      "' failed: " + e.get_description());
    }
  }

  void Warn(const std::string& path, std::string_view message) {
    ++summary_.warnings;
    reporter_.Warning(path, message);
  }

  void Plan(const std::vector<std::string>& roots,
            const std::vector<CorpusListing>& listings) {
    std::unordered_map<std::string, const std::string*> claimed;
    for (size_t r = 0; r < roots.size(); ++r) {
      const std::string& root = roots[r];
      const CorpusListing& listing = listings[r];
      summary_.ignored += listing.ignored;
      for (const auto& [path, reason] : listing.problems) {
        ++summary_.skipped;
        Warn(path, reason);
      }
      for (const CorpusFile& file : listing.files) {
        seen_.insert(SeenKey(root, file.id));
        const auto [claim, fresh] = claimed.emplace(file.id, &root);
        const auto it = existing_.find(file.id);
        const Existing* existing =
            it == existing_.end() ? nullptr : &it->second;
        std::string owner;
        if (!fresh) {
          owner = *claim->second;
        } else if (existing != nullptr && existing->source.root != root &&
                   fs::is_directory(existing->source.root) &&
                   std::find(roots.begin(), roots.end(),
                             existing->source.root) == roots.end()) {
          // Indexed from a corpus not named in this build that still exists.
          // (One named in this build either still has the file, and claimed
          // it above, or lost it, and gives it up.)
          owner = existing->source.root;
        }
        if (!owner.empty()) {
          ++summary_.skipped;
          Warn(file.path, "id '" + file.id + "' is already taken by " + owner +
                              "/" + file.id + "; skipped");
          continue;
        }
        if (existing != nullptr && existing->source.root == root &&
            existing->source.size == file.size &&
            existing->source.mtime_ns == file.mtime_ns) {
          ++summary_.unchanged;
          continue;
        }
        jobs_.push_back({file, root, existing});
      }
    }
  }

  void RemoveVanished(const std::vector<std::string>& roots) {
    const std::set<std::string> root_set(roots.begin(), roots.end());
    for (const auto& [id, existing] : existing_) {
      if (root_set.count(existing.source.root) &&
          !seen_.count(SeenKey(existing.source.root, id))) {
        db_.delete_document(existing.docid);
        ++summary_.removed;
      }
    }
  }

  void Process(Clock::time_point start) {
    if (jobs_.empty()) return;
    const unsigned threads =
        options_.jobs != 0 ? options_.jobs
                           : std::max(1u, std::thread::hardware_concurrency());
    const std::unique_ptr<EntityExtractor> extractor =
        MakeDefaultEntityExtractor();
    WorkerPool pool(jobs_, threads, *extractor);
    size_t done = 0;
    size_t since_commit = 0;
    auto last_progress = Clock::now();
    while (auto result = pool.Next()) {
      Apply(*result);
      ++done;
      if (++since_commit >= options_.commit_every) {
        db_.commit();
        since_commit = 0;
      }
      if (Clock::now() - last_progress > std::chrono::milliseconds(200)) {
        last_progress = Clock::now();
        reporter_.Progress({done, jobs_.size(), SecondsSince(start)});
      }
      if (options_.stop != nullptr && options_.stop->load()) {
        summary_.interrupted = true;
        break;
      }
    }
    reporter_.Progress({done, jobs_.size(), SecondsSince(start)});
  }

  void Apply(JobResult& result) {
    const Job& job = *result.job;
    for (const auto& warning : result.warnings) Warn(job.file.path, warning);
    if (result.skip_reason) {
      ++summary_.skipped;
      Warn(job.file.path, *result.skip_reason +
                              (job.existing ? "; skipped (the version indexed "
                                              "before is kept)"
                                            : "; skipped"));
      return;
    }
    if (result.touched) {
      Xapian::Document doc = db_.get_document(job.existing->docid);
      doc.add_value(schema::kSourceSlot, EncodeSource(*result.touched));
      db_.replace_document(job.existing->docid, doc);
      ++summary_.unchanged;
      return;
    }
    db_.replace_document(schema::IdTerm(job.file.id), *result.document);
    ++(job.existing ? summary_.updated : summary_.added);
  }

  const IndexOptions& options_;
  IndexReporter& reporter_;
  Xapian::WritableDatabase db_;
  std::unordered_map<std::string, Existing> existing_;
  std::unordered_set<std::string> seen_;
  std::vector<Job> jobs_;
  IndexSummary summary_;
};

}  // namespace

IndexSummary BuildIndex(const IndexOptions& options, IndexReporter& reporter) {
  return Build(options, reporter).Run();
}

}  // namespace gazette
