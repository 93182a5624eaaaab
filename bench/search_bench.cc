// search_bench: measures the searcher library's latency and throughput over a
// file of benchmark queries, in one process (what batch mode costs), and
// prints one JSON object. Used by bench/run.py.
//
// Usage: search_bench --db PATH --queries FILE [--facets] [--plain]
//                     [--limit N] [--rounds N] [--count-up-to N]
//                     [--modes LIST] [--facet-sample N] [--check-facets]
//                     [--cpu-time]
// --db may name a stub listing shards, local or remote. --plain takes each
// query as plain text, with feedback (what `searcher --plain` does).
// --count-up-to N counts matches exactly up to N (SearchRequest::
// count_exactly_up_to; 0 counts only what the page needs), to measure
// what counting costs.
// FILE: lines "category<TAB>query<TAB>options", options as on the searcher's
// command line (--place saudi arabia --since 1987-03); '#' lines are comments.
//
// --modes times each query in each of several ways, taking turns, and adds
// "per_query" to the output: each query's matches and median ms per mode.
// Through the library's API, as a program calls it: `search` (the top hits
// with snippets), `exact` (and the matches counted exactly), `facets` (and
// facets counted), `sampled` (facets with --facet-sample, default 10000),
// `timeline` (and the matches counted per day, month or year).
// Through the internal facet counter, to compare its ways of counting on
// the same matches: `count` (Xapian counting every match, nothing else),
// `lists` (and facets from the entity lists, as before the facet fields),
// `fields` (and facets from the facet fields, whatever the match count).
// --cpu-time: --modes times by this process's CPU time (every thread's)
// rather than wall time, so that a machine shared with other work charges a
// mode only for what it computes; for a local index only (a remote shard's
// work is its server's).
// --check-facets compares every query's facets (the library's) with the
// entity lists' count of the same matches and lists those that differ.
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <fstream>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "common/index/index_database.h"
#include "common/search/facet_counter.h"
#include "common/search/query_builder.h"
#include "common/search/ranking.h"
#include "gazette/search_request.h"
#include "gazette/searcher.h"

namespace {

using gazette::SearchRequest;

// "--place saudi arabia --since 1987-03": an option takes every word up to
// the next option.
bool ApplyOptions(const std::string& options, SearchRequest& r) {
  std::istringstream in(options);
  std::vector<std::pair<std::string, std::string>> parsed;
  std::string word;
  while (in >> word) {
    if (word.rfind("--", 0) == 0) {
      parsed.emplace_back(word, "");
    } else if (!parsed.empty()) {
      std::string& value = parsed.back().second;
      value += (value.empty() ? "" : " ") + word;
    } else {
      return false;
    }
  }
  for (const auto& [name, value] : parsed) {
    if (name == "--place") {
      r.places.push_back(value);
    } else if (name == "--person") {
      r.persons.push_back(value);
    } else if (name == "--org") {
      r.orgs.push_back(value);
    } else if (name == "--since") {
      r.since = value;
    } else if (name == "--until") {
      r.until = value;
    } else if (name == "--sort") {
      const auto order = gazette::ParseSortOrder(value);
      if (!order) return false;
      r.sort = *order;
    } else if (name == "--any") {
      r.match_any = true;
    } else {
      return false;
    }
  }
  return true;
}

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const size_t i =
      static_cast<size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
  return v[std::min(i, v.size() - 1)];
}

using Clock = std::chrono::steady_clock;

// Milliseconds of CPU time this process has used (all its threads).
double CpuMs() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) * 1e3 +
         static_cast<double>(t.tv_nsec) / 1e6;
}

double MsSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start)
      .count();
}

struct Options {
  std::string db, queries_path;
  bool facets = false;
  bool plain = false;
  size_t limit = 10;
  size_t count_up_to = gazette::kCountExactlyUpTo;
  int rounds = 3;
  std::vector<std::string> modes;
  size_t facet_sample = 10000;
  bool check_facets = false;
  bool cpu_time = false;
};

struct Query {
  std::string category, text, options;
  SearchRequest request;
};

// The benchmark queries of a file, or an error message.
std::string ReadQueries(const Options& o, std::vector<Query>& queries) {
  std::ifstream file(o.queries_path);
  if (!file) return "cannot read --queries file";
  std::string line;
  while (std::getline(file, line)) {
    if (line.empty() || line[0] == '#') continue;
    const size_t tab1 = line.find('\t');
    const size_t tab2 = line.find('\t', tab1 + 1);
    Query q;
    q.category = line.substr(0, tab1);
    q.text = line.substr(tab1 + 1, tab2 == std::string::npos ? std::string::npos
                                                             : tab2 - tab1 - 1);
    if (tab2 != std::string::npos) q.options = line.substr(tab2 + 1);
    q.request.query = q.text;
    if (!ApplyOptions(q.options, q.request))
      return "bad options in '" + line + "'";
    q.request.limit = o.limit;
    q.request.facets = o.facets;
    q.request.plain_text = o.plain;
    q.request.count_exactly_up_to = o.count_up_to;
    queries.push_back(std::move(q));
  }
  return "";
}

