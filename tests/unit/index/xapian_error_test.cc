#include "common/index/xapian_error.h"

#include <doctest/doctest.h>

#include <functional>
#include <stdexcept>
#include <string>

namespace gazette {
namespace {

const std::string kPath = "/data/gazette.db";

TEST_CASE("xapian errors become the kind and message each access calls for") {
  struct Case {
    std::string name;
    std::function<void()> raise;
    IndexAccess access;
    ErrorKind kind;
    std::string message;
  };
  const Case cases[] = {
      {"a lock another indexer holds",
       [] {
         throw Xapian::DatabaseLockError(
             "Unable to get write lock on /data/gazette.db: already locked");
       },
       IndexAccess::kOpenForWriting, ErrorKind::kIndexLocked,
       "index at '/data/gazette.db' is locked: another indexer is writing to "
       "it; wait for it to finish"},
      {"a lock that could not be taken at all",
       [] {
         throw Xapian::DatabaseLockError(
             "Unable to get write lock on /data/gazette.db: Permission "
             "denied");
       },
       IndexAccess::kOpenForWriting, ErrorKind::kIndexWrite,
       "cannot write to index at '/data/gazette.db': Unable to get write lock "
       "on /data/gazette.db: Permission denied"},
      {"a revision discarded while opening",
       [] { throw Xapian::DatabaseModifiedError("revision gone"); },
       IndexAccess::kOpen, ErrorKind::kIndexCorrupt,
       "index at '/data/gazette.db' kept changing while being read; try "
       "again"},
      {"a revision discarded while reading",
       [] { throw Xapian::DatabaseModifiedError("revision gone"); },
       IndexAccess::kRead, ErrorKind::kIndexCorrupt,
       "index at '/data/gazette.db' kept changing while being read; try "
       "again"},
      {"a failure opening for reading",
       [] { throw Xapian::DatabaseOpeningError("no such file"); },
       IndexAccess::kOpen, ErrorKind::kIndexCorrupt,
       "cannot open index at '/data/gazette.db': DatabaseOpeningError: no "
       "such file"},
      {"damage found while reading",
       [] { throw Xapian::DatabaseCorruptError("bad block 7"); },
       IndexAccess::kRead, ErrorKind::kIndexCorrupt,
       "cannot read index at '/data/gazette.db': DatabaseCorruptError: bad "
       "block 7"},
      {"a failure opening for writing",
       [] { throw Xapian::DatabaseCreateError("read-only file system"); },
       IndexAccess::kOpenForWriting, ErrorKind::kIndexWrite,
       "cannot open index at '/data/gazette.db' for writing: read-only file "
       "system"},
      {"damage found while writing",
       [] { throw Xapian::DatabaseCorruptError("bad block 7"); },
       IndexAccess::kWrite, ErrorKind::kIndexCorrupt,
       "index at '/data/gazette.db' is damaged: bad block 7"},
      {"a write that failed",
       [] { throw Xapian::DatabaseError("No space left on device"); },
       IndexAccess::kWrite, ErrorKind::kIndexWrite,
       "writing index at '/data/gazette.db' failed: DatabaseError: No space "
       "left on device; the index keeps its last commit: fix this and run the "
       "same command again"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    try {
      c.raise();
      FAIL("nothing thrown");
    } catch (const Xapian::Error& e) {
      const Error error = IndexError(e, c.access, kPath);
      CHECK(error.kind() == c.kind);
      CHECK(std::string(error.what()) == c.message);
    }
  }
}

TEST_CASE("the exception being handled becomes an Error, an Error unchanged") {
  struct Case {
    std::string name;
    std::function<void()> raise;
    ErrorKind kind;
    std::string message;
  };
  const Case cases[] = {
      {"an Error", [] { throw Error(ErrorKind::kQuery, "bad date"); },
       ErrorKind::kQuery, "bad date"},
      {"a Xapian error",
       [] { throw Xapian::DatabaseCorruptError("bad block 7"); },
       ErrorKind::kIndexCorrupt, "DatabaseCorruptError: bad block 7"},
      {"a standard exception", [] { throw std::length_error("too long"); },
       ErrorKind::kIndexCorrupt, "too long"},
      {"anything else", [] { throw 42; }, ErrorKind::kIndexCorrupt,
       "unknown internal error"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    try {
      c.raise();
      FAIL("nothing thrown");
    } catch (...) {
      const Error error = CurrentExceptionAsError();
      CHECK(error.kind() == c.kind);
      CHECK(std::string(error.what()) == c.message);
    }
  }
}

// An attempt that throws what `raise` throws the first `failures` times,
// then returns 7; it counts its calls and the recoveries between them.
struct Flaky {
  int failures = 0;
  std::function<void()> raise;
  int attempts = 0;
  int recoveries = 0;

  int Run(IndexAccess access) {
    return RetryIndexRead(
        access, kPath,
        [&] {
          ++attempts;
          if (attempts <= failures) raise();
          return 7;
        },
        [&] { ++recoveries; });
  }
};

const std::function<void()> kModified = [] {
  throw Xapian::DatabaseModifiedError("revision gone");
};
const std::function<void()> kOpening = [] {
  throw Xapian::DatabaseOpeningError("half-swapped files");
};

TEST_CASE("a read retries, reopening, while commits discard its revision") {
  for (IndexAccess access : {IndexAccess::kOpen, IndexAccess::kRead}) {
    Flaky flaky{kIndexReadAttempts - 1, kModified};
    CHECK(flaky.Run(access) == 7);
    CHECK(flaky.attempts == kIndexReadAttempts);
    CHECK(flaky.recoveries == kIndexReadAttempts - 1);
  }
}

TEST_CASE("a read gives up after the last attempt with a corrupt-index error") {
  struct Case {
    std::string name;
    IndexAccess access;
    std::function<void()> raise;
    std::string message;
  };
  const Case cases[] = {
      {"modified while reading", IndexAccess::kRead, kModified,
       "index at '/data/gazette.db' kept changing while being read; try "
       "again"},
      {"modified while opening", IndexAccess::kOpen, kModified,
       "index at '/data/gazette.db' kept changing while being read; try "
       "again"},
      {"cannot open", IndexAccess::kOpen, kOpening,
       "cannot open index at '/data/gazette.db': DatabaseOpeningError: "
       "half-swapped files"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    Flaky flaky{1000, c.raise};
    try {
      flaky.Run(c.access);
      FAIL("nothing thrown");
    } catch (const Error& e) {
      CHECK(e.kind() == ErrorKind::kIndexCorrupt);
      CHECK(std::string(e.what()) == c.message);
    }
    CHECK(flaky.attempts == kIndexReadAttempts);
    CHECK(flaky.recoveries == kIndexReadAttempts - 1);
  }
}

TEST_CASE("opening retries the failures a rebuild's swap gives") {
  // Old and new files, each whole, met in one open.
  const std::function<void()> raises[] = {
      kOpening,
      [] { throw Xapian::DatabaseVersionError("unsupported version"); },
      [] { throw Xapian::DatabaseCorruptError("bad checksum"); },
  };
  for (const auto& raise : raises) {
    Flaky flaky{2, raise};
    CHECK(flaky.Run(IndexAccess::kOpen) == 7);
    CHECK(flaky.attempts == 3);
    CHECK(flaky.recoveries == 2);
  }
}

TEST_CASE("a read never retries other errors") {
  struct Case {
    std::string name;
    IndexAccess access;
    std::function<void()> raise;
    std::string message;
  };
  const Case cases[] = {
      {"a failure to open, when reading", IndexAccess::kRead, kOpening,
       "cannot read index at '/data/gazette.db': DatabaseOpeningError: "
       "half-swapped files"},
      {"damage, when reading", IndexAccess::kRead,
       [] { throw Xapian::DatabaseCorruptError("bad block 7"); },
       "cannot read index at '/data/gazette.db': DatabaseCorruptError: bad "
       "block 7"},
      {"a bad argument, when opening", IndexAccess::kOpen,
       [] { throw Xapian::InvalidArgumentError("term too long"); },
       "cannot open index at '/data/gazette.db': InvalidArgumentError: term "
       "too long"},
      {"a network failure, when reading", IndexAccess::kRead,
       [] { throw Xapian::NetworkError("connection reset"); },
       "cannot read index at '/data/gazette.db': NetworkError: connection "
       "reset"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    Flaky flaky{1000, c.raise};
    try {
      flaky.Run(c.access);
      FAIL("nothing thrown");
    } catch (const Error& e) {
      CHECK(e.kind() == ErrorKind::kIndexCorrupt);
      CHECK(std::string(e.what()) == c.message);
    }
    CHECK(flaky.attempts == 1);
    CHECK(flaky.recoveries == 0);
  }
}

TEST_CASE("an Error thrown by a read passes through untouched, not retried") {
  for (IndexAccess access : {IndexAccess::kOpen, IndexAccess::kRead}) {
    Flaky flaky{1000, [] {
                  throw Error(ErrorKind::kArticleDamaged,
                              "article 'a.txt' cannot be read");
                }};
    try {
      flaky.Run(access);
      FAIL("nothing thrown");
    } catch (const Error& e) {
      CHECK(e.kind() == ErrorKind::kArticleDamaged);
      CHECK(std::string(e.what()) == "article 'a.txt' cannot be read");
    }
    CHECK(flaky.attempts == 1);
    CHECK(flaky.recoveries == 0);
  }
}

}  // namespace
}  // namespace gazette
