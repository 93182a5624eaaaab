// The one exception Gazette throws: for failures of the environment (the
// index, the disk) or of a request, each with the kind that decides the exit
// code. Problems with one item the indexer reads (a file, a line) are not
// thrown: they are reported as warnings and the item is skipped. Every
// function of the API says which kinds it throws; none lets another
// library's exception (Xapian's) through.
#ifndef GAZETTE_ERROR_H_
#define GAZETTE_ERROR_H_

#include <stdexcept>
#include <string>

namespace gazette {

enum class ErrorKind {
  kUsage,             // a bad option value, a missing corpus directory
  kQuery,             // a query that cannot be parsed or has a bad filter
  kIndexMissing,      // no index at the path
  kIndexCorrupt,      // unreadable, not a Gazette index, or another schema
  kShardUnavailable,  // a shard of the index did not answer (down, timed out)
  kArticleDamaged,    // one stored article cannot be read; the rest can
  kIndexLocked,       // another indexer holds the write lock
  kIndexWrite,        // writing failed: disk full, read-only, I/O error
  kFormatVersion,     // a --format-version this build cannot write
  kOutput,            // results could not be written: disk full, I/O error
};

class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, const std::string& message)
      : std::runtime_error(message), kind_(kind) {}
  ErrorKind kind() const { return kind_; }

 private:
  ErrorKind kind_;
};

}  // namespace gazette

#endif  // GAZETTE_ERROR_H_
