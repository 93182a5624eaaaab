// Batch mode: many requests over one open index, one JSON answer per line,
// so a script can hold a pipe open instead of starting a process per query.
// RunBatch uses the Searcher it is given (and its clones) for its whole run:
// no other thread may use that Searcher meanwhile.
#ifndef GAZETTE_BATCH_H_
#define GAZETTE_BATCH_H_

#include <cstddef>
#include <istream>
#include <ostream>
#include <string>

#include "gazette/printers.h"
#include "gazette/search_request.h"
#include "gazette/searcher.h"

namespace gazette {

// The most threads a batch may answer on.
inline constexpr unsigned kMaxBatchJobs = 256;

struct BatchOptions {
  // What a request leaves out (see ParseBatchRequest).
  SearchRequest defaults;
  int format_version = kJsonFormatVersion;
  // Threads answering requests, each with its own Searcher (a clone of the
  // one given); 1 answers on the calling thread, 0 means one per core; at
  // most kMaxBatchJobs.
  unsigned jobs = 1;
};

struct BatchSummary {
  size_t lines = 0;     // requests read: lines that are not blank
  size_t answered = 0;  // lines that got a result object
  size_t rejected = 0;  // lines that got an error object: bad request or query
  // Lines that got an error object of kind "article": a stored article the
  // answer needed is damaged. The batch goes on.
  size_t damaged = 0;
  // Set when the index could not be read: that line got an error object
  // of kind "index" and the batch stopped there.
  std::string index_error;
  // The output stream failed (a closed pipe, a full disk): the batch
  // stopped there.
  bool output_failed = false;
};

// Reads `in` line by line until it ends; for each line that is not blank
// (blank lines, empty or of spaces and tabs, are skipped) writes, in order,
// one JSON object on one line and flushes: the result (as ResultJsonLine,
// with "line", the 1-based input line number, blank lines counted), or an
// error object (ErrorJsonLine plus "line"). Every search sees the index's
// latest commit. With jobs > 1, up to `jobs` requests are answered at
// once, each as soon as it is read, and answers are still written in input
// order, each flushed as soon as it and those before it are done; after an
// index error or a failed write the batch stops once the line being read
// (if any) has been read. `lines` then counts the requests answered or
// rejected. Throws Error(kUsage) when
// options.jobs is above kMaxBatchJobs, before reading anything; otherwise
// only what Searcher::Search (or, with jobs > 1, Searcher::Clone) throws
// for reasons other than the request or the index.
[[nodiscard]] BatchSummary RunBatch(Searcher& searcher, std::istream& in,
                                    std::ostream& out,
                                    const BatchOptions& options);

}  // namespace gazette

#endif  // GAZETTE_BATCH_H_
