// One line of `searcher --batch` input turned into a SearchRequest. A line
// whose first non-blank byte is '{' is a JSON object with the command
// line's options; any other line is a query. Never throws, whatever the
// bytes: a malformed line is a value carrying what was wrong, so the batch
// (or a fuzzer) goes on to the next line.
#ifndef GAZETTE_COMMON_BATCH_BATCH_REQUEST_H_
#define GAZETTE_COMMON_BATCH_BATCH_REQUEST_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "gazette/error.h"
#include "gazette/search_request.h"

namespace gazette {

// Longer lines are refused without being parsed.
inline constexpr size_t kMaxBatchLineBytes = size_t{1} << 20;

struct ParsedRequest {
  // The defaults with the line's fields applied; meaningful when ok().
  SearchRequest request;
  // One line naming the bad field or byte and what would be valid.
  std::string error;
  bool ok() const { return error.empty(); }
};

// Fields absent from a JSON request, and everything but the query of a
// plain line, come from `defaults` (the command line's options). A trailing
// '\r' is ignored. Query syntax and dates are checked later, by the search.
[[nodiscard]] ParsedRequest ParseBatchRequest(std::string_view line,
                                              const SearchRequest& defaults);

// True for a line of nothing but spaces and tabs (and the line end): no
// request at all, skipped without an answer, so that a trailing newline or
// a blank line between requests is no error.
bool IsBlankBatchLine(std::string_view line);

// "query, limit, ...": the fields a JSON request may carry.
std::string BatchRequestFieldNames();

// The error object's "kind" for a request that failed with `kind`
// ("request", "query", "article" or "index"), in batch mode and over HTTP
// alike (docs/json-format.md lists them).
std::string_view BatchErrorKind(ErrorKind kind);

}  // namespace gazette

#endif  // GAZETTE_COMMON_BATCH_BATCH_REQUEST_H_
