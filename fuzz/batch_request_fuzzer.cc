// Fuzzes the parser of `searcher --batch` request lines. Whatever the bytes,
// it returns a request or a one-line error and never throws; a field the
// line gives is taken from the line, every other field from the defaults
// (the command line's options), and errors do not depend on the defaults.
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "common/batch/batch_request.h"
#include "fuzz/fuzz_check.h"

using gazette::SearchRequest;
using gazette::fuzz::Check;

namespace {

// Two sets of defaults that differ in every field a request may carry.
SearchRequest DefaultsA() {
  SearchRequest r;
  r.query = "from a";
  r.limit = 7;
  r.offset = 0;
  r.match_any = false;
  r.plain_text = false;
  r.expand = std::nullopt;
  r.since = std::nullopt;
  r.until = "2020";
  r.persons = {};
  r.places = {"a"};
  r.orgs = {"x", "y"};
  r.sources = {};
  r.sort = gazette::SortOrder::kRelevance;
  r.facets = false;
  r.exact_total = true;
  r.suggest = true;
  r.timeline = false;
  r.facet_sample = 0;
  r.like = std::nullopt;
  r.related_by_entities = "b.txt";
  r.within_days = 0;
  r.collapse = true;
  r.similar_to = std::nullopt;
  return r;
}

SearchRequest DefaultsB() {
  SearchRequest r;
  r.query = "from b";
  r.limit = 3;
  r.offset = 9;
  r.match_any = true;
  r.plain_text = true;
  r.expand = false;
  r.since = "1999";
  r.until = std::nullopt;
  r.persons = {"b"};
  r.places = {};
  r.orgs = {"z"};
  r.sources = {"wire"};
  r.sort = gazette::SortOrder::kOldest;
  r.facets = true;
  r.exact_total = false;
  r.suggest = false;
  r.timeline = true;
  r.facet_sample = 5000;
  r.like = "a.txt";
  r.related_by_entities = std::nullopt;
  r.within_days = 30;
  r.collapse = false;
  r.similar_to = "b/1.txt";
  return r;
}

// Whether field `name` has the same value in a and b.
bool SameField(std::string_view name, const SearchRequest& a,
               const SearchRequest& b) {
  if (name == "query") return a.query == b.query;
  if (name == "limit") return a.limit == b.limit;
  if (name == "offset") return a.offset == b.offset;
  if (name == "any") return a.match_any == b.match_any;
  if (name == "plain") return a.plain_text == b.plain_text;
  if (name == "expand") return a.expand == b.expand;
  if (name == "since") return a.since == b.since;
  if (name == "until") return a.until == b.until;
  if (name == "person") return a.persons == b.persons;
  if (name == "place") return a.places == b.places;
  if (name == "org") return a.orgs == b.orgs;
  if (name == "source") return a.sources == b.sources;
  if (name == "sort") return a.sort == b.sort;
  if (name == "facets") return a.facets == b.facets;
  if (name == "exact") return a.exact_total == b.exact_total;
  if (name == "suggest") return a.suggest == b.suggest;
  if (name == "timeline") return a.timeline == b.timeline;
  if (name == "facet_sample") return a.facet_sample == b.facet_sample;
  if (name == "like") return a.like == b.like;
  if (name == "related_by_entities")
    return a.related_by_entities == b.related_by_entities;
  if (name == "within_days") return a.within_days == b.within_days;
  if (name == "collapse") return a.collapse == b.collapse;
  if (name == "similar_to") return a.similar_to == b.similar_to;
  Check(false, "a field the fuzzer does not know: update SameField");
  return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view line(reinterpret_cast<const char*>(data), size);
  static const SearchRequest defaults_a = DefaultsA();
  static const SearchRequest defaults_b = DefaultsB();
  const gazette::ParsedRequest a = gazette::ParseBatchRequest(line, defaults_a);
  const gazette::ParsedRequest b = gazette::ParseBatchRequest(line, defaults_b);
  Check(a.ok() == b.ok(), "defaults decide whether a line is valid");
  if (!a.ok()) {
    gazette::fuzz::CheckMessage(a.error, "error");
    Check(a.error == b.error, "defaults change the error");
    return 0;
  }

  std::string_view text = line;
  if (text.ends_with('\n')) text.remove_suffix(1);
  if (text.ends_with('\r')) text.remove_suffix(1);
  const size_t first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos || text[first] != '{') {
    // A plain line is the query, and only the query.
    Check(a.request.query == text && b.request.query == text,
          "a plain line is not the query");
    return 0;
  }
  // The parser accepted the line, so it is a JSON object: every field it
  // names comes from the line, every other from the defaults.
  const auto object = nlohmann::json::parse(text);
  Check(object.is_object(), "accepted JSON that is not an object");
  std::string names = gazette::BatchRequestFieldNames();
  for (size_t start = 0; start < names.size();) {
    size_t end = names.find(", ", start);
    if (end == std::string::npos) end = names.size();
    const std::string name = names.substr(start, end - start);
    start = end + 2;
    Check(SameField(name, a.request, b.request) == object.contains(name),
          "a field comes from the wrong place");
  }
  return 0;
}
