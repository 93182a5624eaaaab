// The JSON printer: one object per result, as docs/json-format.md specifies.
#include <nlohmann/json.hpp>

#include "common/result_printer.h"

namespace gazette {
namespace {

using nlohmann::json;

json FacetList(const std::vector<FacetValue>& values, bool with_key) {
  json list = json::array();
  for (const auto& v : values) {
    json item = {{"value", v.value}, {"count", v.count}};
    if (with_key) item["key"] = v.key;
    list.push_back(std::move(item));
  }
  return list;
}

class JsonPrinter : public ResultPrinter {
 public:
  explicit JsonPrinter(std::ostream& out) : out_(out) {}

  void Print(const SearchResult& result) override {
    // Ids and paths are file names, which need not be UTF-8: replace what
    // is not rather than fail.
    out_ << ResultToJson(result).dump(-1, ' ', false,
                                      json::error_handler_t::replace)
         << '\n';
    out_.flush();
  }

 private:
  std::ostream& out_;
};

}  // namespace

json ResultToJson(const SearchResult& result) {
  const SearchRequest& request = result.request;
  json hits = json::array();
  for (const Hit& hit : result.hits) {
    json highlights = json::array();
    for (const auto& [begin, end] : hit.snippet.highlights) {
      highlights.push_back({begin, end});
    }
    json entities = json::array();
    for (const StoredEntity& e : hit.entities) {
      entities.push_back({{"type", EntityTypeName(e.type)},
                          {"name", e.name},
                          {"derived", e.derived}});
    }
    hits.push_back({
        {"rank", hit.rank},
        {"id", hit.id},
        {"path", hit.path},
        {"title", hit.title},
        {"date", hit.date ? json(hit.date->ToIso()) : json(nullptr)},
        {"score", hit.score},
        {"snippet", hit.snippet.text},
        {"highlights", std::move(highlights)},
        {"entities", std::move(entities)},
    });
  }
  json out = {
      {"format_version", kJsonFormatVersion},
      {"query", request.query},
      {"offset", request.offset},
      {"limit", request.limit},
      {"sort", SortOrderName(request.sort)},
      {"total",
       {{"estimated", result.totals.estimated},
        {"lower", result.totals.lower},
        {"upper", result.totals.upper},
        {"exact", result.totals.exact()}}},
      {"hits", std::move(hits)},
      {"seconds", result.seconds},
  };
  if (result.facets) {
    const Facets& f = *result.facets;
    out["facets"] = {
        {"exact", f.exact},
        {"person", FacetList(f.persons, true)},
        {"place", FacetList(f.places, true)},
        {"org", FacetList(f.orgs, true)},
        {"group", FacetList(f.groups, true)},
        {"year", FacetList(f.years, false)},
        {"month", FacetList(f.months, false)},
    };
  }
  return out;
}

std::unique_ptr<ResultPrinter> MakeJsonPrinter(std::ostream& out) {
  return std::make_unique<JsonPrinter>(out);
}

}  // namespace gazette
