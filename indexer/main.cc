// indexer: builds and updates a Gazette index from folders of articles.
#include <unistd.h>

#include <atomic>
#include <boost/program_options.hpp>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>
#include <utility>

#include "cli/command_line.h"
#include "cli/db_path.h"
#include "cli/exit_code.h"
#include "cli/numeric_option.h"
#include "common/base/printable.h"
#include "gazette/error.h"
#include "gazette/index_builder.h"
#include "gazette/index_stats.h"
#include "gazette/printers.h"

namespace po = boost::program_options;
using namespace gazette;

namespace {

std::atomic<bool> g_stop{false};
volatile std::sig_atomic_t g_signal = 0;

extern "C" void OnSignal(int signal) {
  g_signal = signal;
  g_stop.store(true);
}

const char kUsage[] =
    "Usage: indexer build CORPUS_DIR... [--db PATH] [--rebuild] [--jobs N]\n"
    "                     [--commit-every N] [--corrections FILE]\n"
    "                     [--shards N] [--changesets N]\n"
    "  or:  indexer stats [--db PATH] [--format text|json] [--top N]\n";
const char kAbout[] =
    "build: index every *.txt article and *.jsonl file (one article per\n"
    "  line) under the corpus directories. Updates are incremental: new\n"
    "  files are added, changed ones replaced, deleted ones removed,\n"
    "  unchanged ones skipped. Commits in batches, so an interrupted build\n"
    "  keeps what it committed and the next one finishes.\n"
    "stats: print article count, date range, top entities and index size.\n"
    "Each option is for the command its help names; given to the other one,\n"
    "where it would do nothing, it is refused.\n";
const char kExamples[] =
    "Examples:\n"
    "  indexer build corpus/\n"
    "  indexer build ~/news/2024 ~/news/2025 --db ~/news.db\n"
    "  indexer build corpus/ --corrections corpus-fixes.txt\n"
    "  indexer stats --format json\n";

// Each shard is a database with its own files and lock: past a few hundred
// they cost more than they spread.
constexpr int64_t kMaxShards = 1024;

const ProgramInfo kInfo = {Program::kIndexer, "indexer", kUsage, kAbout,
                           kExamples};

po::options_description Options() {
  po::options_description opts = StandardOptions("index to build or read");
  const std::string jobs_help =
      "build: threads reading and analysing articles, and writing a new "
      "index in shards, merged at the end (0: one per core; at most " +
      std::to_string(kMaxIndexJobs) + ")";
  const std::string commit_help = "build: articles between commits (1 to " +
                                  std::to_string(kMaxCommitEvery) +
                                  "); after a crash the next build redoes at "
                                  "most N";
  const std::string shards_help =
      "build: write the index as N shards, 1 to " + std::to_string(kMaxShards) +
      " (a directory of databases and the stub XAPIANDB listing them; see "
      "README, \"Serving shards\"); an index keeps its count, which only "
      "--rebuild changes (default: the index's, 1 for a new one)";
  const std::string changesets_help =
      "build: keep the changes of the last N commits in each database (0 to " +
      std::to_string(kMaxChangesets) +
      "), so that a replica made by xapian-replicate catches up by them "
      "rather than by a full copy; later builds keep the number (README, "
      "\"Replicas\"; default: $XAPIAN_MAX_CHANGESETS, else the index's, "
      "else 0)";
  const std::string top_help = "stats: entities to list per type (at most " +
                               std::to_string(kMaxStatsTop) + ")";
  // clang-format off
  opts.add_options()
    ("rebuild", "build: make a new index from scratch; it replaces the old "
     "one only when complete")
    ("jobs,j", NumberValue(0), jobs_help.c_str())
    ("commit-every", NumberValue(IndexOptions{}.commit_every),
     commit_help.c_str())
    ("corrections", po::value<std::string>()->value_name("FILE"),
     "build: merges, renames, type changes and names to hide, applied to "
     "every article's entities (docs/corrections.md); later builds read the "
     "same file again unless given another, or '' for none; when what it "
     "says changes, every article is analysed again")
    ("shards", NumberValue(), shards_help.c_str())
    ("changesets", NumberValue(), changesets_help.c_str())
    ("format", po::value<std::string>()->value_name("FORMAT")->default_value("text"),
     "stats: text or json")
    ("top", NumberValue(10), top_help.c_str());
  // clang-format on
  return opts;
}

class StderrReporter : public IndexReporter {
 public:
  explicit StderrReporter(bool progress) : progress_(progress) {}

  void Warning(std::string_view path, std::string_view message) override {
    ClearProgress();
    // One line per problem, whatever bytes the file name holds.
    std::cerr << Printable(path) << ": " << Printable(message) << '\n';
  }

  void Progress(const IndexProgress& p) override {
    if (!progress_) return;
    const double percent = p.total ? 100.0 * static_cast<double>(p.done) /
                                         static_cast<double>(p.total)
                                   : 100.0;
    std::fprintf(stderr, "\rindexing: %zu/%zu files (%.0f%%), %.1f s", p.done,
                 p.total, percent, p.seconds);
    std::fflush(stderr);
    shown_ = true;
  }

  void ClearProgress() {
    if (shown_) std::fputs("\r\x1b[K", stderr);
    shown_ = false;
  }

