#include "common/index/xapian_error.h"

#include <exception>
#include <string_view>

namespace gazette {

namespace {

// Xapian's exception classes have no virtual functions, so no dynamic_cast;
// each carries its class's name.
bool IsA(const Xapian::Error& e, std::string_view type) {
  return type == e.get_type();
}

}  // namespace

Error IndexError(const Xapian::Error& e, IndexAccess access,
                 const std::string& path) {
  const std::string where = "index at '" + path + "'";
  if (IsA(e, "DatabaseLockError")) {
    // Xapian reports a lock it could not even try to take (a read-only
    // directory, no lock file) with the same class as one held by another
    // writer; only the latter means "wait".
    if (e.get_msg().find("already locked") != std::string::npos) {
      return Error(ErrorKind::kIndexLocked,
                   where +
                       " is locked: another indexer is writing to it; wait "
                       "for it to finish");
    }
    return Error(ErrorKind::kIndexWrite,
                 "cannot write to " + where + ": " + e.get_msg());
  }
  if (IsA(e, "DatabaseModifiedError")) {
    return Error(ErrorKind::kIndexCorrupt,
                 where + " kept changing while being read; try again");
  }
  switch (access) {
    case IndexAccess::kOpen:
      return Error(ErrorKind::kIndexCorrupt,
                   "cannot open " + where + ": " + e.get_description());
    case IndexAccess::kRead:
      return Error(ErrorKind::kIndexCorrupt,
                   "cannot read " + where + ": " + e.get_description());
    case IndexAccess::kOpenForWriting:
      return Error(ErrorKind::kIndexWrite,
                   "cannot open " + where + " for writing: " + e.get_msg());
    case IndexAccess::kWrite:
      break;
  }
  if (IsA(e, "DatabaseCorruptError")) {
    return Error(ErrorKind::kIndexCorrupt,
                 where + " is damaged: " + e.get_msg());
  }
  return Error(ErrorKind::kIndexWrite,
               "writing " + where + " failed: " + e.get_description() +
                   "; the index keeps its last commit: fix this and run the "
                   "same command again");
}

Error CurrentExceptionAsError() {
  try {
    throw;
  } catch (const Error& e) {
    return e;
  } catch (const Xapian::Error& e) {
    return Error(ErrorKind::kIndexCorrupt, e.get_description());
  } catch (const std::exception& e) {
    return Error(ErrorKind::kIndexCorrupt, e.what());
  } catch (...) {
    return Error(ErrorKind::kIndexCorrupt, "unknown internal error");
  }
}

}  // namespace gazette
