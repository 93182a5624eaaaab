#include "common/serve/http_api.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <optional>

#include "common/batch/batch_request.h"
#include "gazette/printers.h"

namespace gazette {
namespace {

using nlohmann::ordered_json;

enum class ParamType { kText, kCount, kBool, kOptionalBool, kDate, kNames };

ParamType TypeOf(std::string_view name) {
  if (name == "limit" || name == "offset" || name == "within_days" ||
      name == "facet_sample")
    return ParamType::kCount;
  if (name == "any" || name == "plain" || name == "facets" || name == "exact" ||
      name == "suggest" || name == "timeline" || name == "collapse")
    return ParamType::kBool;
  if (name == "expand") return ParamType::kOptionalBool;
  if (name == "since" || name == "until") return ParamType::kDate;
  if (name == "person" || name == "place" || name == "org" || name == "source")
    return ParamType::kNames;
  return ParamType::kText;
}

// The parameter's text as the JSON value a batch request would carry, so
// ParseBatchRequest checks it and words its errors: what does not read as
// the field's type stays a string and is refused there, naming it.
ordered_json ValueOf(ParamType type, const std::string& text) {
  switch (type) {
    case ParamType::kCount:
      if (!text.empty() && text.size() < 19 &&
          std::all_of(text.begin(), text.end(),
                      [](char c) { return c >= '0' && c <= '9'; })) {
        return std::stoull(text);
      }
      return text;
    case ParamType::kOptionalBool:
      if (text == "default" || text == "null") return nullptr;
      [[fallthrough]];
    case ParamType::kBool:
      if (text.empty() || text == "true" || text == "1") return true;
      if (text == "false" || text == "0") return false;
      return text;
    case ParamType::kDate:
      if (text.empty()) return nullptr;
      return text;
    default:
      return text;
  }
}

// The parameters as one batch request object, or why they cannot be one.
std::optional<std::string> ParamsToJson(const ApiParams& params,
                                        ordered_json& object) {
  object = ordered_json::object();
  for (const auto& [name, text] : params) {
    const ParamType type = TypeOf(name);
    if (type == ParamType::kNames) {
      if (!object.contains(name)) object[name] = ordered_json::array();
      if (!text.empty()) object[name].push_back(text);
      continue;
    }
    if (object.contains(name)) {
      return "parameter '" + name +
             "' is given more than once (only person, place, org and source "
             "repeat)";
    }
    object[name] = ValueOf(type, text);
  }
  return std::nullopt;
}

std::optional<std::string> OverLimits(const SearchRequest& request,
                                      const ServeLimits& limits) {
  const auto over = [](const char* what, size_t value, size_t cap) {
    return std::string(what) + " " + std::to_string(value) +
           " is more than this server allows (" + std::to_string(cap) + ")";
  };
  if (request.query.size() > limits.max_query_bytes)
    return over("a query of bytes", request.query.size(),
                limits.max_query_bytes);
  if (request.limit > limits.max_limit)
    return over("limit", request.limit, limits.max_limit);
  if (request.offset > limits.max_offset)
    return over("offset", request.offset, limits.max_offset);
  return std::nullopt;
}

ApiResponse Answer(Searcher& searcher, const ParsedRequest& parsed,
                   const ServeLimits& limits) {
  if (!parsed.ok()) return ErrorResponse(400, "request", parsed.error);
  if (auto error = OverLimits(parsed.request, limits))
    return ErrorResponse(400, "request", *error);
  try {
    ApiResponse response;
    response.body = ResultJsonLine(searcher.Search(parsed.request)) + "\n";
    return response;
  } catch (const Error& e) {
    return ErrorResponse(HttpStatusFor(e.kind()), BatchErrorKind(e.kind()),
                         e.what());
  }
}

// The batch runner's answer to one line (1-based `number`); sets
// `stop` when the index could not be read, as the batch stops there.
std::string BatchLine(Searcher& searcher, std::string_view line, size_t number,
                      const SearchRequest& defaults, const ServeLimits& limits,
                      bool& stop) {
  const ParsedRequest parsed = ParseBatchRequest(line, defaults);
  if (!parsed.ok())
    return ErrorJsonLine("request", parsed.error, kJsonFormatVersion, number);
  if (auto error = OverLimits(parsed.request, limits))
    return ErrorJsonLine("request", *error, kJsonFormatVersion, number);
  try {
    return ResultJsonLine(searcher.Search(parsed.request), kJsonFormatVersion,
                          number);
  } catch (const Error& e) {
    const std::string_view kind = BatchErrorKind(e.kind());
    stop = kind == "index";
    return ErrorJsonLine(kind, e.what(), kJsonFormatVersion, number);
  }
}

// As hit objects give them: null for a header the article does not have.
ordered_json OrNull(const std::string& text) {
  return text.empty() ? ordered_json(nullptr) : ordered_json(text);
}

}  // namespace

int HttpStatusFor(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kUsage:
    case ErrorKind::kQuery:
    case ErrorKind::kFormatVersion:
      return 400;
    case ErrorKind::kIndexMissing:
      return 503;
    default:
      return 500;
  }
}

