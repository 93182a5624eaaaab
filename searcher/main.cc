// searcher: answers ranked queries over a Gazette index.
#include <unistd.h>

#include <boost/program_options.hpp>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <sstream>

#include "cli/command_line.h"
#include "common/error.h"
#include "common/exit_code.h"
#include "common/index_database.h"
#include "common/result_printer.h"
#include "common/searcher.h"

namespace po = boost::program_options;
using namespace gazette;

namespace {

enum class Color { kAuto, kAlways, kNever };

struct SearchOptions {
  SearchRequest request;
  std::optional<std::string> db;
  OutputFormat format = OutputFormat::kText;
  Color color = Color::kAuto;
};

const char kUsage[] = "Usage: searcher [OPTIONS] QUERY...\n";
const char kAbout[] =
    "Search a Gazette index and print the best-matching articles, with\n"
    "dates, paths and snippets in which the query's words are highlighted.\n";
const char kExamples[] =
    "Examples:\n"
    "  searcher \"Golan talks\"\n"
    "  searcher --person al-sharaa --since 2025-05 talks\n"
    "  searcher '\"security official\" NEAR Quneitra' --sort newest\n"
    "  searcher 'place:syria date:2025-05..2025-06' --facets --format json\n";

const ProgramInfo kInfo = {Program::kSearcher, "searcher", kUsage, kAbout,
                           kExamples};

po::options_description Options() {
  po::options_description opts = StandardOptions("index to search");
  // clang-format off
  opts.add_options()
    ("limit,n", po::value<size_t>()->value_name("N")->default_value(10), "hits to show")
    ("offset", po::value<size_t>()->value_name("N")->default_value(0),
     "hits to skip first (for paging)")
    ("any", "match articles with any of the words (default: all)")
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
    ("sort", po::value<std::string>()->value_name("ORDER")->default_value("relevance"),
     "relevance, newest or oldest")
    ("facets", "also count people, places, organisations, years and months "
     "over all matching articles")
    ("exact", "count matches exactly rather than estimating")
    ("format", po::value<std::string>()->value_name("FORMAT")->default_value("text"),
     "text or json (docs/json-format.md)")
    ("color", po::value<std::string>()->value_name("WHEN")->default_value("auto"),
     "auto, always or never: bold highlights in text output");
  // clang-format on
  return opts;
}

SearchOptions ToSearchOptions(const po::variables_map& vm) {
  SearchOptions options;
  SearchRequest& r = options.request;
  options.db = DbFlag(vm);
  for (const auto& word : Positionals(vm, "query")) {
    r.query += (r.query.empty() ? "" : " ") + word;
  }
  r.limit = vm["limit"].as<size_t>();
  r.offset = vm["offset"].as<size_t>();
  r.match_any = vm.count("any") > 0;
  if (vm.count("since")) r.since = vm["since"].as<std::string>();
  if (vm.count("until")) r.until = vm["until"].as<std::string>();
  const auto list = [&](const char* name) {
    return vm.count(name) ? vm[name].as<std::vector<std::string>>()
                          : std::vector<std::string>{};
  };
  r.persons = list("person");
  r.places = list("place");
  r.orgs = list("org");
  const std::string sort = vm["sort"].as<std::string>();
  const auto order = ParseSortOrder(sort);
  if (!order)
    UsageError(kInfo, "unknown --sort '" + sort +
                          "' (valid: relevance, newest, oldest)");
  r.sort = *order;
  r.facets = vm.count("facets") > 0;
  r.exact_total = vm.count("exact") > 0;
  const std::string format = vm["format"].as<std::string>();
  const auto parsed_format = ParseOutputFormat(format);
  if (!parsed_format)
    UsageError(kInfo, "unknown --format '" + format + "' (valid: text, json)");
  options.format = *parsed_format;
  const std::string color = vm["color"].as<std::string>();
  if (color == "auto") {
    options.color = Color::kAuto;
  } else if (color == "always") {
    options.color = Color::kAlways;
  } else if (color == "never") {
    options.color = Color::kNever;
  } else {
    UsageError(kInfo,
               "unknown --color '" + color + "' (valid: auto, always, never)");
  }
  return options;
}

int Run(int argc, char** argv) {
  const auto vm = ParseCommandLine(argc, argv, kInfo, Options(), "query");
  if (!vm) return ToInt(ExitCode::kSuccess);
  const SearchOptions options = ToSearchOptions(*vm);
  Searcher searcher(ResolveDbPath(options.db, std::getenv(kDbEnvVar)));
  const SearchResult result = searcher.Search(options.request);

  std::unique_ptr<ResultPrinter> printer;
  if (options.format == OutputFormat::kJson) {
    printer = MakeJsonPrinter(std::cout);
  } else {
    TextStyle style;
    style.color =
        options.color == Color::kAlways ||
        (options.color == Color::kAuto && IsColorTerminal(STDOUT_FILENO));
    std::error_code ec;
    style.path_base = std::filesystem::current_path(ec).string();
    printer = MakeTextPrinter(std::cout, style);
  }
  printer->Print(result);
  return ToInt(result.hits.empty() && result.totals.lower == 0
                   ? ExitCode::kNoResults
                   : ExitCode::kSuccess);
}

}  // namespace

int main(int argc, char** argv) {
  // A closed pipe (searcher ... | head -1) shows up as a failed write, which
  // is the reader's choice, not an error.
  std::signal(SIGPIPE, SIG_IGN);
  return RunMain(kInfo, [&] { return Run(argc, argv); });
}
