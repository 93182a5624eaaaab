#include "common/batch/batch_request.h"

#include <array>
#include <nlohmann/json.hpp>
#include <optional>

#include "common/base/json_error.h"

namespace gazette {
namespace {

using nlohmann::json;

constexpr size_t kMaxShown = 40;

// The first kMaxShown bytes of text and "...", if it is longer; never cut
// inside a UTF-8 sequence.
std::string Shortened(std::string text) {
  if (text.size() <= kMaxShown) return text;
  size_t end = kMaxShown;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80)
    --end;
  return text.substr(0, end) + "...";
}

// The value as the message shows it: short, and never invalid UTF-8.
// Arrays and objects are named, not dumped: dumping recurses, and a hostile
// line can nest them deeper than the stack.
std::string Shown(const json& value) {
  if (value.is_array()) return "an array";
  if (value.is_object()) return "an object";
  return Shortened(value.dump(-1, ' ', false, json::error_handler_t::replace));
}

// A field name in single quotes, as our other messages quote values, with
// what JSON would escape escaped.
std::string Quoted(std::string_view name) {
  std::string text = json(std::string(name))
                         .dump(-1, ' ', false, json::error_handler_t::replace);
  // Appended, not "'" + ...: GCC 12 at -O3 warns (-Wrestrict) about the
  // insert at the front that operator+ does on a temporary.
  std::string quoted = "'";
  quoted += Shortened(text.substr(1, text.size() - 2));
  quoted += '\'';
  return quoted;
}

std::string Expected(std::string_view field, std::string_view what,
                     const json& value) {
  return "field " + Quoted(field) + " must be " + std::string(what) + ", got " +
         Shown(value);
}

using Setter = std::optional<std::string> (*)(std::string_view field,
                                              const json& value,
                                              SearchRequest& request);

// An integer from 0 to `max`, as the command line's option of the same
// name takes.
std::optional<std::string> SetCount(std::string_view field, const json& value,
                                    size_t max, size_t& out) {
  if (value.is_number_unsigned() && value.get<uint64_t>() <= max) {
    out = static_cast<size_t>(value.get<uint64_t>());
    return std::nullopt;
  }
  if (value.is_number_integer() && value.get<int64_t>() >= 0 &&
      static_cast<uint64_t>(value.get<int64_t>()) <= max) {
    out = static_cast<size_t>(value.get<int64_t>());
    return std::nullopt;
  }
  return Expected(field, "an integer from 0 to " + std::to_string(max), value);
}

std::optional<std::string> SetBool(std::string_view field, const json& value,
                                   bool& out) {
  if (!value.is_boolean()) return Expected(field, "true or false", value);
  out = value.get<bool>();
  return std::nullopt;
}

std::optional<std::string> SetDate(std::string_view field, const json& value,
                                   std::optional<std::string>& out) {
  if (value.is_null()) {
    out.reset();
  } else if (value.is_string()) {
    out = value.get<std::string>();
  } else {
    return Expected(
        field, "a date string (YYYY, YYYY-MM or YYYY-MM-DD) or null", value);
  }
  return std::nullopt;
}

std::optional<std::string> SetNames(std::string_view field, const json& value,
                                    std::vector<std::string>& out) {
  const char* what = "a name, an array of names, or null";
  if (value.is_null()) {
    out.clear();
  } else if (value.is_string()) {
    out = {value.get<std::string>()};
  } else if (value.is_array()) {
    std::vector<std::string> names;
    for (const json& item : value) {
      if (!item.is_string()) return Expected(field, what, value);
      names.push_back(item.get<std::string>());
    }
    out = std::move(names);
  } else {
    return Expected(field, what, value);
  }
  return std::nullopt;
}

// An article id, or null for none.
std::optional<std::string> SetId(std::string_view field, const json& value,
                                 std::optional<std::string>& out) {
  if (value.is_null()) {
    out.reset();
  } else if (value.is_string() && !value.get<std::string>().empty()) {
    out = value.get<std::string>();
  } else {
    return Expected(field, "an article id (a non-empty string) or null", value);
  }
  return std::nullopt;
}

struct Field {
  std::string_view name;
  Setter set;
};

// The command line's option names, with the same meanings.
constexpr std::array<Field, 23> kFields = {{
    {"query",
     [](std::string_view field, const json& value,
        SearchRequest& r) -> std::optional<std::string> {
       if (!value.is_string()) return Expected(field, "a string", value);
       r.query = value.get<std::string>();
       return std::nullopt;
     }},
    {"limit",
     [](std::string_view field, const json& value, SearchRequest& r) {
       return SetCount(field, value, kMaxLimit, r.limit);
     }},
    {"offset",
     [](std::string_view field, const json& value, SearchRequest& r) {
       return SetCount(field, value, kMaxOffset, r.offset);
     }},
    {"any",
     [](std::string_view field, const json& value, SearchRequest& r) {
       return SetBool(field, value, r.match_any);
     }},
    {"plain",
     [](std::string_view field, const json& value, SearchRequest& r) {
       return SetBool(field, value, r.plain_text);
     }},
    {"expand",
     [](std::string_view field, const json& value,
        SearchRequest& r) -> std::optional<std::string> {
       // null: the default for the query's mode (on with plain text).
       if (value.is_null()) {
         r.expand.reset();
         return std::nullopt;
       }
       bool expand = false;
       if (auto error = SetBool(field, value, expand)) return error;
       r.expand = expand;
       return std::nullopt;
     }},
    {"since", [](std::string_view field, const json& value,
                 SearchRequest& r) { return SetDate(field, value, r.since); }},
    {"until", [](std::string_view field, const json& value,
                 SearchRequest& r) { return SetDate(field, value, r.until); }},
    {"person",
     [](std::string_view field, const json& value, SearchRequest& r) {
       return SetNames(field, value, r.persons);
     }},
    {"place",
     [](std::string_view field, const json& value, SearchRequest& r) {
       return SetNames(field, value, r.places);
     }},
    {"org", [](std::string_view field, const json& value,
               SearchRequest& r) { return SetNames(field, value, r.orgs); }},
    {"source",
     [](std::string_view field, const json& value, SearchRequest& r) {
       return SetNames(field, value, r.sources);
     }},
    {"sort",
     [](std::string_view field, const json& value,
        SearchRequest& r) -> std::optional<std::string> {
       const char* what = "\"relevance\", \"newest\" or \"oldest\"";
       if (!value.is_string()) return Expected(field, what, value);
       const auto order = ParseSortOrder(value.get<std::string>());
       if (!order) return Expected(field, what, value);
       r.sort = *order;
       return std::nullopt;
     }},
    {"facets",
     [](std::string_view field, const json& value, SearchRequest& r) {
       return SetBool(field, value, r.facets);
     }},
    {"exact",
     [](std::string_view field, const json& value, SearchRequest& r) {
       return SetBool(field, value, r.exact_total);
     }},
    {"suggest",
     [](std::string_view field, const json& value, SearchRequest& r) {
       return SetBool(field, value, r.suggest);
     }},
    {"timeline",
     [](std::string_view field, const json& value, SearchRequest& r) {
       return SetBool(field, value, r.timeline);
     }},
    {"facet_sample",
     [](std::string_view field, const json& value,
        SearchRequest& r) -> std::optional<std::string> {
       // 0 (none) or kMinFacetSample to kMaxFacetSample, as --facet-sample.
       size_t sample = 0;
       if (SetCount(field, value, kMaxFacetSample, sample) ||
           (sample != 0 && sample < kMinFacetSample)) {
         return Expected(field,
                         "0 or an integer from " +
                             std::to_string(kMinFacetSample) + " to " +
                             std::to_string(kMaxFacetSample),
                         value);
       }
       r.facet_sample = sample;
       return std::nullopt;
     }},
    {"like", [](std::string_view field, const json& value,
                SearchRequest& r) { return SetId(field, value, r.like); }},
    {"related_by_entities",
     [](std::string_view field, const json& value, SearchRequest& r) {
       return SetId(field, value, r.related_by_entities);
     }},
    {"within_days",
     [](std::string_view field, const json& value, SearchRequest& r) {
       return SetCount(field, value, kMaxWithinDays, r.within_days);
     }},
    {"collapse",
     [](std::string_view field, const json& value, SearchRequest& r) {
       return SetBool(field, value, r.collapse);
     }},
    {"similar_to",
     [](std::string_view field, const json& value, SearchRequest& r) {
       return SetId(field, value, r.similar_to);
     }},
}};

std::string_view WithoutLineEnd(std::string_view line) {
  if (!line.empty() && line.back() == '\n') line.remove_suffix(1);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

ParsedRequest Failed(std::string message) {
  ParsedRequest parsed;
  parsed.error = std::move(message);
  return parsed;
}

}  // namespace

bool IsBlankBatchLine(std::string_view line) {
  // An over-long line is refused, whatever it holds.
  return line.size() <= kMaxBatchLineBytes &&
         WithoutLineEnd(line).find_first_not_of(" \t") ==
             std::string_view::npos;
}

std::string_view BatchErrorKind(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kUsage:
    case ErrorKind::kFormatVersion:
      return "request";
    case ErrorKind::kQuery:
      return "query";
    case ErrorKind::kArticleDamaged:
      return "article";
    default:
      return "index";
  }
}

