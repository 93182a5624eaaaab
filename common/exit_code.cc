#include "common/exit_code.h"

#include <array>

namespace gazette {
namespace {

constexpr std::array<ExitCodeDoc, 5> kTable = {{
    {0, "at least one article matched", "every file was indexed"},
    {1, "no article matched", "finished, but some files were skipped"},
    {2, "usage error: bad option, query or date",
     "usage error: bad option or corpus path"},
    {3, "index missing, unreadable or of another schema",
     "index unreadable, locked by another indexer, or not writable"},
    {130, "-", "interrupted (SIGINT; 143 for SIGTERM) after committing"},
}};

}  // namespace

std::span<const ExitCodeDoc> ExitCodeTable() { return kTable; }

ExitCode ExitCodeFor(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kUsage:
    case ErrorKind::kQuery:
      return ExitCode::kUsage;
    case ErrorKind::kIndexMissing:
    case ErrorKind::kIndexCorrupt:
    case ErrorKind::kIndexLocked:
    case ErrorKind::kIndexWrite:
      return ExitCode::kIndex;
  }
  return ExitCode::kUsage;
}

}  // namespace gazette