ApiResponse ErrorResponse(int status, std::string_view kind,
                          std::string_view message) {
  ApiResponse response;
  response.status = status;
  response.body = ErrorJsonLine(kind, message) + "\n";
  return response;
}

ApiResponse SearchFromParams(Searcher& searcher, const ApiParams& params,
                             const SearchRequest& defaults,
                             const ServeLimits& limits) {
  ordered_json object;
  if (auto error = ParamsToJson(params, object))
    return ErrorResponse(400, "request", *error);
  return Answer(searcher, ParseBatchRequest(DumpJsonLine(object), defaults),
                limits);
}

ApiResponse SearchFromBody(Searcher& searcher, std::string_view body,
                           const SearchRequest& defaults,
                           const ServeLimits& limits) {
  // A JSON object may span lines; a plain query is one line.
  const size_t first = body.find_first_not_of(" \t\r\n");
  const bool object = first != std::string_view::npos && body[first] == '{';
  while (!body.empty() && (body.back() == '\n' || body.back() == '\r'))
    body.remove_suffix(1);
  if (!object && body.find('\n') != std::string_view::npos) {
    return ErrorResponse(400, "request",
                         "POST /api/search takes one request; send several "
                         "to /api/batch");
  }
  return Answer(searcher, ParseBatchRequest(body, defaults), limits);
}

ApiResponse Batch(Searcher& searcher, std::string_view body,
                  const SearchRequest& defaults, const ServeLimits& limits) {
  std::vector<std::string_view> lines;
  while (!body.empty()) {
    const size_t end = std::min(body.find('\n'), body.size());
    lines.push_back(body.substr(0, end));
    body.remove_prefix(std::min(end + 1, body.size()));
  }
  if (lines.size() > limits.max_batch_lines) {
    return ErrorResponse(400, "request",
                         "a batch of " + std::to_string(lines.size()) +
                             " requests is more than this server allows (" +
                             std::to_string(limits.max_batch_lines) + ")");
  }
  ApiResponse response;
  response.content_type = "application/x-ndjson";
  bool stop = false;
  for (size_t i = 0; i < lines.size() && !stop; ++i) {
    response.body +=
        BatchLine(searcher, lines[i], i + 1, defaults, limits, stop) + "\n";
  }
  return response;
}

ApiResponse ArticleById(ArticleStore& store, std::string_view id) {
  std::optional<StoredArticle> article;
  try {
    article = store.Find(id);
  } catch (const Error& e) {
    return ErrorResponse(HttpStatusFor(e.kind()), BatchErrorKind(e.kind()),
                         e.what());
  }
  if (!article) {
    return ErrorResponse(404, "not_found",
                         "no article with id '" + std::string(id) + "'");
  }
  ordered_json entities = ordered_json::array();
  for (const ArticleEntity& e : article->entities) {
    entities.push_back({{"type", EntityTypeName(e.type)},
                        {"name", e.name},
                        {"key", e.key},
                        {"derived", e.derived}});
  }
  const ordered_json object = {
      {"type", "article"},
      {"format_version", kJsonFormatVersion},
      {"id", article->id},
      {"path", article->path},
      {"title", article->title},
      {"date", article->date ? ordered_json(article->date->ToIso()) : nullptr},
      {"source", OrNull(article->source)},
      {"url", OrNull(article->url)},
      {"body", article->body},
      {"entities", std::move(entities)}};
  ApiResponse response;
  response.body = DumpJsonLine(object) + "\n";
  return response;
}

}  // namespace gazette
