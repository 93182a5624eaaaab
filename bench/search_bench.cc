// search_bench: measures the searcher library's latency and throughput over a
// file of benchmark queries, in one process (what batch mode costs), and
// prints one JSON object. Used by bench/run.py.
//
// Usage: search_bench --db PATH --queries FILE [--facets] [--plain]
//                     [--limit N] [--rounds N] [--count-up-to N]
// --db may name a stub listing shards, local or remote. --plain takes each
// query as plain text, with feedback (what `searcher --plain` does).
// --count-up-to N counts matches exactly up to N (SearchRequest::
// count_exactly_up_to; 0 counts only what the page needs), to measure
// what counting costs.
// FILE: lines "category<TAB>query<TAB>options", options as on the searcher's
// command line (--place saudi arabia --since 1987-03); '#' lines are comments.
#include <algorithm>
#include <chrono>
#include <cstring>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

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

int Run(int argc, char** argv) {
  std::string db, queries_path;
  bool facets = false;
  bool plain = false;
  size_t limit = 10;
  size_t count_up_to = gazette::kCountExactlyUpTo;
  int rounds = 3;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const bool has_value = i + 1 < argc;
    if (arg == "--db" && has_value) {
      db = argv[++i];
    } else if (arg == "--queries" && has_value) {
      queries_path = argv[++i];
    } else if (arg == "--facets") {
      facets = true;
    } else if (arg == "--plain") {
      plain = true;
    } else if (arg == "--limit" && has_value) {
      limit = std::stoul(argv[++i]);
    } else if (arg == "--count-up-to" && has_value) {
      count_up_to = std::stoul(argv[++i]);
    } else if (arg == "--rounds" && has_value) {
      rounds = std::stoi(argv[++i]);
    } else {
      std::cerr << "search_bench: unknown argument '" << arg << "'\n";
      return 2;
    }
  }
  std::ifstream file(queries_path);
  if (db.empty() || !file) {
    std::cerr << "search_bench: need --db and a readable --queries file\n";
    return 2;
  }
  std::vector<SearchRequest> requests;
  std::string line;
  while (std::getline(file, line)) {
    if (line.empty() || line[0] == '#') continue;
    const size_t tab1 = line.find('\t');
    const size_t tab2 = line.find('\t', tab1 + 1);
    SearchRequest r;
    r.query =
        line.substr(tab1 + 1, tab2 == std::string::npos ? std::string::npos
                                                        : tab2 - tab1 - 1);
    if (tab2 != std::string::npos && !ApplyOptions(line.substr(tab2 + 1), r)) {
      std::cerr << "search_bench: bad options in '" << line << "'\n";
      return 2;
    }
    r.limit = limit;
    r.facets = facets;
    r.plain_text = plain;
    r.count_exactly_up_to = count_up_to;
    requests.push_back(std::move(r));
  }

  using Clock = std::chrono::steady_clock;
  const auto open_start = Clock::now();
  gazette::Searcher searcher(db);
  const double open_ms =
      std::chrono::duration<double, std::milli>(Clock::now() - open_start)
          .count();
  // Round 0 warms the caches and is not counted.
  std::vector<std::vector<double>> round_ms(requests.size());
  double total_seconds = 0;
  uint64_t hits = 0, matches = 0, exact = 0;
  for (int round = 0; round <= rounds; ++round) {
    const auto round_start = Clock::now();
    for (size_t i = 0; i < requests.size(); ++i) {
      const auto start = Clock::now();
      const gazette::SearchResult result = searcher.Search(requests[i]);
      const double ms =
          std::chrono::duration<double, std::milli>(Clock::now() - start)
              .count();
      if (round == 0) {
        hits += result.hits.size();
        matches += result.totals.estimated;
        exact += result.totals.exact() ? 1 : 0;
        continue;
      }
      round_ms[i].push_back(ms);
    }
    if (round > 0) {
      total_seconds +=
          std::chrono::duration<double>(Clock::now() - round_start).count();
    }
  }
  // A query's time is its median over the rounds, which discounts a round
  // disturbed by other processes.
  std::vector<double> per_query_ms;
  for (const auto& ms : round_ms) per_query_ms.push_back(Percentile(ms, 0.5));
  const double queries = static_cast<double>(requests.size()) * rounds;
  nlohmann::json out = {
      {"queries", requests.size()},
      {"rounds", rounds},
      {"facets", facets},
      {"plain", plain},
      {"limit", limit},
      {"count_up_to", count_up_to},
      {"open_ms", open_ms},
      {"queries_per_second", total_seconds > 0 ? queries / total_seconds : 0},
      {"median_ms", Percentile(per_query_ms, 0.5)},
      {"p95_ms", Percentile(per_query_ms, 0.95)},
      {"max_ms", Percentile(per_query_ms, 1.0)},
      {"hits", hits},
      {"matches_estimated", matches},
      {"exact_totals", exact},
  };
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
