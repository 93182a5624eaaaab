// The exit codes of both binaries: one table, used by the code, --help, the
// README and the tests.
#ifndef GAZETTE_CLI_EXIT_CODE_H_
#define GAZETTE_CLI_EXIT_CODE_H_

#include <span>
#include <string_view>

#include "gazette/error.h"

namespace gazette {

enum class ExitCode {
  kSuccess = 0,        // searcher: at least one hit; indexer: all files indexed
  kNoResults = 1,      // searcher: no hits; indexer: some files were skipped
  kUsage = 2,          // bad option, bad query, bad request
  kIndex = 3,          // index missing, unreadable, locked or unwritable
  kFormatVersion = 4,  // searcher: --format-version not available
  kOutput = 5,         // stdout could not be written (not a closed pipe)
  kInterrupted = 130,  // SIGINT; SIGTERM gives 143
};

struct ExitCodeDoc {
  int code;
  std::string_view searcher;
  std::string_view indexer;
};

// Rows for --help and the README, in code order.
std::span<const ExitCodeDoc> ExitCodeTable();

ExitCode ExitCodeFor(ErrorKind kind);

inline int ToInt(ExitCode code) { return static_cast<int>(code); }

}  // namespace gazette

#endif  // GAZETTE_CLI_EXIT_CODE_H_
