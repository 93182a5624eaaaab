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
#include "common/corpus_aliases.h"
#include "common/corpus_walker.h"
#include "common/document_builder.h"
#include "common/entity_extractor.h"
#include "common/error.h"
#include "common/index_database.h"
#include "common/jsonl_reader.h"
#include "common/ordered_pool.h"
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

// A unit of work: a whole article file, or a run of lines of a JSON Lines
// file.
struct Job {
  CorpusFile file;
  std::string root;
  // Article file: the article indexed from it before, if any.
  const Existing* existing = nullptr;
  // JSON Lines file: the lines to read.
  LineChunk chunk;
  // JSON Lines file with articles indexed before: note every id seen, so
  // those no longer in the file can be removed.
  bool track_ids = false;
};

// What became of one article.
struct Outcome {
  std::string id;
  // Where to report problems: the file's path, or "path:line".
  std::string where;
  std::vector<std::string> warnings;
  std::optional<std::string> skip_reason;
  const Existing* existing = nullptr;
  // Set when the content changed: the new document.
  std::optional<Xapian::Document> document;
  // Set when only the fingerprint changed: the refreshed one.
  std::optional<SourceRecord> touched;
  size_t line = 0;  // JSON Lines only
};

struct JobResult {
  std::vector<Outcome> outcomes;
  // Set when the file could not be read at all.
  std::optional<std::string> unreadable;
};

using ExistingMap = std::unordered_map<std::string, Existing>;

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

