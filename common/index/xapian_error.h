// Xapian's exceptions become the library's Error here and nowhere else, and
// the one loop that retries a read when an indexer's commits discard the
// revision being read lives here too.
#ifndef GAZETTE_COMMON_INDEX_XAPIAN_ERROR_H_
#define GAZETTE_COMMON_INDEX_XAPIAN_ERROR_H_

#include <xapian.h>

#include <string>

#include "gazette/error.h"

namespace gazette {

// What was being done to the index when Xapian threw.
enum class IndexAccess {
  kOpen,            // opening for reading
  kRead,            // searching, counting, reading stored articles
  kOpenForWriting,  // opening for writing, taking the lock
  kWrite,           // building, committing, merging
};

// The Error for Xapian's `e`, met while doing `access` to the index at
// `path`: a lock another indexer holds is kIndexLocked (any other lock
// failure, a read-only directory, is kIndexWrite); damage found while
// writing is kIndexCorrupt; any other failure is kIndexCorrupt when
// opening or reading and kIndexWrite when opening for writing or writing
// (which says the index keeps its last commit). The message names the path
// and Xapian's reason.
Error IndexError(const Xapian::Error& e, IndexAccess access,
                 const std::string& path);

// The exception being handled, whatever it is, as an Error: Error passes
// through, anything else (Xapian's, the standard library's) becomes
// kIndexCorrupt with its description. For last-resort handlers, where the
// index's path is not known; call only inside a catch block.
Error CurrentExceptionAsError();

// Attempts a read of the index this often before giving up.
inline constexpr int kIndexReadAttempts = 5;

// Calls attempt() and returns what it returns. When an indexer's commits
// discard the revision being read (Xapian::DatabaseModifiedError; the
// newest revision is always complete) it calls recover(), which reopens,
// and tries again, at most kIndexReadAttempts times in all. With
// IndexAccess::kOpen, Xapian::DatabaseOpeningError and DatabaseError are
// retried too: a rebuild exchanging the index's directory while Xapian
// opens its files one by one gives a mix of old and new files, each whole.
// Any other Xapian error, or the last attempt's, is thrown as IndexError;
// Error passes through untouched.
template <typename Attempt, typename Recover>
auto RetryIndexRead(IndexAccess access, const std::string& path,
                    Attempt attempt, Recover recover) -> decltype(attempt());

// --- implementation ---

template <typename Attempt, typename Recover>
auto RetryIndexRead(IndexAccess access, const std::string& path,
                    Attempt attempt, Recover recover) -> decltype(attempt()) {
  for (int n = 1;; ++n) {
    try {
      return attempt();
    } catch (const Xapian::DatabaseModifiedError& e) {
      if (n == kIndexReadAttempts) throw IndexError(e, access, path);
    } catch (const Xapian::DatabaseError& e) {
      // DatabaseOpeningError is one.
      if (n == kIndexReadAttempts || access != IndexAccess::kOpen)
        throw IndexError(e, access, path);
    } catch (const Xapian::Error& e) {
      throw IndexError(e, access, path);
    }
    recover();
  }
}

}  // namespace gazette

#endif  // GAZETTE_COMMON_INDEX_XAPIAN_ERROR_H_
