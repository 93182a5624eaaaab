// The JSON printers: one object per result (json) or one object per hit and
// a summary (jsonl), as docs/json-format.md specifies. All JSON Gazette
// writes about searches is built here.
#include <algorithm>
#include <charconv>
#include <nlohmann/json.hpp>
#include <vector>

#include "common/base/utf8.h"
#include "gazette/printers.h"

namespace gazette {
namespace {

using json = nlohmann::ordered_json;

// Writes JSON on one line straight into a string, byte for byte as
// DumpJsonLine would write the same object built as a tree (the tests check
// it), without building the tree: batch mode spent a quarter of its time
// building and walking it.
class JsonLine {
 public:
  explicit JsonLine(std::string& out) : out_(out) {}

  JsonLine& Open() { return Begin('{'); }
  JsonLine& OpenArray() { return Begin('['); }
  JsonLine& Close() { return End('}'); }
  JsonLine& CloseArray() { return End(']'); }

  // The key of the next field of the object being written.
  JsonLine& Key(std::string_view key) {
    Separate();
    AppendString(key);
    out_ += ':';
    after_key_ = true;
    return *this;
  }
  JsonLine& Field(std::string_view key, std::string_view value) {
    return Key(key).String(value);
  }
  // Without this, a string literal would convert to bool.
  JsonLine& Field(std::string_view key, const char* value) {
    return Key(key).String(value);
  }
  JsonLine& Field(std::string_view key, uint64_t value) {
    return Key(key).Number(value);
  }
  JsonLine& Field(std::string_view key, bool value) {
    Key(key).Separate();
    out_ += value ? "true" : "false";
    return *this;
  }
  JsonLine& Field(std::string_view key, double value) {
    Key(key).Separate();
    // Numbers other than integers as nlohmann writes them (shortest form
    // that reads back the same, ".0" on whole numbers).
    out_ += json(value).dump();
    return *this;
  }
  JsonLine& Null(std::string_view key) {
    Key(key).Separate();
    out_ += "null";
    return *this;
  }
  JsonLine& String(std::string_view value) {
    Separate();
    AppendString(value);
    return *this;
  }
  JsonLine& Number(uint64_t value) {
    Separate();
    char digits[24];
    const auto [end, ec] = std::to_chars(digits, digits + sizeof digits, value);
    out_.append(digits, end);
    return *this;
  }

 private:
  JsonLine& Begin(char bracket) {
    Separate();
    out_ += bracket;
    first_.push_back(true);
    return *this;
  }
  JsonLine& End(char bracket) {
    out_ += bracket;
    first_.pop_back();
    return *this;
  }
  // A comma before every value of an array or field of an object but the
  // first; nothing between a key and its value.
  void Separate() {
    if (after_key_) {
      after_key_ = false;
      return;
    }
    if (first_.empty()) return;
    if (!first_.back()) out_ += ',';
    first_.back() = false;
  }
  void AppendString(std::string_view text) {
    // Printable ASCII without quotes or backslashes is written as it is;
    // anything else (escapes, UTF-8 to check and perhaps repair) the way
    // DumpJsonLine does it.
    const bool plain = std::all_of(text.begin(), text.end(), [](char c) {
      return c >= 0x20 && c < 0x7f && c != '"' && c != '\\';
    });
    if (plain) {
      out_ += '"';
      out_ += text;
      out_ += '"';
    } else {
      out_ += DumpJsonLine(json(std::string(text)));
    }
  }

