// Plans an index build's changes: what becomes of each file the corpus walk
// found (added, replaced, skipped) and which indexed articles go, from the
// files' sizes and mtimes and the source records the index holds.
//
// A pure function of its inputs: no I/O, no Xapian, so every case is a table
// row (tests/unit/index/change_plan_test.cc). Two things need files read, and
// are left to the analysers, which read each file once on many threads:
// - Content hashes. A file indexed with another size or mtime is planned
//   kReplace, which means "needs hashing": the analyser hashes what it reads,
//   and SameContent() then says whether the article is analysed again or
//   only its record refreshed (a touched file).
// - The lines of a JSON Lines file. A file whose size or mtime changed is
//   read whole; each line is decided by SameContent() against the article
//   indexed under the line's id, if any, and LinesGone() names the articles
//   indexed from the file that no line gives any more.
#ifndef GAZETTE_COMMON_INDEX_CHANGE_PLAN_H_
#define GAZETTE_COMMON_INDEX_CHANGE_PLAN_H_

#include <cstddef>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "common/corpus/corpus_walker.h"
#include "common/index/stored_fields.h"

namespace gazette {

// The source records of an index's articles, by position (in the order
// added), by article id and by the JSON Lines file they were read from.
class IndexedSources {
 public:
  // Adds the record of an indexed article at position size(); returns false
  // and adds nothing if a record with its id is already held.
  bool Add(SourceRecord record);

  size_t size() const { return records_.size(); }
  const SourceRecord& operator[](size_t i) const { return records_[i]; }

  // The position of the record with this article id.
  std::optional<size_t> FindId(const std::string& id) const;
  // The same as none or one position, held by this object (valid until the
  // next Add()).
  std::span<const size_t> WithId(const std::string& id) const;

  // The positions, in order, of the records of articles read from a JSON
  // Lines file with this path relative to its root (from any root), held
  // by this object (valid until the next Add()).
  std::span<const size_t> FromFile(const std::string& file) const;

  // The roots the records name, each once.
  std::set<std::string> Roots() const;
  // The label of each root the records name (as its first record has it).
  std::map<std::string, std::string> Labels() const;

 private:
  std::vector<SourceRecord> records_;
  std::unordered_map<std::string, size_t> by_id_;
  std::unordered_map<std::string, std::vector<size_t>> by_file_;
};

// Article ids from several roots.
//
// An article's id is the path of its file relative to its root, after the
// root's label and a '/' if the root has a label ("news-2025/03/a.txt"), so
// that two roots holding the same relative paths give distinct ids. A root
// keeps the label it was first indexed with, for as long as the index holds
// articles of it: adding a root, leaving one out of a build or removing one
// changes no other root's ids. A root new to the index gets:
// - no label, if it is the only root of the build and no other root the
//   index holds articles of is still a directory: the ids of an index of
//   one folder are the paths relative to it (and a corpus moved elsewhere
//   keeps its ids);
// - else its last path component, as "news" for /data/news; when another
//   root that is a directory or in this build has that label, or the
//   unlabelled root has a top folder of that name, "news-2", "news-3"...
//   (roots of the build in the order given). A label held only by roots
//   that are no longer directories is free: a labelled corpus moved
//   elsewhere keeps its ids too.
// An article moved from one root to another changes id: it is removed from
// the first (when that root is built) and added under the second.
//
// The label of each of `roots` (absolute, distinct; the build's, in order)
// whose walks found `listings`, given the articles `indexed` and which of
// their roots are still directories (`live_roots`).
[[nodiscard]] std::vector<std::string> ChooseRootLabels(
    const std::vector<std::string>& roots,
    const std::vector<CorpusListing>& listings, const IndexedSources& indexed,
    const std::set<std::string>& live_roots);

// Turns the ids of a root's walk (paths relative to it) into article ids:
// label + '/' + path (unchanged for the empty label).
void ApplyRootLabel(const std::string& label, CorpusListing& listing);

enum class FileAction {
  kAdd,      // read and index it
  kReplace,  // read it; see SameContent() and, for JSON Lines, LinesGone()
  kSkip,     // leave it: see the reason
};

enum class FileReason {
  kNew,        // kAdd: no article indexed from it
  kChanged,    // kReplace: indexed from this root, with another size or mtime
  kMoved,      // kReplace: indexed from another root, which gave it up
  kUnchanged,  // kSkip: indexed from this root with this size and mtime
  kIdTaken,    // kSkip: another root holds its id (a warning)
};

// What becomes of one file of the walk.
struct FileChange {
  const std::string* root = nullptr;  // points into PlanChanges' roots
  const CorpusFile* file = nullptr;   // points into its root's listing
  FileAction action = FileAction::kAdd;
  FileReason reason = FileReason::kNew;
  // Positions in IndexedSources of the articles indexed from the file: the
  // one with its id (an article file), or every one whose record names its
  // path (a JSON Lines file; from any root). A kUnchanged file counts them.
  // Held by the IndexedSources.
  std::span<const size_t> indexed;
  // kIdTaken: the root holding the id, another of this build's (the first
  // to list the file) or one not named in it that is still a directory.
  // Points into PlanChanges' roots or into a record of the IndexedSources.
  const std::string* owner = nullptr;
};

struct ChangePlan {
  // One for every file of every listing: roots in order, each listing's
  // files in order.
  std::vector<FileChange> files;
  // Positions of the articles indexed from a root of this build whose file
  // the walk did not find there (deleted, or now a directory), in order.
  std::vector<size_t> removed;
};

// Marks for reading again the JSON Lines file that a build had written only
// in part when it last committed (`partial`: its root, a NUL, its id; empty
// for none): skipped as unchanged, it would never get its missing lines.
void ReadPartialFileAgain(ChangePlan& plan, std::string_view partial);

// Marks for reading again every JSON Lines file skipped as unchanged: after
// a sharded build killed between its shards' commits, the lines a shard
// committed say their file is indexed while another shard lacks the rest
// (schema::kShardedBuildKey). An article of its own file sits in one shard,
// whose commit holds it or not, so other files need nothing more.
void ReadEveryJsonLinesFileAgain(ChangePlan& plan);

// Plans a build of `roots` (absolute, distinct) whose walks found
// `listings` (one per root; only their files are read) into an index
// holding `indexed`. `live_roots` says which roots are still directories
// (those of `indexed` not in `roots` are the ones that matter): a file whose
// id was indexed from a root that is live and not in this build is left to
// it. The plan points into roots, listings and indexed, which must outlive
// it; indexed must not be added to meanwhile. It copies nothing of them, so
// that planning a million unchanged files costs little more than the walk.
[[nodiscard]] ChangePlan PlanChanges(const std::vector<std::string>& roots,
                                     const std::vector<CorpusListing>& listings,
                                     const IndexedSources& indexed,
                                     const std::set<std::string>& live_roots);

// Whether an article read again, whose record would be `found`, is the one
// indexed with record `indexed`: the same content hash from the same root
// (and, for a line of a JSON Lines file, from the same file). Then only its
// record (size, mtime) is refreshed; otherwise it is analysed again.
[[nodiscard]] bool SameContent(const SourceRecord& indexed,
                               const SourceRecord& found);

// For a JSON Lines file planned kReplace and read whole, without a failure:
// the positions of the articles indexed from it in its root whose ids are
// not in `ids_read` (the ids its lines gave). They are to be removed.
[[nodiscard]] std::vector<size_t> LinesGone(
    const FileChange& change, const IndexedSources& indexed,
    const std::unordered_set<std::string>& ids_read);

}  // namespace gazette

#endif  // GAZETTE_COMMON_INDEX_CHANGE_PLAN_H_
