#include "cli/exit_code.h"

#include <array>

namespace gazette {
namespace {

constexpr std::array<ExitCodeDoc, 7> kTable = {{
    {0, "at least one article matched (--batch: every request was answered)",
     "every file was indexed"},
    {1, "no article matched",
     "finished, but some files were skipped or a corpus directory held no "
     "article"},
    {2,
     "usage error: bad option, query or date (--batch: some requests were "
     "malformed and got error objects)",
     "usage error: bad option, corpus path or corrections file"},
    {3,
     "index missing, unreadable or of another schema, or a shard that did "
     "not answer (--batch: some requests met a damaged article)",
     "index unreadable, locked by another indexer, or not writable"},
    {4, "--format-version asks for a version this searcher cannot write", "-"},
    {5, "results could not be written (disk full, I/O error)",
     "output could not be written (disk full, I/O error)"},
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
    case ErrorKind::kShardUnavailable:
    case ErrorKind::kArticleDamaged:
    case ErrorKind::kIndexLocked:
    case ErrorKind::kIndexWrite:
      return ExitCode::kIndex;
    case ErrorKind::kFormatVersion:
      return ExitCode::kFormatVersion;
    case ErrorKind::kOutput:
      return ExitCode::kOutput;
  }
  return ExitCode::kUsage;
}

}  // namespace gazette