// The internal ways of counting (see the file comment): Xapian counting
// every match, with or without a facet counter, no snippets.
class InternalCounter {
 public:
  explicit InternalCounter(const std::string& path)
      : db_(gazette::OpenIndexForReading(path)), builder_(db_) {}

  // The facets of the request's matches; none for method nullopt.
  std::optional<gazette::Facets> Count(
      const SearchRequest& request,
      std::optional<gazette::FacetOptions::Method> method) {
    Xapian::Enquire enquire(db_);
    enquire.set_weighting_scheme(gazette::MakeWeight({}));
    const Xapian::Query query = builder_.Build(request);
    enquire.set_query(query);
    std::unique_ptr<gazette::FacetCounter> counter;
    if (method == gazette::FacetOptions::Method::kEntityLists) {
      // The counter of before the facet fields, spy and all.
      counter = gazette::MakeEntityListFacetCounter(db_, request.facet_limit);
    } else if (method) {
      gazette::FacetOptions options{request.facet_limit, 0, *method};
      counter = gazette::MakeFacetCounter(db_, query, options);
    }
    if (counter) counter->Attach(enquire);
    const Xapian::MSet mset = enquire.get_mset(
        0, static_cast<Xapian::doccount>(request.limit), db_.get_doccount());
    if (!counter) return std::nullopt;
    return counter->Result(mset.get_matches_lower_bound() ==
                           mset.get_matches_upper_bound());
  }

 private:
  Xapian::Database db_;
  gazette::QueryBuilder builder_;
};

// One query in one mode; returns the matches counted (or estimated).
uint64_t RunMode(const std::string& mode, const Query& q, const Options& o,
                 gazette::Searcher& searcher, InternalCounter& internal) {
  using Method = gazette::FacetOptions::Method;
  SearchRequest r = q.request;
  if (mode == "count" || mode == "lists" || mode == "fields") {
    std::optional<Method> method;
    if (mode == "lists") method = Method::kEntityLists;
    if (mode == "fields") method = Method::kFacetFields;
    (void)internal.Count(r, method);
    return 0;
  }
  r.exact_total = mode == "exact";
  r.facets = mode == "facets" || mode == "sampled";
  r.timeline = mode == "timeline";
  if (mode == "sampled") r.facet_sample = o.facet_sample;
  return searcher.Search(r).totals.estimated;
}

// "value (key) count" lines of every facet list, to compare two counts.
std::vector<std::string> FacetLines(const gazette::Facets& f) {
  std::vector<std::string> out;
  for (const auto* list :
       {&f.persons, &f.places, &f.orgs, &f.groups, &f.years, &f.months}) {
    for (const auto& v : *list)
      out.push_back(v.value + " (" + v.key + ") " + std::to_string(v.count));
    out.push_back("--");
  }
  return out;
}

// Per query: its matches and each mode's median ms over the rounds, the
// modes taking turns so that load from other processes falls on each.
nlohmann::json TimeModes(const Options& o, const std::vector<Query>& queries,
                         gazette::Searcher& searcher,
                         InternalCounter& internal) {
  nlohmann::json per_query = nlohmann::json::array();
  for (const Query& q : queries) {
    SearchRequest exact = q.request;
    exact.exact_total = true;
    exact.limit = 0;
    const uint64_t matches = searcher.Search(exact).totals.estimated;
    std::vector<std::vector<double>> ms(o.modes.size());
    // Round 0 warms the caches and is not counted.
    for (int round = 0; round <= o.rounds; ++round) {
      for (size_t m = 0; m < o.modes.size(); ++m) {
        const size_t mode = (m + static_cast<size_t>(round)) % o.modes.size();
        const auto start = Clock::now();
        const double cpu_start = CpuMs();
        (void)RunMode(o.modes[mode], q, o, searcher, internal);
        const double spent = o.cpu_time ? CpuMs() - cpu_start : MsSince(start);
        if (round > 0) ms[mode].push_back(spent);
      }
    }
    nlohmann::json times = nlohmann::json::object();
    for (size_t m = 0; m < o.modes.size(); ++m)
      times[o.modes[m]] = Percentile(ms[m], 0.5);
    per_query.push_back({{"category", q.category},
                         {"query", q.text},
                         {"options", q.options},
                         {"matches", matches},
                         {"ms", times}});
  }
  return per_query;
}