ExistingMap LoadSources(const Xapian::Database& db) {
  ExistingMap sources;
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

// Reads one document's worth of work: analyses the article, or decides that
// only its fingerprint needs refreshing.
class Analyser {
 public:
  Analyser(const ExistingMap& existing, const EntityExtractor& extractor)
      : existing_(existing), extractor_(extractor) {}

  JobResult Run(const Job& job) {
    try {
      return job.file.kind == CorpusFileKind::kJsonLines ? RunJsonLines(job)
                                                         : RunArticle(job);
    } catch (const std::exception& e) {
      // One bad article must not take the build down.
      return Failed(job, std::string("internal error: ") + e.what());
    } catch (const Xapian::Error& e) {
      return Failed(job, "internal error: " + e.get_description());
    }
  }

 private:
  static JobResult Failed(const Job& job, std::string reason) {
    JobResult result;
    result.unreadable = std::move(reason);
    (void)job;
    return result;
  }

  JobResult RunArticle(const Job& job) {
    JobResult result;
    std::string error;
    std::optional<std::string> bytes = ReadFileBytes(job.file.path, &error);
    if (!bytes) {
      result.unreadable = error;
      return result;
    }
    Outcome& out = result.outcomes.emplace_back();
    out.id = job.file.id;
    out.where = job.file.path;
    out.existing = job.existing;
    SourceRecord source{job.root,
                        job.file.id,
                        "",
                        bytes->size(),
                        job.file.mtime_ns,
                        XXH3_64bits(bytes->data(), bytes->size())};
    if (job.existing != nullptr &&
        job.existing->source.content_hash == source.content_hash &&
        job.existing->source.root == source.root) {
      out.touched = std::move(source);
      return result;
    }
    ReadResult read = ReadArticle(*bytes, job.file.id, job.root);
    bytes.reset();
    Finish(read, source, out);
    return result;
  }

  JobResult RunJsonLines(const Job& job) {
    JobResult result;
    std::string error;
    const std::optional<std::string> bytes = ReadFileRange(
        job.file.path, job.chunk.offset, job.chunk.length, &error);
    if (!bytes) {
      result.unreadable = error;
      return result;
    }
    std::string_view rest = *bytes;
    for (size_t line = job.chunk.first_line; !rest.empty(); ++line) {
      const size_t nl = rest.find('\n');
      const std::string_view text = rest.substr(0, nl);
      rest.remove_prefix(nl == std::string_view::npos ? rest.size() : nl + 1);
      if (IsBlankLine(text)) continue;
      JsonLineResult parsed = ReadJsonLine(text, job.file.id, line, job.root);
      Outcome& out = result.outcomes.emplace_back();
      out.id = std::move(parsed.id);
      out.where = job.file.path + ":" + std::to_string(line);
      out.line = line;
      SourceRecord source{
          job.root,          out.id,
          job.file.id,       job.file.size,
          job.file.mtime_ns, XXH3_64bits(text.data(), text.size())};
      if (const auto it = existing_.find(out.id); it != existing_.end()) {
        out.existing = &it->second;
        const SourceRecord& old = it->second.source;
        if (parsed.read.document && old.root == job.root &&
            old.file == job.file.id &&
            old.content_hash == source.content_hash) {
          out.warnings = std::move(parsed.read.warnings);
          out.touched = std::move(source);
          continue;
        }
      }
      Finish(parsed.read, source, out);
    }
    return result;
  }

  void Finish(ReadResult& read, const SourceRecord& source, Outcome& out) {
    out.warnings = std::move(read.warnings);
    if (!read.document) {
      out.skip_reason = std::move(read.skip_reason);
      return;
    }
    const Document& doc = *read.document;
    const std::vector<Entity> entities =
        extractor_.Extract(doc.title_from_header ? std::string_view(doc.title)
                                                 : std::string_view(),
                           doc.body);
    out.document = builder_.Build(doc, entities, source);
  }

  const ExistingMap& existing_;
  const EntityExtractor& extractor_;
  DocumentBuilder builder_;
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

    index_.emplace(options_.db_path, options_.rebuild);
    db_ = index_->db();
    aliases_.emplace(db_);
    Guard([&] {
      existing_ = LoadSources(db_);
      Plan(roots, listings);
      RemoveVanished(roots);
      Process(start);
      if (summary_.interrupted) {
        aliases_->Save();
      } else {
        aliases_->Resolve();
      }
      if (summary_.interrupted && options_.rebuild) {
        index_->Abandon();
        summary_.rebuild_abandoned = true;
      } else {
        index_->Finish();
      }
    });
    summary_.articles = index_->db().get_doccount();
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
                      "' failed: " + e.get_description() +
                      "; the index keeps its last commit: fix this and run "
                      "the same command again");
    }
  }

  void Warn(const std::string& path, std::string_view message) {
    ++summary_.warnings;
    reporter_.Warning(path, message);
  }

  void Plan(const std::vector<std::string>& roots,
            const std::vector<CorpusListing>& listings) {
    // Articles of JSON Lines files, by the file's relative path.
    for (const auto& [id, existing] : existing_) {
      if (!existing.source.file.empty()) {
        by_file_[existing.source.file].push_back(&existing);
      }
    }
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
        const bool jsonl = file.kind == CorpusFileKind::kJsonLines;
        const std::vector<const Existing*>* lines = nullptr;
        if (const auto it = by_file_.find(file.id);
            jsonl && it != by_file_.end())
          lines = &it->second;
        const Existing* existing = nullptr;
        if (const auto it = existing_.find(file.id); it != existing_.end())
          existing = &it->second;
        const Existing* earlier =
            jsonl ? (lines ? lines->front() : nullptr) : existing;
        std::string owner;
        if (!fresh) {
          owner = *claim->second;
        } else if (earlier != nullptr && earlier->source.root != root &&
                   fs::is_directory(earlier->source.root) &&
                   std::find(roots.begin(), roots.end(),
                             earlier->source.root) == roots.end()) {
          // Indexed from a corpus not named in this build that still exists.
          // (One named in this build either still has the file, and claimed
          // it above, or lost it, and gives it up.)
          owner = earlier->source.root;
        }
        if (!owner.empty()) {
          ++summary_.skipped;
          Warn(file.path, "id '" + file.id + "' is already taken by " + owner +
                              "/" + file.id + "; skipped");
          continue;
        }
        if (jsonl) {
          PlanJsonLines(file, root, lines);
          continue;
        }
        if (existing != nullptr && existing->source.root == root &&
            existing->source.size == file.size &&
            existing->source.mtime_ns == file.mtime_ns) {
          ++summary_.unchanged;
          continue;
        }
        jobs_.push_back({file, root, existing, {}, false});
      }
    }
  }

  void PlanJsonLines(const CorpusFile& file, const std::string& root,
                     const std::vector<const Existing*>* lines) {
    if (lines != nullptr &&
        std::all_of(lines->begin(), lines->end(), [&](const Existing* e) {
          return e->source.root == root && e->source.size == file.size &&
                 e->source.mtime_ns == file.mtime_ns;
        })) {
      summary_.unchanged += lines->size();
      return;
    }
    std::string error;
    const auto chunks = SplitIntoLineChunks(file.path, kChunkBytes, &error);
    if (!chunks) {
      ++summary_.skipped;
      Warn(file.path, error + (lines ? "; skipped (the articles indexed "
                                       "before are kept)"
                                     : "; skipped"));
      return;
    }
    for (const LineChunk& chunk : *chunks) {
      jobs_.push_back({file, root, nullptr, chunk, lines != nullptr});
    }
    if (lines != nullptr) changed_files_.push_back({root, file.id});
  }

  void RemoveVanished(const std::vector<std::string>& roots) {
    const std::set<std::string> root_set(roots.begin(), roots.end());
    for (const auto& [id, existing] : existing_) {
      if (root_set.count(existing.source.root) &&
          !seen_.count(
              SeenKey(existing.source.root, existing.source.FilePath()))) {
        aliases_->Forget(existing.docid);
        db_.delete_document(existing.docid);
        ++summary_.removed;
      }
    }
  }

  // Removes the articles of changed JSON Lines files that no line names any
  // more. Runs only after every line was read.
  void RemoveVanishedLines() {
    for (const auto& [root, file] : changed_files_) {
      if (unreadable_files_.count(SeenKey(root, file))) continue;
      for (const Existing* e : by_file_[file]) {
        if (e->source.root == root && !lines_seen_.count(e->source.id)) {
          aliases_->Forget(e->docid);
          db_.delete_document(e->docid);
          ++summary_.removed;
        }
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
    std::vector<std::unique_ptr<Analyser>> analysers;
    for (unsigned t = 0; t < threads; ++t) {
      analysers.push_back(std::make_unique<Analyser>(existing_, *extractor));
    }
    OrderedPool<JobResult> pool(jobs_.size(), threads, 16 + 4 * size_t{threads},
                                [&](unsigned thread, size_t i) {
                                  return analysers[thread]->Run(jobs_[i]);
                                });
    size_t done = 0;
    size_t since_commit = 0;
    auto last_progress = Clock::now();
    while (auto result = pool.Next()) {
      since_commit += Apply(jobs_[done], *result);
      ++done;
      if (since_commit >= options_.commit_every) {
        aliases_->Save();
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
    if (!summary_.interrupted) RemoveVanishedLines();
  }

  // Writes a job's articles; returns how many documents it wrote.
  size_t Apply(const Job& job, JobResult& result) {
    if (job.chunk.first_line == 1) line_of_id_.clear();
    if (result.unreadable) {
      ++summary_.skipped;
      Warn(job.file.path,
           *result.unreadable + (job.existing || job.track_ids
                                     ? "; skipped (what was indexed from it "
                                       "before is kept)"
                                     : "; skipped"));
      if (job.track_ids)
        unreadable_files_.insert(SeenKey(job.root, job.file.id));
      return 0;
    }
    size_t written = 0;
    for (Outcome& out : result.outcomes) {
      if (job.track_ids) lines_seen_.insert(out.id);
      for (const auto& warning : out.warnings) Warn(out.where, warning);
      if (out.skip_reason) {
        ++summary_.skipped;
        Warn(out.where,
             *out.skip_reason + (out.existing ? "; skipped (the version "
                                                "indexed before is kept)"
                                              : "; skipped"));
        continue;
      }
      if (out.line != 0) {
        // Lines come in file order, so the first line with an id wins.
        // Ids are compared by hash: a false match needs a 64-bit collision.
        const auto [first, fresh] = line_of_id_.emplace(
            XXH3_64bits(out.id.data(), out.id.size()), out.line);
        if (!fresh) {
          ++summary_.skipped;
          Warn(out.where, "id '" + out.id + "' is already used on line " +
                              std::to_string(first->second) + "; skipped");
          continue;
        }
      }
      ++written;
      if (out.touched) {
        Xapian::Document doc = db_.get_document(out.existing->docid);
        doc.add_value(schema::kSourceSlot, EncodeSource(*out.touched));
        db_.replace_document(out.existing->docid, doc);
        ++summary_.unchanged;
        continue;
      }
      const std::string id_term = schema::IdTerm(out.id);
      aliases_->Forget(id_term);
      aliases_->Learn(*out.document);
      db_.replace_document(id_term, *out.document);
      ++(out.existing ? summary_.updated : summary_.added);
    }
    return written;
  }

  // JSON Lines files are read in runs of lines of about this size: enough
  // to keep a worker busy, small enough to bound what is in flight.
  static constexpr size_t kChunkBytes = 128 * 1024;

  const IndexOptions& options_;
  IndexReporter& reporter_;
  std::optional<WritableIndex> index_;
  Xapian::WritableDatabase db_;           // index_->db()
  std::optional<CorpusAliases> aliases_;  // needs db_ open
  ExistingMap existing_;
  std::unordered_map<std::string, std::vector<const Existing*>> by_file_;
  // Root and relative path of JSON Lines files that changed and had
  // articles indexed before.
  std::vector<std::pair<std::string, std::string>> changed_files_;
  std::unordered_set<std::string> unreadable_files_;
  // Ids read from the lines of changed_files_.
  std::unordered_set<std::string> lines_seen_;
  // Line of the current JSON Lines file that used each id first.
  std::unordered_map<uint64_t, size_t> line_of_id_;
  std::unordered_set<std::string> seen_;
  std::vector<Job> jobs_;
  IndexSummary summary_;
};

}  // namespace

IndexSummary BuildIndex(const IndexOptions& options, IndexReporter& reporter) {
  return Build(options, reporter).Run();
}

}  // namespace gazette
