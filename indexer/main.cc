// indexer: builds and updates a Gazette index from folders of articles.
#include <unistd.h>

#include <atomic>
#include <boost/program_options.hpp>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <iostream>

#include "common/cli_text.h"
#include "common/error.h"
#include "common/exit_code.h"
#include "common/index_builder.h"
#include "common/index_database.h"
#include "common/index_stats.h"
#include "common/version.h"

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
    "       indexer stats [--db PATH] [--format text|json] [--top N]\n";
const char kAbout[] =
    "build: index every *.txt article under the corpus directories. Updates\n"
    "  are incremental: new files are added, changed ones replaced, deleted\n"
    "  ones removed, unchanged ones skipped. Commits in batches, so an\n"
    "  interrupted build keeps what it committed and the next one finishes.\n"
    "stats: print article count, date range, top entities and index size.\n";
const char kExamples[] =
    "Examples:\n"
    "  indexer build corpus/\n"
    "  indexer build ~/news/2024 ~/news/2025 --db ~/news.db\n"
    "  indexer stats --format json\n";

po::options_description Options() {
  po::options_description opts("Options");
  // clang-format off
  opts.add_options()
    ("help,h", "show this help and exit")
    ("version", "show the version and exit")
    ("db", po::value<std::string>()->value_name("PATH"), "index to build or read")
    ("rebuild", "build: discard the index's contents and start afresh")
    ("jobs,j", po::value<unsigned>()->value_name("N")->default_value(0),
     "build: threads reading and analysing articles (0: one per core)")
    ("format", po::value<std::string>()->value_name("FORMAT")->default_value("text"),
     "stats: text or json")
    ("top", po::value<size_t>()->value_name("N")->default_value(10),
     "stats: entities to list per type");
  // clang-format on
  return opts;
}

[[noreturn]] void UsageError(const std::string& message) {
  throw Error(ErrorKind::kUsage, message + " (see indexer --help)");
}

class StderrReporter : public IndexReporter {
 public:
  explicit StderrReporter(bool progress) : progress_(progress) {}

  void Warning(std::string_view path, std::string_view message) override {
    ClearProgress();
    std::cerr << path << ": " << message << '\n';
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

int Build(const po::variables_map& vm, const std::vector<std::string>& args) {
  IndexOptions options;
  options.corpus_dirs = args;
  if (options.corpus_dirs.empty()) {
    UsageError(
        "build needs at least one corpus directory, as in `indexer build "
        "corpus/`");
  }
  options.db_path = ResolveDbPath(
      vm.count("db") ? std::optional(vm["db"].as<std::string>()) : std::nullopt,
      std::getenv(kDbEnvVar));
  options.rebuild = vm.count("rebuild") > 0;
  options.jobs = vm["jobs"].as<unsigned>();
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

  std::cout << (s.interrupted ? "interrupted: " : "indexed: ") << s.added
            << " new, " << s.updated << " updated, " << s.removed
            << " removed, " << s.unchanged << " unchanged, " << s.skipped
            << " skipped, " << s.ignored << " not articles; " << s.articles
            << " articles in " << options.db_path << " (" << std::fixed;
  std::cout.precision(1);
  std::cout << s.seconds << " s)\n";
  if (s.interrupted) {
    std::cerr << "indexer: interrupted; what was indexed is committed: run the "
                 "same command again to finish\n";
    return g_signal == SIGTERM ? 143 : ToInt(ExitCode::kInterrupted);
  }
  return ToInt(s.skipped > 0 ? ExitCode::kNoResults : ExitCode::kSuccess);
}

int Stats(const po::variables_map& vm, const std::vector<std::string>& args) {
  if (!args.empty())
    UsageError("stats takes no arguments, got '" + args.front() + "'");
  const std::string format = vm["format"].as<std::string>();
  const auto parsed = ParseOutputFormat(format);
  if (!parsed)
    UsageError("unknown --format '" + format + "' (valid: text, json)");
  const std::string db = ResolveDbPath(
      vm.count("db") ? std::optional(vm["db"].as<std::string>()) : std::nullopt,
      std::getenv(kDbEnvVar));
  PrintIndexStats(std::cout, ComputeIndexStats(db, vm["top"].as<size_t>()),
                  *parsed);
  return ToInt(ExitCode::kSuccess);
}

int Run(int argc, char** argv) {
  const po::options_description visible = Options();
  po::options_description all;
  all.add(visible).add_options()("args", po::value<std::vector<std::string>>());
  po::positional_options_description positional;
  positional.add("args", -1);
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(argc, argv)
                  .options(all)
                  .positional(positional)
                  .run(),
              vm);
    po::notify(vm);
  } catch (const po::error& e) {
    UsageError(e.what());
  }
  if (vm.count("help")) {
    std::cout << kUsage << '\n'
              << kAbout << '\n'
              << visible << '\n'
              << DbLocationHelp() << '\n'
              << ExitCodeHelp(Program::kIndexer) << '\n'
              << kExamples;
    return ToInt(ExitCode::kSuccess);
  }
  if (vm.count("version")) {
    std::cout << "indexer (Gazette) " << kVersion << '\n';
    return ToInt(ExitCode::kSuccess);
  }
  std::vector<std::string> args;
  if (vm.count("args")) args = vm["args"].as<std::vector<std::string>>();
  if (args.empty()) UsageError("missing command: build or stats");
  const std::string command = args.front();
  args.erase(args.begin());
  if (command == "build") return Build(vm, args);
  if (command == "stats") return Stats(vm, args);
  UsageError("unknown command '" + command + "' (valid: build, stats)");
}

}  // namespace

int main(int argc, char** argv) {
  std::signal(SIGPIPE, SIG_IGN);
  try {
    return Run(argc, argv);
  } catch (const Error& e) {
    std::cerr << "indexer: " << e.what() << '\n';
    return ToInt(ExitCodeFor(e.kind()));
  } catch (const Xapian::Error& e) {
    std::cerr << "indexer: " << e.get_description() << '\n';
    return ToInt(ExitCode::kIndex);
  } catch (const std::exception& e) {
    std::cerr << "indexer: " << e.what() << '\n';
    return ToInt(ExitCode::kIndex);
  }
}