// The queries whose facets differ from the entity lists' count.
nlohmann::json CheckFacets(const std::vector<Query>& queries,
                           gazette::Searcher& searcher,
                           InternalCounter& internal) {
  nlohmann::json differ = nlohmann::json::array();
  for (const Query& q : queries) {
    SearchRequest r = q.request;
    r.facets = true;
    r.limit = 0;
    const gazette::Facets library = *searcher.Search(r).facets;
    const auto lists =
        internal.Count(r, gazette::FacetOptions::Method::kEntityLists);
    if (FacetLines(library) != FacetLines(*lists))
      differ.push_back(q.text + (q.options.empty() ? "" : " " + q.options));
  }
  return differ;
}

// Parses the command line into o; returns an error message, or "".
std::string ParseArgs(int argc, char** argv, Options& o) {
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const bool has_value = i + 1 < argc;
    if (arg == "--db" && has_value) {
      o.db = argv[++i];
    } else if (arg == "--queries" && has_value) {
      o.queries_path = argv[++i];
    } else if (arg == "--facets") {
      o.facets = true;
    } else if (arg == "--plain") {
      o.plain = true;
    } else if (arg == "--limit" && has_value) {
      o.limit = std::stoul(argv[++i]);
    } else if (arg == "--count-up-to" && has_value) {
      o.count_up_to = std::stoul(argv[++i]);
    } else if (arg == "--rounds" && has_value) {
      o.rounds = std::stoi(argv[++i]);
    } else if (arg == "--modes" && has_value) {
      std::istringstream list(argv[++i]);
      for (std::string mode; std::getline(list, mode, ',');) {
        static const std::set<std::string> known = {
            "search",   "exact", "facets", "sampled",
            "timeline", "count", "lists",  "fields"};
        if (!known.count(mode)) return "unknown mode '" + mode + "'";
        o.modes.push_back(mode);
      }
    } else if (arg == "--facet-sample" && has_value) {
      o.facet_sample = std::stoul(argv[++i]);
    } else if (arg == "--check-facets") {
      o.check_facets = true;
    } else if (arg == "--cpu-time") {
      o.cpu_time = true;
    } else {
      return "unknown argument '" + arg + "'";
    }
  }
  if (o.db.empty() || o.queries_path.empty()) return "need --db and --queries";
  return "";
}

int Run(int argc, char** argv) {
  Options o;
  std::string problem = ParseArgs(argc, argv, o);
  std::vector<Query> queries;
  if (problem.empty()) problem = ReadQueries(o, queries);
  if (!problem.empty()) {
    std::cerr << "search_bench: " << problem << '\n';
    return 2;
  }

  const auto open_start = Clock::now();
  gazette::Searcher searcher(o.db);
  const double open_ms = MsSince(open_start);
  // Round 0 warms the caches and is not counted.
  std::vector<std::vector<double>> round_ms(queries.size());
  double total_seconds = 0;
  uint64_t hits = 0, matches = 0, exact = 0;
  for (int round = 0; round <= o.rounds; ++round) {
    const auto round_start = Clock::now();
    for (size_t i = 0; i < queries.size(); ++i) {
      const auto start = Clock::now();
      const gazette::SearchResult result = searcher.Search(queries[i].request);
      const double ms = MsSince(start);
      if (round == 0) {
        hits += result.hits.size();
        matches += result.totals.estimated;
        exact += result.totals.exact() ? 1 : 0;
        continue;
      }
      round_ms[i].push_back(ms);
    }
    if (round > 0) total_seconds += MsSince(round_start) / 1000;
  }
  // A query's time is its median over the rounds, which discounts a round
  // disturbed by other processes.
  std::vector<double> per_query_ms;
  for (const auto& ms : round_ms) per_query_ms.push_back(Percentile(ms, 0.5));
  const double count = static_cast<double>(queries.size()) * o.rounds;
  nlohmann::json out = {
      {"queries", queries.size()},
      {"rounds", o.rounds},
      {"facets", o.facets},
      {"plain", o.plain},
      {"limit", o.limit},
      {"count_up_to", o.count_up_to},
      {"open_ms", open_ms},
      {"queries_per_second", total_seconds > 0 ? count / total_seconds : 0},
      {"median_ms", Percentile(per_query_ms, 0.5)},
      {"p95_ms", Percentile(per_query_ms, 0.95)},
      {"max_ms", Percentile(per_query_ms, 1.0)},
      {"hits", hits},
      {"matches_estimated", matches},
      {"exact_totals", exact},
  };
  if (!o.modes.empty() || o.check_facets) {
    InternalCounter internal(o.db);
    if (!o.modes.empty()) {
      out["documents"] = Xapian::Database(o.db).get_doccount();
      out["facet_sample"] = o.facet_sample;
      out["per_query"] = TimeModes(o, queries, searcher, internal);
    }
    if (o.check_facets) {
      out["facets_checked"] = queries.size();
      out["facets_differ"] = CheckFacets(queries, searcher, internal);
    }
  }
  std::cout << out.dump() << '\n';
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return Run(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "search_bench: " << e.what() << '\n';
    return 3;
  }
}
