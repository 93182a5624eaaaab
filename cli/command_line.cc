#include "cli/command_line.h"

#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <iostream>
#include <sstream>
#include <string_view>

#include "cli/exit_code.h"
#include "common/index/xapian_error.h"
#include "gazette/error.h"
#include "gazette/version.h"

namespace po = boost::program_options;

namespace gazette {

po::options_description StandardOptions(const char* db_help) {
  po::options_description opts("Options");
  opts.add_options()("help,h", "show this help and exit")(
      "version", "show the version and exit")(
      "db", po::value<std::string>()->value_name("PATH"), db_help);
  return opts;
}

namespace {

// Boost leaves a single space between the longest option and its
// description; help2man, and readers, need two to see where the option
// ends. Such a description moves to the next line, at its column.
std::string OptionsHelp(const po::options_description& options) {
  std::ostringstream printed;
  printed << options;
  const std::string text = printed.str();
  // Continuation lines start with spaces up to the description column.
  size_t column = 0;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    const size_t first = line.find_first_not_of(' ');
    if (first > 2 && first != std::string::npos) column = first;
  }
  std::string out;
  lines = std::istringstream(text);
  for (std::string line; std::getline(lines, line);) {
    if (column > 2 && line.size() > column && line.rfind("  -", 0) == 0 &&
        line[column - 1] == ' ' && line[column - 2] != ' ') {
      out += line.substr(0, column - 1) + '\n' + std::string(column, ' ') +
             line.substr(column) + '\n';
    } else {
      out += line + '\n';
    }
  }
  return out;
}

}  // namespace

std::optional<po::variables_map> ParseCommandLine(
    int argc, char** argv, const ProgramInfo& info,
    const po::options_description& visible, const char* positional,
    std::ostream& out) {
  po::options_description all;
  all.add(visible).add_options()(positional,
                                 po::value<std::vector<std::string>>());
  po::positional_options_description positionals;
  positionals.add(positional, -1);
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(argc, argv)
                  .options(all)
                  .positional(positionals)
                  .run(),
              vm);
    po::notify(vm);
  } catch (const po::error& e) {
    UsageError(info, e.what());
  }
  if (vm.count("help")) {
    out << info.usage << '\n'
        << info.about << '\n'
        << OptionsHelp(visible) << '\n'
        << DbLocationHelp() << '\n'
        << ExitCodeHelp(info.program) << '\n'
        << info.examples;
    return std::nullopt;
  }
  if (vm.count("version")) {
    out << info.name << " (Gazette) " << kVersion << '\n';
    return std::nullopt;
  }
  return vm;
}

std::vector<std::string> Positionals(const po::variables_map& vm,
                                     const char* positional) {
  if (!vm.count(positional)) return {};
  return vm[positional].as<std::vector<std::string>>();
}

std::optional<std::string> DbFlag(const po::variables_map& vm) {
  if (!vm.count("db")) return std::nullopt;
  return vm["db"].as<std::string>();
}

void UsageError(const ProgramInfo& info, const std::string& message) {
  throw Error(ErrorKind::kUsage,
              message + " (see " + std::string(info.name) + " --help)");
}

namespace {

const ProgramInfo* g_program = nullptr;
FdOutputStream* g_out = nullptr;

// Prints the exception being handled as one line and returns its exit code.
int ReportCurrentException(const ProgramInfo& info, std::string_view suffix) {
  const Error error = CurrentExceptionAsError();
  std::cerr << info.name << ": " << error.what() << suffix << '\n';
  return ToInt(ExitCodeFor(error.kind()));
}

// Xapian 1.4 can throw out of a destructor inside WritableDatabase::commit()
// when the disk fills up, which ends in std::terminate. The index on disk is
// still as of its last commit; say what happened and exit with the code the
// error maps to instead of aborting with a core dump.
[[noreturn]] void OnTerminate() {
  // Xapian sometimes calls std::terminate() with no exception in flight;
  // the failed system call's error is then the best clue there is.
  const int saved_errno = errno;
  int code = ToInt(ExitCode::kIndex);
  if (std::current_exception()) {
    try {
      std::rethrow_exception(std::current_exception());
    } catch (...) {
      code = ReportCurrentException(
          *g_program, "; stopped at once (the index is as of its last commit)");
    }
  } else {
    std::cerr << g_program->name << ": internal error in Xapian"
              << (saved_errno != 0 ? std::string(" (last system error: ") +
                                         std::strerror(saved_errno) + ")"
                                   : std::string())
              << "; stopped at once (the index is as of its last commit)\n";
  }
  if (g_out != nullptr) g_out->flush();
  std::_Exit(code);
}

}  // namespace

int RunMain(const ProgramInfo& info,
            const std::function<int(FdOutputStream& out)>& body) {
  g_program = &info;
  FdOutputStream out(STDOUT_FILENO);
  g_out = &out;
  std::set_terminate(OnTerminate);
  int code = 0;
  try {
    code = body(out);
    out.ThrowIfFailed();
  } catch (...) {
    code = ReportCurrentException(info, "");
  }
  g_out = nullptr;
  return code;
}

}  // namespace gazette