  std::string& out_;
  std::vector<bool> first_;  // per open object or array: nothing in it yet
  bool after_key_ = false;
};

void WriteFacetList(JsonLine& w, std::string_view name,
                    const std::vector<FacetValue>& values, bool with_key) {
  w.Key(name).OpenArray();
  for (const auto& v : values) {
    w.Open().Field("value", v.value).Field("count", v.count);
    if (with_key) w.Field("key", v.key);
    w.Close();
  }
  w.CloseArray();
}

// The seed and the query's terms of a related-articles result: "like" or
// "related_by_entities".
void WriteRelated(JsonLine& w, const SearchResult& result) {
  const Related& r = *result.related;
  w.Key(r.by_entities ? "related_by_entities" : "like")
      .Open()
      .Field("seed", r.seed);
  if (result.request.within_days == 0) {
    w.Null("within_days");
  } else {
    w.Field("within_days", uint64_t{result.request.within_days});
  }
  w.Key(r.by_entities ? "entities" : "terms").OpenArray();
  for (const RelatedTerm& t : r.terms) {
    w.Open();
    if (t.type) {
      w.Field("type", EntityTypeName(*t.type))
          .Field("name", t.text)
          .Field("key", t.key);
    } else {
      w.Field("word", t.text).Field("stem", t.key);
    }
    w.Field("weight", t.weight).Close();
  }
  w.CloseArray().Close();
}

// The fields a result and a jsonl summary share: everything but the hits.
void WriteSummaryFields(JsonLine& w, const SearchResult& result,
                        std::string_view type, int format_version) {
  const SearchRequest& request = result.request;
  w.Field("type", type)
      .Field("format_version", static_cast<uint64_t>(format_version))
      .Field("query", request.query)
      .Field("offset", uint64_t{request.offset})
      .Field("limit", uint64_t{request.limit})
      .Field("sort", SortOrderName(request.sort));
  w.Key("total")
      .Open()
      .Field("estimated", result.totals.estimated)
      .Field("lower", result.totals.lower)
      .Field("upper", result.totals.upper)
      .Field("exact", result.totals.exact());
  // The bound that made `lower` an "at least"; none when every match was
  // counted.
  if (request.exact_total || request.facets || request.timeline) {
    w.Null("exact_up_to");
  } else {
    w.Field("exact_up_to", uint64_t{request.count_exactly_up_to});
  }
  w.Close();
  w.Field("seconds", result.seconds);
  if (!result.missing_shards.empty()) {
    w.Key("missing_shards").OpenArray();
    for (const std::string& shard : result.missing_shards) w.String(shard);
    w.CloseArray();
  }
  if (result.suggestion) {
    w.Key("suggestion")
        .Open()
        .Field("query", result.suggestion->query)
        .Field("total", result.suggestion->total)
        .Close();
  }
  if (result.facets) {
    const Facets& f = *result.facets;
    w.Key("facets").Open().Field("exact", f.exact);
    if (f.sample) {
      w.Key("sample")
          .Open()
          .Field("counted", f.sample->counted)
          .Field("matches", f.sample->matches)
          .Close();
    }
    WriteFacetList(w, "person", f.persons, true);
    WriteFacetList(w, "place", f.places, true);
    WriteFacetList(w, "org", f.orgs, true);
    WriteFacetList(w, "group", f.groups, true);
    WriteFacetList(w, "year", f.years, false);
    WriteFacetList(w, "month", f.months, false);
    w.Close();
  }
  if (result.related) WriteRelated(w, result);
  if (result.timeline) {
    const Timeline& t = *result.timeline;
    w.Key("timeline").Open().Field("unit", t.unit).Field("exact", t.exact);
    w.Key("buckets").OpenArray();
    for (const TimelineBucket& b : t.buckets)
      w.Open().Field("date", b.date).Field("count", b.count).Close();
    w.CloseArray().Close();
  }
}

// What a related hit shares with the seed: "shared_terms" (the words) or
// "shared_entities".
void WriteShared(JsonLine& w, const Related& related, const Hit& hit) {
  if (!related.by_entities) {
    w.Key("shared_terms").OpenArray();
    for (const RelatedTerm& t : hit.shared) w.String(t.text);
    w.CloseArray();
    return;
  }
  w.Key("shared_entities").OpenArray();
  for (const RelatedTerm& t : hit.shared) {
    w.Open()
        .Field("type", t.type ? EntityTypeName(*t.type) : "")
        .Field("name", t.text)
        .Field("key", t.key)
        .Close();
  }
  w.CloseArray();
}

void WriteHitFields(JsonLine& w, const Hit& hit,
                    const std::optional<Related>& related) {
  w.Field("rank", uint64_t{hit.rank})
      .Field("id", hit.id)
      .Field("path", hit.path)
      .Field("title", hit.title);
  if (hit.date) {
    w.Field("date", hit.date->ToIso());
  } else {
    w.Null("date");
  }
  w.Field("score", hit.score).Field("snippet", hit.snippet.text);
  w.Key("highlights").OpenArray();
  for (const auto& [begin, end] : hit.snippet.highlights) {
    w.OpenArray().Number(begin).Number(end).CloseArray();
  }
  w.CloseArray();
  w.Key("entities").OpenArray();
  for (const ArticleEntity& e : hit.entities) {
    w.Open()
        .Field("type", EntityTypeName(e.type))
        .Field("name", e.name)
        .Field("derived", e.derived)
        .Close();
  }
  w.CloseArray();
  for (const auto& [key, value] :
       {std::pair{"source", &hit.source}, std::pair{"url", &hit.url},
        std::pair{"group", &hit.group}}) {
    if (value->empty()) {
      w.Null(key);
    } else {
      w.Field(key, *value);
    }
  }
  w.Field("group_size", hit.group_size).Field("similar", hit.similar);
  if (related) WriteShared(w, *related, hit);
}

class JsonPrinter : public ResultPrinter {
 public:
  JsonPrinter(std::ostream& out, int format_version)
      : out_(out), format_version_(format_version) {}

