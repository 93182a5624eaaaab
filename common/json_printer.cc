// The JSON printers: one object per result (json) or one object per hit and
// a summary (jsonl), as docs/json-format.md specifies. All JSON Gazette
// writes about searches is built here.
#include <nlohmann/json.hpp>

#include "common/result_printer.h"

namespace gazette {
namespace {

using json = nlohmann::ordered_json;

json FacetList(const std::vector<FacetValue>& values, bool with_key) {
  json list = json::array();
  for (const auto& v : values) {
    json item = {{"value", v.value}, {"count", v.count}};
    if (with_key) item["key"] = v.key;
    list.push_back(std::move(item));
  }
  return list;
}

// The fields a result and a jsonl summary share: everything but the hits.
json SummaryFields(const SearchResult& result, std::string_view type,
                   int format_version) {
  const SearchRequest& request = result.request;
  json out = {
      {"type", type},
      {"format_version", format_version},
      {"query", request.query},
      {"offset", request.offset},
      {"limit", request.limit},
      {"sort", SortOrderName(request.sort)},
      {"total",
       {{"estimated", result.totals.estimated},
        {"lower", result.totals.lower},
        {"upper", result.totals.upper},
        {"exact", result.totals.exact()}}},
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

class JsonPrinter : public ResultPrinter {
 public:
  JsonPrinter(std::ostream& out, int format_version)
      : out_(out), format_version_(format_version) {}

  void Print(const SearchResult& result) override {
    out_ << DumpJsonLine(ResultToJson(result, format_version_)) << '\n';
    out_.flush();
  }

 private:
  std::ostream& out_;
  int format_version_;
};

class JsonLinesPrinter : public ResultPrinter {
 public:
  JsonLinesPrinter(std::ostream& out, int format_version)
      : out_(out), format_version_(format_version) {}

  void Print(const SearchResult& result) override {
    for (const Hit& hit : result.hits) {
      json line = {{"type", "hit"}, {"format_version", format_version_}};
      line.update(HitToJson(hit));
      out_ << DumpJsonLine(line) << '\n';
      // A reader that stops early (head -1) should not wait for the rest.
      if (!out_) return;
    }
    json summary = SummaryFields(result, "summary", format_version_);
    summary["shown"] = result.hits.size();
    out_ << DumpJsonLine(summary) << '\n';
    out_.flush();
  }

 private:
  std::ostream& out_;
  int format_version_;
};

}  // namespace

json HitToJson(const Hit& hit) {
  // Objects are filled field by field: a braced list first makes a
  // [key, value] array per field, which made building the hits cost more
  // than writing them out.
  json highlights = json::array();
  for (const auto& [begin, end] : hit.snippet.highlights) {
    highlights.push_back({begin, end});
  }
  json entities = json::array();
  for (const StoredEntity& e : hit.entities) {
    json entity = json::object();
    entity["type"] = EntityTypeName(e.type);
    entity["name"] = e.name;
    entity["derived"] = e.derived;
    entities.push_back(std::move(entity));
  }
  json out = json::object();
  out["rank"] = hit.rank;
  out["id"] = hit.id;
  out["path"] = hit.path;
  out["title"] = hit.title;
  out["date"] = hit.date ? json(hit.date->ToIso()) : json(nullptr);
  out["score"] = hit.score;
  out["snippet"] = hit.snippet.text;
  out["highlights"] = std::move(highlights);
  out["entities"] = std::move(entities);
  return out;
}

json ResultToJson(const SearchResult& result, int format_version) {
  json out = SummaryFields(result, "result", format_version);
  json hits = json::array();
  for (const Hit& hit : result.hits) hits.push_back(HitToJson(hit));
  out["hits"] = std::move(hits);
  return out;
}

json ErrorToJson(std::string_view kind, std::string_view message,
                 int format_version) {
  return {{"type", "error"},
          {"format_version", format_version},
          {"kind", kind},
          {"message", message}};
}

std::string DumpJsonLine(const json& j) {
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::unique_ptr<ResultPrinter> MakeJsonPrinter(std::ostream& out,
                                               int format_version) {
  return std::make_unique<JsonPrinter>(out, format_version);
}

std::unique_ptr<ResultPrinter> MakeJsonLinesPrinter(std::ostream& out,
                                                    int format_version) {
  return std::make_unique<JsonLinesPrinter>(out, format_version);
}

}  // namespace gazette