 private:
  bool progress_;
  bool shown_ = false;
};

// Each option is for one command; given to the other, where it would do
// nothing, it is refused rather than ignored.
constexpr std::pair<const char*, const char*> kCommandOfOption[] = {
    {"rebuild", "build"},     {"jobs", "build"},   {"commit-every", "build"},
    {"corrections", "build"}, {"shards", "build"}, {"changesets", "build"},
    {"format", "stats"},      {"top", "stats"},
};

void RefuseOptionsOfOtherCommand(const po::variables_map& vm,
                                 const std::string& command) {
  for (const auto& [name, owner] : kCommandOfOption) {
    if (vm.count(name) == 0 || vm[name].defaulted() || owner == command)
      continue;
    UsageError(kInfo, "--" + std::string(name) + " does nothing with " +
                          command + " (it is for " + owner + "): leave it out");
  }
}

int Build(const po::variables_map& vm, const std::vector<std::string>& args,
          std::ostream& out) {
  IndexOptions options;
  options.corpus_dirs = args;
  if (options.corpus_dirs.empty()) {
    UsageError(
        kInfo,
        "build needs at least one corpus directory, as in `indexer build "
        "corpus/`");
  }
  options.db_path = ResolveDbPath(DbFlag(vm), std::getenv(kDbEnvVar));
  options.rebuild = vm.count("rebuild") > 0;
  options.jobs =
      static_cast<unsigned>(NumericOption(kInfo, vm, "jobs", 0, kMaxIndexJobs));
  options.commit_every = static_cast<size_t>(
      NumericOption(kInfo, vm, "commit-every", 1, kMaxCommitEvery));
  if (vm.count("corrections") > 0)
    options.corrections = vm["corrections"].as<std::string>();
  if (vm.count("shards")) {
    options.shards =
        static_cast<size_t>(NumericOption(kInfo, vm, "shards", 1, kMaxShards));
  }
  if (vm.count("changesets")) {
    options.changesets = static_cast<uint32_t>(
        NumericOption(kInfo, vm, "changesets", 0, kMaxChangesets));
  }
  options.stop = &g_stop;

  struct sigaction action {};
  action.sa_handler = OnSignal;
  // A second Ctrl-C kills at once, for the impatient.
  action.sa_flags = SA_RESETHAND;
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);

  StderrReporter reporter(isatty(STDERR_FILENO));
  const IndexSummary s = BuildIndex(options, reporter);
  reporter.ClearProgress();
  for (const auto& [root, label] : s.new_labels) {
    std::cerr << "indexer: ids of the articles under " << Printable(root)
              << " start with '" << Printable(label)
              << "/' (several corpus directories; README.md, \"Article "
                 "ids\")\n";
  }

  out << (s.interrupted ? "interrupted: " : "indexed: ") << s.added << " new, "
      << s.updated << " updated, " << s.removed << " removed, " << s.unchanged
      << " unchanged, " << s.skipped << " skipped, " << s.ignored
      << " not articles; " << s.articles
      << (s.articles == 1 ? " article in " : " articles in ") << options.db_path
      << " (" << std::fixed;
  out.precision(1);
  out << s.seconds << " s)\n";
  if (s.rebuild_abandoned) {
    std::cerr << "indexer: interrupted; the rebuild was abandoned and the "
                 "index is as it was before: run the same command again\n";
    return g_signal == SIGTERM ? 143 : ToInt(ExitCode::kInterrupted);
  }
  if (s.interrupted) {
    std::cerr << "indexer: interrupted; what was indexed is committed: run the "
                 "same command again to finish\n";
    return g_signal == SIGTERM ? 143 : ToInt(ExitCode::kInterrupted);
  }
  return ToInt(s.skipped > 0 || s.empty_dirs > 0 ? ExitCode::kNoResults
                                                 : ExitCode::kSuccess);
}

int Stats(const po::variables_map& vm, const std::vector<std::string>& args,
          std::ostream& out) {
  if (!args.empty())
    UsageError(kInfo, "stats takes no arguments, got '" + args.front() + "'");
  const std::string format = vm["format"].as<std::string>();
  const auto parsed = ParseOutputFormat(format);
  if (!parsed ||
      (*parsed != OutputFormat::kText && *parsed != OutputFormat::kJson))
    UsageError(kInfo, "unknown --format '" + format + "' (valid: text, json)");
  const auto top =
      static_cast<size_t>(NumericOption(kInfo, vm, "top", 0, kMaxStatsTop));
  const std::string db = ResolveDbPath(DbFlag(vm), std::getenv(kDbEnvVar));
  PrintIndexStats(out, ComputeIndexStats(db, top), *parsed);
  return ToInt(ExitCode::kSuccess);
}

int Run(int argc, char** argv, std::ostream& out) {
  const auto vm = ParseCommandLine(argc, argv, kInfo, Options(), "args", out);
  if (!vm) return ToInt(ExitCode::kSuccess);
  std::vector<std::string> args = Positionals(*vm, "args");
  if (args.empty()) UsageError(kInfo, "missing command: build or stats");
  const std::string command = args.front();
  args.erase(args.begin());
  if (command != "build" && command != "stats")
    UsageError(kInfo,
               "unknown command '" + command + "' (valid: build, stats)");
  RefuseOptionsOfOtherCommand(*vm, command);
  return command == "build" ? Build(*vm, args, out) : Stats(*vm, args, out);
}

}  // namespace

int main(int argc, char** argv) {
  std::signal(SIGPIPE, SIG_IGN);
  return RunMain(kInfo,
                 [&](FdOutputStream& out) { return Run(argc, argv, out); });
}
