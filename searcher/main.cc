// searcher: answers ranked queries over a Gazette index.
#include <pthread.h>
#include <unistd.h>

#include <atomic>
#include <boost/program_options.hpp>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <limits>
#include <optional>
#include <thread>
#include <utility>

#include "cli/command_line.h"
#include "cli/db_path.h"
#include "cli/exit_code.h"
#include "cli/numeric_option.h"
#include "cli/output_stream.h"
#include "common/base/printable.h"
#include "common/serve/server.h"
#include "gazette/batch.h"
#include "gazette/entity.h"
#include "gazette/error.h"
#include "gazette/printers.h"
#include "gazette/searcher.h"

namespace po = boost::program_options;
using namespace gazette;

namespace {

struct SearchOptions {
  SearchRequest request;
  std::optional<std::string> db;
  ShardOptions shards;
  OutputFormat format = OutputFormat::kText;
  int format_version = kJsonFormatVersion;
  bool count = false;
  bool batch = false;
  unsigned jobs = 0;
  std::optional<ListenAddress> serve;
  unsigned serve_clients = 4;
  // --complete-name TYPE:PREFIX
  std::optional<std::pair<EntityType, std::string>> complete_name;
  char path_terminator = '\n';
  TextStyle style;
};

const char kUsage[] =
    "Usage: searcher [OPTIONS] QUERY...\n"
    "  or:  searcher --batch [OPTIONS] < REQUESTS\n"
    "  or:  searcher --complete-name TYPE:PREFIX [--db PATH] [--limit N]\n"
    "  or:  searcher --serve [ADDR:]PORT [OPTIONS]\n";
const char kAbout[] =
    "Search a Gazette index and print the best-matching articles, with\n"
    "dates, paths and snippets in which the query's words are highlighted.\n"
    "When a query matches at most 5 articles and its words look misspelt,\n"
    "it suggests a correction from the index's own words (\"Did you mean\n"
    "...?\"; in JSON the suggestion field) if that matches more.\n"
    "--batch reads one request per line (a query, or a JSON object with the\n"
    "options below as fields) and answers each with one line of JSON;\n"
    "options given with --batch are the defaults for every request.\n"
    "--serve answers the same requests over HTTP and serves a web page for\n"
    "searching at / (README.md, \"Serving over HTTP\").\n"
    "An option that would do nothing in the mode chosen (--facets with\n"
    "--count, --highlight with --format json, --jobs without --batch) is\n"
    "refused rather than ignored.\n";
const char kExamples[] =
    "Examples:\n"
    "  searcher \"Golan talks\"\n"
    "  searcher --person al-sharaa --since 2025-05 --sort newest talks\n"
    "  searcher '\"security official\" AND official NEAR/15 Quneitra'\n"
    "  searcher 'place:syria date:2025-05..2025-06' --facets --format json\n"
    "  searcher --person gorbachev --timeline -n 0\n"
    "  searcher --count person:trump\n"
    "  searcher --like 2025/golan-talks.txt --within-days 30\n"
    "  searcher --format paths -0 -n 100 golan | xargs -0 grep -l Quneitra\n"
    "  searcher --highlight-markers '<b>' '</b>' golan\n"
    "  printf '%s\\n' golan '{\"query\": \"talks\", \"limit\": 3}' | "
    "searcher --batch\n"
    "  searcher --serve 8080    # then open http://127.0.0.1:8080/\n";

const ProgramInfo kInfo = {Program::kSearcher, "searcher", kUsage, kAbout,
                           kExamples};

// A value of exactly two tokens, as in --highlight-markers OPEN CLOSE.
class TwoTokens : public po::typed_value<std::vector<std::string>> {
 public:
  TwoTokens() : po::typed_value<std::vector<std::string>>(nullptr) {}
  unsigned min_tokens() const override { return 2; }
  unsigned max_tokens() const override { return 2; }
};

po::options_description Options() {
  po::options_description opts = StandardOptions("index to search");
  auto* markers = new TwoTokens;
  markers->value_name("OPEN CLOSE");
  const std::string format_help =
      OutputFormatNames() + " (docs/json-format.md)";
  const std::string limit_help =
      "hits to show (at most " + std::to_string(kMaxLimit) + ")";
  const std::string offset_help = "hits to skip first (for paging; at most " +
                                  std::to_string(kMaxOffset) + ")";
  const std::string jobs_help =
      "--batch: threads answering requests, answers still in input order (0: "
      "one per core; at most " +
      std::to_string(kMaxBatchJobs) + ")";
  // clang-format off
  opts.add_options()
    ("limit,n", NumberValue(10), limit_help.c_str())
    ("offset", NumberValue(0), offset_help.c_str())
    ("any", "match articles with any of the words (default: all)")
    ("plain", "take QUERY as plain text, as a question or description: no "
     "operators, any word matches, capitals stemmed like lower case")
    ("expand", "add words of the best hits to the query (pseudo-relevance "
     "feedback; default with --plain)")
    ("no-expand", "do not expand the query")
    ("since", po::value<std::string>()->value_name("DATE"),
     "only articles on or after DATE (YYYY, YYYY-MM or YYYY-MM-DD)")
    ("until", po::value<std::string>()->value_name("DATE"),
     "only articles on or before DATE")
    ("person", po::value<std::vector<std::string>>()->value_name("NAME"),
     "only articles mentioning this person (any alias; repeatable, all must match)")
    ("place", po::value<std::vector<std::string>>()->value_name("NAME"),
     "only articles mentioning this place (repeatable)")
    ("org", po::value<std::vector<std::string>>()->value_name("NAME"),
     "only articles mentioning this organisation (repeatable)")
    ("source", po::value<std::vector<std::string>>()->value_name("NAME"),
     "only articles from this source, as their source: header names it "
     "(repeatable: any of them)")
    ("sort", po::value<std::string>()->value_name("ORDER")->default_value("relevance"),
     "relevance, newest or oldest")
    ("facets", "also count people, places, organisations, years and months "
     "over all matching articles")
    ("timeline", "also count the matching articles per day, month or year "
     "(by the span of their dates), drawn as a bar chart; each date shown "
     "given as --since and --until finds its count")
    ("facet-sample", NumberValue(0),
     "with --facets, when more than N articles match: choose the values "
     "shown from N of them (spread over the matches), then count those "
     "exactly; labelled as sampled (0: count every match; else at least "
     "1000)")
    ("like", po::value<std::string>()->value_name("ID"),
     "rank the articles most like article ID (an id as hits show it), by "
     "its most characteristic words, never ID itself; QUERY and the filters "
     "only narrow the matches (README.md, \"Related articles\")")
    ("related-by-entities", po::value<std::string>()->value_name("ID"),
     "rank the articles sharing the people, places and organisations of "
     "article ID, the rarer each in the index the more it counts; QUERY and "
     "the filters only narrow the matches")
    ("within-days", NumberValue(0),
     "with --like or --related-by-entities: only articles dated within N "
     "days of ID's date, either side (0: any date; at most 36500)")
    ("exact", "count matches exactly rather than estimating")
    ("no-suggest", "never suggest a spelling correction (\"Did you mean\")")
    ("no-collapse", "show every matching article: near-duplicate stories "
     "too (by default one per group, with \"and N similar\")")
    ("similar-to", po::value<std::string>()->value_name("ID"),
     "only the near duplicates of the article with this id, itself "
     "included (with no QUERY: all of them)")
    ("format", po::value<std::string>()->value_name("FORMAT")->default_value("text"),
     format_help.c_str())
    ("format-version", NumberValue(),
     "write machine formats as version N (default: the newest); exit 4 if "
     "this searcher cannot")
    ("count", "print only the number of matching articles, counted exactly")
    ("null,0", "with --format paths: end each path with a NUL byte, for "
     "xargs -0")
    ("highlight", po::value<std::string>()->value_name("HOW")->default_value("auto"),
     "text: mark query words with ansi (bold), markers or none; auto is ansi "
     "on a terminal, else none")
    ("highlight-markers", markers,
     "text: put OPEN and CLOSE around query words (implies --highlight markers)")
    ("batch", "read requests from stdin, one per line; answer each with a line "
     "of JSON")
    ("jobs,j", NumberValue(0), jobs_help.c_str())
    ("serve", po::value<std::string>()->value_name("[ADDR:]PORT"),
     "answer HTTP requests and serve the web page on PORT (0: any free port) "
     "of ADDR (default 127.0.0.1, this machine only; 0.0.0.0 for every "
     "network); SIGTERM or Ctrl-C stops it after the requests in flight")
    ("serve-clients", NumberValue(4),
     "--serve: requests answered at once (1 to 256); more get HTTP 503")
    ("connect-timeout", NumberValue(10000),
     "remote shards: milliseconds to wait for a connection to one (1 to "
     "3600000)")
    ("timeout", NumberValue(10000),
     "remote shards: milliseconds to wait for each answer of one (1 to "
     "3600000); one that takes longer is down")
    ("allow-missing-shards", "remote shards: answer from those that answer, "
     "naming the others (JSON: missing_shards; text: on stderr), rather "
     "than fail with exit 3")
    ("complete-name", po::value<std::string>()->value_name("TYPE:PREFIX"),
     "print the names of TYPE (person, place, org, group) in the index that "
     "start with PREFIX, as filters take them, most articles first, at most "
     "--limit, one per line (for shell completion)");
  // clang-format on
  return opts;
}

bool Given(const po::variables_map& vm, const char* name) {
  return vm.count(name) > 0 && !vm[name].defaulted();
}

// --like, --related-by-entities, --within-days.
void ToRelated(const po::variables_map& vm, SearchRequest& r) {
  if (vm.count("like")) r.like = vm["like"].as<std::string>();
  if (vm.count("related-by-entities"))
    r.related_by_entities = vm["related-by-entities"].as<std::string>();
  r.within_days = static_cast<size_t>(NumericOption(
      kInfo, vm, "within-days", 0, static_cast<int64_t>(kMaxWithinDays)));
  if (r.like && r.related_by_entities)
    UsageError(kInfo,
               "--like and --related-by-entities ask different questions: "
               "give one of them");
  const bool related = r.like || r.related_by_entities;
  if (Given(vm, "within-days") && !related)
    UsageError(kInfo,
               "--within-days does nothing without --like or "
               "--related-by-entities: leave it out");
  for (const char* name : {"expand", "no-expand"}) {
    if (related && vm.count(name))
      UsageError(kInfo, "--" + std::string(name) +
                            " does nothing with --like or "
                            "--related-by-entities: leave it out");
  }
}

SearchRequest ToRequest(const po::variables_map& vm) {
  SearchRequest r;
  for (const auto& word : Positionals(vm, "query")) {
    r.query += (r.query.empty() ? "" : " ") + word;
  }
  r.limit = static_cast<size_t>(
      NumericOption(kInfo, vm, "limit", 0, static_cast<int64_t>(kMaxLimit)));
  r.offset = static_cast<size_t>(
      NumericOption(kInfo, vm, "offset", 0, static_cast<int64_t>(kMaxOffset)));
  r.match_any = vm.count("any") > 0;
  r.plain_text = vm.count("plain") > 0;
  if (vm.count("expand") && vm.count("no-expand"))
    UsageError(kInfo, "--expand and --no-expand contradict each other");
  if (vm.count("expand") || vm.count("no-expand"))
    r.expand = vm.count("expand") > 0;
  if (vm.count("since")) r.since = vm["since"].as<std::string>();
  if (vm.count("until")) r.until = vm["until"].as<std::string>();
  const auto list = [&](const char* name) {
    return vm.count(name) ? vm[name].as<std::vector<std::string>>()
                          : std::vector<std::string>{};
  };
  r.persons = list("person");
  r.places = list("place");
  r.orgs = list("org");
  r.sources = list("source");
  const std::string sort = vm["sort"].as<std::string>();
  const auto order = ParseSortOrder(sort);
  if (!order)
    UsageError(kInfo, "unknown --sort '" + sort +
                          "' (valid: relevance, newest, oldest)");
  r.sort = *order;
  r.facets = vm.count("facets") > 0;
  r.facet_sample = static_cast<size_t>(NumericOption(
      kInfo, vm, "facet-sample", 0, static_cast<int64_t>(kMaxFacetSample)));
  if (r.facet_sample != 0 && r.facet_sample < kMinFacetSample)
    UsageError(kInfo, "--facet-sample must be 0 or from " +
                          std::to_string(kMinFacetSample) + " to " +
                          std::to_string(kMaxFacetSample) + ", got " +
                          std::to_string(r.facet_sample));
  ToRelated(vm, r);
  r.exact_total = vm.count("exact") > 0;
  r.timeline = vm.count("timeline") > 0;
  r.suggest = vm.count("no-suggest") == 0;
  r.collapse = vm.count("no-collapse") == 0;
  if (vm.count("similar-to")) {
    r.similar_to = vm["similar-to"].as<std::string>();
    if (r.similar_to->empty())
      UsageError(kInfo, "--similar-to needs an article id, got ''");
  }
  return r;
}

TextStyle ToTextStyle(const po::variables_map& vm) {
  TextStyle style;
  const std::string how = vm["highlight"].as<std::string>();
  if (vm.count("highlight-markers")) {
    if (Given(vm, "highlight") && how != "markers")
      UsageError(kInfo, "--highlight-markers needs --highlight markers, not '" +
                            how + "'");
    const auto& markers =
        vm["highlight-markers"].as<std::vector<std::string>>();
    style.highlight = Highlight::kMarkers;
    style.open = markers[0];
    style.close = markers[1];
  } else if (how == "auto") {
    style.highlight =
        IsColorTerminal(STDOUT_FILENO) ? Highlight::kAnsi : Highlight::kNone;
  } else if (const auto parsed = ParseHighlight(how)) {
    style.highlight = *parsed;
  } else {
    UsageError(kInfo, "unknown --highlight '" + how +
                          "' (valid: auto, ansi, markers, none)");
  }
  std::error_code ec;
  style.path_base = std::filesystem::current_path(ec).string();
  return style;
}

// What a run of the searcher does: one mode, chosen by --count, --batch or
// --complete-name, and for a search, the output format.
enum class Mode { kSearch, kCount, kBatch, kCompleteName };

// The options a mode has a use for, by mode and format. An option given
// where it would do nothing is refused, never silently ignored; one that
// restates what the mode does anyway (--exact with --count or --facets,
// --expand with --plain, --format-version 1) is accepted.
struct OptionUse {
  const char* name;  // as in Options()
  // Used by a search printed as text, json or jsonl, tsv, paths; by
  // --count, --batch and --complete-name.
  bool text, json, tsv, paths, count, batch, complete_name;
  const char* purpose = "";  // where it belongs, for the message
};

constexpr OptionUse kOptionUses[] = {
    {"limit", true, true, true, true, false, true, true},
    {"offset", true, true, true, true, false, true, false},
    {"any", true, true, true, true, true, true, false},
    {"plain", true, true, true, true, true, true, false},
    {"expand", true, true, true, true, false, true, false},
    {"no-expand", true, true, true, true, false, true, false},
    {"since", true, true, true, true, true, true, false},
    {"until", true, true, true, true, true, true, false},
    {"person", true, true, true, true, true, true, false},
    {"place", true, true, true, true, true, true, false},
    {"org", true, true, true, true, true, true, false},
    {"source", true, true, true, true, true, true, false},
    {"sort", true, true, true, true, false, true, false},
    {"facets", true, true, false, false, false, true, false},
    {"timeline", true, true, false, false, false, true, false},
    {"facet-sample", true, true, false, false, false, true, false},
    {"like", true, true, true, true, true, false, false,
     " (give each request a \"like\" field)"},
    {"related-by-entities", true, true, true, true, true, false, false,
     " (give each request a \"related_by_entities\" field)"},
    {"within-days", true, true, true, true, true, false, false,
     " (give each request a \"within_days\" field)"},
    {"exact", true, true, false, false, true, true, false},
    {"no-suggest", true, true, false, false, false, true, false,
     " (only text and json output show suggestions)"},
    {"no-collapse", true, true, true, true, false, true, false,
     " (it counts every match anyway)"},
    {"similar-to", true, true, true, true, true, true, false},
    {"format", true, true, true, true, false, true, false},
    {"format-version", true, true, true, true, true, true, false},
    {"null", false, false, false, true, false, false, false,
     " (it is for --format paths)"},
    {"highlight", true, false, false, false, false, false, false,
     " (it is for --format text)"},
    {"highlight-markers", true, false, false, false, false, false, false,
     " (it is for --format text)"},
    {"jobs", false, false, false, false, false, true, false,
     " (it is for --batch: a single query runs on one thread)"},
};

bool Uses(const OptionUse& use, Mode mode, OutputFormat format) {
  switch (mode) {
    case Mode::kCount:
      return use.count;
    case Mode::kBatch:
      return use.batch;
    case Mode::kCompleteName:
      return use.complete_name;
    case Mode::kSearch:
      break;
  }
  switch (format) {
    case OutputFormat::kText:
      return use.text;
    case OutputFormat::kJson:
    case OutputFormat::kJsonl:
      return use.json;
    case OutputFormat::kTsv:
      return use.tsv;
    case OutputFormat::kPaths:
      return use.paths;
  }
  return false;
}

// Refuses two modes at once, QUERY words where there is no query, and
// every option the mode chosen would ignore.
void RefuseUnusedOptions(const po::variables_map& vm,
                         const SearchOptions& options) {
  const bool complete_name = vm.count("complete-name") > 0;
  if (int{options.count} + int{options.batch} + int{complete_name} > 1)
    UsageError(kInfo,
               "--count, --batch and --complete-name are modes of their own: "
               "give one of them");
  const Mode mode = options.count   ? Mode::kCount
                    : options.batch ? Mode::kBatch
                    : complete_name ? Mode::kCompleteName
                                    : Mode::kSearch;
  const std::string mode_name =
      mode == Mode::kCount   ? "--count"
      : mode == Mode::kBatch ? "--batch"
      : mode == Mode::kCompleteName
          ? "--complete-name"
          : "--format " + std::string(OutputFormatName(options.format));
  if (!options.request.query.empty() &&
      (mode == Mode::kBatch || mode == Mode::kCompleteName)) {
    UsageError(kInfo,
               mode_name +
                   (mode == Mode::kBatch ? " reads its queries from stdin"
                                         : " lists names") +
                   ": give no QUERY arguments");
  }
  // --batch writes JSON, whose version --format-version chooses.
  if (mode == Mode::kBatch && Given(vm, "format") &&
      options.format != OutputFormat::kJson) {
    UsageError(kInfo,
               "--batch answers each request with one JSON object: leave "
               "out --format");
  }
  for (const OptionUse& use : kOptionUses) {
    if (!Given(vm, use.name) || Uses(use, mode, options.format)) continue;
    UsageError(kInfo, "--" + std::string(use.name) + " does nothing with " +
                          mode_name + use.purpose + ": leave it out");
  }
}

// --serve answers requests as --batch does, over HTTP: what the other
// modes and the output formats take would do nothing there.
void ParseServe(const po::variables_map& vm, SearchOptions& options) {
  const int64_t clients = NumericOption(kInfo, vm, "serve-clients", 1, 256);
  if (!vm.count("serve")) {
    if (Given(vm, "serve-clients"))
      UsageError(kInfo,
                 "--serve-clients does nothing without --serve: leave it out");
    return;
  }
  const std::string address = vm["serve"].as<std::string>();
  options.serve = ParseListenAddress(address);
  if (!options.serve)
    UsageError(kInfo, "--serve takes [ADDR:]PORT with PORT 0 to 65535, got '" +
                          Printable(address, 40) + "'");
  if (!options.request.query.empty())
    UsageError(kInfo,
               "--serve takes its queries over HTTP: give no QUERY arguments");
  for (const char* name : {"batch", "count", "complete-name", "format", "null",
                           "highlight", "highlight-markers", "jobs", "like",
                           "related-by-entities", "within-days"}) {
    if (Given(vm, name))
      UsageError(kInfo, "--" + std::string(name) +
                            " does nothing with --serve: leave it out");
  }
  options.serve_clients = static_cast<unsigned>(clients);
}

// A remote shard's timeout, given in milliseconds, at most an hour.
double Seconds(const po::variables_map& vm, const char* name) {
  return static_cast<double>(NumericOption(kInfo, vm, name, 1, 3600000)) / 1000;
}

SearchOptions ToSearchOptions(const po::variables_map& vm) {
  SearchOptions options;
  options.db = DbFlag(vm);
  options.shards.connect_timeout = Seconds(vm, "connect-timeout");
  options.shards.timeout = Seconds(vm, "timeout");
  options.shards.allow_missing = vm.count("allow-missing-shards") > 0;
  options.request = ToRequest(vm);
  const std::string format = vm["format"].as<std::string>();
  const auto parsed_format = ParseOutputFormat(format);
  if (!parsed_format)
    UsageError(kInfo, "unknown --format '" + format +
                          "' (valid: " + OutputFormatNames() + ")");
  options.format = *parsed_format;
  options.style = ToTextStyle(vm);
  options.count = vm.count("count") > 0;
  options.batch = vm.count("batch") > 0;
  options.jobs =
      static_cast<unsigned>(NumericOption(kInfo, vm, "jobs", 0, kMaxBatchJobs));
  if (vm.count("null")) options.path_terminator = '\0';
  ParseServe(vm, options);
  RefuseUnusedOptions(vm, options);
  if (vm.count("format-version")) {
    // Any integer is a version, and one this searcher cannot write is exit
    // code 4 (docs/json-format.md); only what is no integer is misuse.
    const std::string text = vm["format-version"].as<std::string>();
    const std::optional<int64_t> version = ParseDecimal(text);
    if (!version || *version < std::numeric_limits<int>::min() ||
        *version > std::numeric_limits<int>::max()) {
      UsageError(kInfo, "--format-version must be an integer, got '" +
                            Printable(text, 40) + "'");
    }
    options.format_version = static_cast<int>(*version);
    if (!IsSupportedFormatVersion(options.format_version)) {
      throw Error(ErrorKind::kFormatVersion,
                  "cannot write format version " +
                      std::to_string(options.format_version) +
                      " (this searcher writes versions: " +
                      SupportedFormatVersionNames() + ")");
    }
  }
  if (vm.count("complete-name")) {
    const std::string value = vm["complete-name"].as<std::string>();
    const size_t colon = value.find(':');
    const auto type = ParseEntityType(value.substr(0, colon));
    if (colon == std::string::npos || !type)
      UsageError(kInfo,
                 "--complete-name takes TYPE:PREFIX with TYPE one of "
                 "person, place, org, group; got '" +
                     value + "'");
    options.complete_name.emplace(*type, value.substr(colon + 1));
  }
  if (options.count) {
    // A count a script acts on should be the real number, not an estimate.
    options.request.limit = 0;
    options.request.exact_total = true;
  }
  return options;
}

std::unique_ptr<ResultPrinter> MakePrinter(const SearchOptions& options,
                                           std::ostream& out) {
  if (options.count) return MakeCountPrinter(out);
  switch (options.format) {
    case OutputFormat::kText:
      return MakeTextPrinter(out, options.style);
    case OutputFormat::kJson:
      return MakeJsonPrinter(out, options.format_version);
    case OutputFormat::kJsonl:
      return MakeJsonLinesPrinter(out, options.format_version);
    case OutputFormat::kPaths:
      return MakePathsPrinter(out, options.path_terminator);
    case OutputFormat::kTsv:
      return MakeTsvPrinter(out);
  }
  return MakeTextPrinter(out, options.style);
}

// "0 articles matched" from an index still being made is no answer.
void WarnIfFirstBuild(Searcher& searcher) {
  if (const auto building = searcher.FirstBuildProgress()) {
    std::cerr << kInfo.name << ": the index is being built for the first time ("
              << building->done << " of " << building->total
              << " files done): answers cover only what is indexed so far\n";
  }
}

// Serves until SIGTERM or SIGINT, which a thread of its own waits for:
// blocked before the server starts its threads, they reach only that one.
int Serve(const SearchOptions& options, const std::string& db_path) {
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  ServeOptions serve;
  serve.db_path = db_path;
  serve.address = *options.serve;
  serve.max_clients = options.serve_clients;
  serve.defaults = options.request;
  Server server(serve, std::cerr);
  std::cerr << kInfo.name << ": serving http://"
            << (serve.address.host.find(':') != std::string::npos
                    ? "[" + serve.address.host + "]"
                    : serve.address.host)
            << ":" << server.port() << "/ (index " << db_path << ")\n"
            << std::flush;
  std::atomic<bool> signalled = false;
  std::thread waiter([&] {
    int signal = 0;
    sigwait(&stop_signals, &signal);
    signalled = true;
    server.Stop();
  });
  server.Run();
  // Run() also returns when listening fails: wake the waiter.
  if (!signalled) pthread_kill(waiter.native_handle(), SIGTERM);
  waiter.join();
  return ToInt(ExitCode::kSuccess);
}

int Run(int argc, char** argv, FdOutputStream& out) {
  const auto vm = ParseCommandLine(argc, argv, kInfo, Options(), "query", out);
  if (!vm) return ToInt(ExitCode::kSuccess);
  const SearchOptions options = ToSearchOptions(*vm);
  if (options.serve)
    return Serve(options, ResolveDbPath(options.db, std::getenv(kDbEnvVar)));
  Searcher searcher(ResolveDbPath(options.db, std::getenv(kDbEnvVar)), {},
                    options.shards);

  if (options.complete_name) {
    const auto& [type, prefix] = *options.complete_name;
    const std::vector<FacetValue> names =
        searcher.EntityNames(type, prefix, options.request.limit);
    for (const FacetValue& name : names) out << Printable(name.key) << '\n';
    out.flush();
    out.ThrowIfFailed();
    return ToInt(names.empty() ? ExitCode::kNoResults : ExitCode::kSuccess);
  }

  if (options.batch) {
    WarnIfFirstBuild(searcher);
    const BatchSummary s =
        RunBatch(searcher, std::cin, out,
                 {options.request, options.format_version, options.jobs});
    out.ThrowIfFailed();
    if (!s.index_error.empty())
      throw Error(ErrorKind::kIndexCorrupt, s.index_error);
    if (s.damaged > 0) {
      std::cerr << kInfo.name << ": " << s.damaged << " of " << s.lines
                << (s.lines == 1 ? " request" : " requests")
                << " met a damaged article (error objects of kind 'article'):"
                   " run `indexer build --rebuild CORPUS_DIR`\n";
      return ToInt(ExitCode::kIndex);
    }
    if (s.rejected == 0) return ToInt(ExitCode::kSuccess);
    std::cerr << kInfo.name << ": " << s.rejected << " of " << s.lines
              << (s.lines == 1 ? " request" : " requests")
              << " got an error object\n";
    return ToInt(ExitCode::kUsage);
  }

  const SearchResult result = searcher.Search(options.request);
  WarnIfFirstBuild(searcher);
  for (const std::string& shard : result.missing_shards) {
    std::cerr << kInfo.name << ": shard '" << Printable(shard)
              << "' did not answer: its articles are left out\n";
  }
  MakePrinter(options, out)->Print(result);
  // A reader that closed the pipe early chose to stop; the exit code still
  // says whether anything matched.
  out.ThrowIfFailed();
  return ToInt(result.hits.empty() && result.totals.lower == 0
                   ? ExitCode::kNoResults
                   : ExitCode::kSuccess);
}

}  // namespace

int main(int argc, char** argv) {
  // A closed pipe (searcher ... | head -1) shows up as a failed write, which
  // FdOutputBuffer tells apart from other failures.
  std::signal(SIGPIPE, SIG_IGN);
  return RunMain(kInfo,
                 [&](FdOutputStream& out) { return Run(argc, argv, out); });
}
