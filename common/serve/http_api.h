// The HTTP API of `searcher --serve` without the transport: each endpoint a
// function from the request's parts to a status and a body, so tests call
// them directly and the server (common/serve/server.cc) only routes. The
// answers are the objects of docs/json-format.md; what an endpoint takes
// and the HTTP statuses are in README.md, "Serving over HTTP".
#ifndef GAZETTE_COMMON_SERVE_HTTP_API_H_
#define GAZETTE_COMMON_SERVE_HTTP_API_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/serve/article_store.h"
#include "gazette/error.h"
#include "gazette/search_request.h"
#include "gazette/searcher.h"

namespace gazette {

// What one request may ask; more is answered 4xx.
struct ServeLimits {
  size_t max_body_bytes = size_t{1} << 20;  // POST bodies (413 beyond)
  size_t max_query_bytes = 4096;            // a request's query (400)
  size_t max_limit = 1000;                  // hits per request (400)
  size_t max_offset = 100000;               // paging depth (400)
  size_t max_batch_lines = 1000;            // requests in one POST /api/batch
};

struct ApiResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;  // for JSON, one line with its newline
};

// Query parameters in the order given; a name may repeat.
using ApiParams = std::vector<std::pair<std::string, std::string>>;

// The HTTP status that says what the exit code for `kind` says: 400 for a
// bad request or query, 500 when the index or an article cannot be read,
// 503 when there is no index.
int HttpStatusFor(ErrorKind kind);

// An error object (docs/json-format.md) with `kind` and `message`.
ApiResponse ErrorResponse(int status, std::string_view kind,
                          std::string_view message);

// GET /api/search: the batch request's fields as query parameters (a name
// given twice is a list for person, place and org, an error otherwise;
// booleans as true/false/1/0 or empty for true).
ApiResponse SearchFromParams(Searcher& searcher, const ApiParams& params,
                             const SearchRequest& defaults,
                             const ServeLimits& limits);

// POST /api/search: one batch request (a JSON object or a query) as body.
ApiResponse SearchFromBody(Searcher& searcher, std::string_view body,
                           const SearchRequest& defaults,
                           const ServeLimits& limits);

// POST /api/batch: batch requests, one per line; the answer is what
// `searcher --batch --jobs 1` writes for them (JSON Lines, status 200 even
// when some lines got error objects; 400 when there are too many lines).
ApiResponse Batch(Searcher& searcher, std::string_view body,
                  const SearchRequest& defaults, const ServeLimits& limits);

// GET /api/article/ID: an "article" object, or 404.
ApiResponse ArticleById(ArticleStore& store, std::string_view id);

}  // namespace gazette

#endif  // GAZETTE_COMMON_SERVE_HTTP_API_H_