  void Print(const SearchResult& result) override {
    out_ << ResultJsonLine(result, format_version_) << '\n';
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
    std::string line;
    for (const Hit& hit : result.hits) {
      line.clear();
      JsonLine w(line);
      w.Open()
          .Field("type", "hit")
          .Field("format_version", static_cast<uint64_t>(format_version_));
      WriteHitFields(w, hit, result.related);
      w.Close();
      out_ << line << '\n';
      // A reader that stops early (head -1) should not wait for the rest.
      if (!out_) return;
    }
    line.clear();
    JsonLine w(line);
    w.Open();
    WriteSummaryFields(w, result, "summary", format_version_);
    w.Field("shown", uint64_t{result.hits.size()}).Close();
    out_ << line << '\n';
    out_.flush();
  }

 private:
  std::ostream& out_;
  int format_version_;
};

}  // namespace

std::string ResultJsonLine(const SearchResult& result, int format_version,
                           size_t line) {
  std::string out;
  out.reserve(1024 + 640 * result.hits.size());
  JsonLine w(out);
  w.Open();
  WriteSummaryFields(w, result, "result", format_version);
  w.Key("hits").OpenArray();
  for (const Hit& hit : result.hits) {
    w.Open();
    WriteHitFields(w, hit, result.related);
    w.Close();
  }
  w.CloseArray();
  if (line > 0) w.Field("line", uint64_t{line});
  w.Close();
  return out;
}

std::string ErrorJsonLine(std::string_view kind, std::string_view message,
                          int format_version, size_t line) {
  std::string out;
  JsonLine w(out);
  w.Open()
      .Field("type", "error")
      .Field("format_version", static_cast<uint64_t>(format_version))
      .Field("kind", kind)
      .Field("message", message);
  if (line > 0) w.Field("line", uint64_t{line});
  w.Close();
  return out;
}

json ResultToJson(const SearchResult& result, int format_version) {
  return json::parse(ResultJsonLine(result, format_version));
}

json ErrorToJson(std::string_view kind, std::string_view message,
                 int format_version) {
  return json::parse(ErrorJsonLine(kind, message, format_version));
}

namespace {

// j with each byte of its strings and keys that is not UTF-8 replaced by
// U+FFFD, as the text decoder repairs articles.
json Repaired(const json& j) {
  if (j.is_string()) return RepairUtf8(j.get_ref<const std::string&>());
  if (j.is_array()) {
    json out = json::array();
    for (const json& v : j) out.push_back(Repaired(v));
    return out;
  }
  if (j.is_object()) {
    json out = json::object();
    for (const auto& item : j.items())
      out[RepairUtf8(item.key())] = Repaired(item.value());
    return out;
  }
  return j;
}

}  // namespace

std::string DumpJsonLine(const json& j) {
  try {
    return j.dump(-1, ' ', false, json::error_handler_t::strict);
  } catch (const json::type_error&) {
    // nlohmann's own replacement gives one U+FFFD for a character cut
    // short ("\xe2\x80"), where docs/json-format.md promises one per byte.
    return Repaired(j).dump(-1, ' ', false, json::error_handler_t::replace);
  }
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