std::string BatchRequestFieldNames() {
  std::string names;
  for (const Field& f : kFields) {
    if (!names.empty()) names += ", ";
    names += f.name;
  }
  return names;
}

ParsedRequest ParseBatchRequest(std::string_view line,
                                const SearchRequest& defaults) {
  if (line.size() > kMaxBatchLineBytes) {
    return Failed("request of " + std::to_string(line.size()) +
                  " bytes is longer than the limit of " +
                  std::to_string(kMaxBatchLineBytes));
  }
  line = WithoutLineEnd(line);
  ParsedRequest parsed;
  parsed.request = defaults;
  const size_t first = line.find_first_not_of(" \t");
  if (first == std::string_view::npos || line[first] != '{') {
    parsed.request.query = std::string(line);
    return parsed;
  }

  json object;
  try {
    object = json::parse(line);
  } catch (const json::exception& e) {
    return Failed("request is not valid JSON: " + DescribeJsonError(e.what()));
  }
  if (!object.is_object()) {
    return Failed("request must be a JSON object, got " + Shown(object));
  }
  for (const auto& [key, value] : object.items()) {
    const Field* field = nullptr;
    for (const Field& f : kFields) {
      if (f.name == key) field = &f;
    }
    if (field == nullptr) {
      return Failed("unknown field " + Quoted(key) +
                    " (valid: " + BatchRequestFieldNames() + ")");
    }
    if (auto error = field->set(field->name, value, parsed.request)) {
      return Failed(std::move(*error));
    }
  }
  return parsed;
}

}  // namespace gazette
