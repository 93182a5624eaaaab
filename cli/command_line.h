// Command-line plumbing shared by indexer and searcher: parsing with
// Boost.Program_options, --help and --version, and the one try/catch that
// turns errors into a message and an exit code. Boost stays out of common/.
#ifndef GAZETTE_CLI_COMMAND_LINE_H_
#define GAZETTE_CLI_COMMAND_LINE_H_

#include <boost/program_options.hpp>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "cli/cli_text.h"
#include "cli/output_stream.h"

namespace gazette {

struct ProgramInfo {
  Program program;
  const char* name;      // "searcher"
  const char* usage;     // "Usage: ..." lines
  const char* about;     // what it does
  const char* examples;  // "Examples:" and lines
};

// "Options" with --help, --version and --db PATH (described by db_help),
// for the program to add its own to.
boost::program_options::options_description StandardOptions(
    const char* db_help);

// Parses argv: the visible options plus every positional argument collected
// under `positional` as a vector<string>. Prints --help or --version to
// `out` (standard output) and returns nullopt when asked for them. Throws
// Error(kUsage) for a bad command line.
std::optional<boost::program_options::variables_map> ParseCommandLine(
    int argc, char** argv, const ProgramInfo& info,
    const boost::program_options::options_description& visible,
    const char* positional, std::ostream& out);

// The positional arguments collected by ParseCommandLine.
std::vector<std::string> Positionals(
    const boost::program_options::variables_map& vm, const char* positional);

// --db, if given.
std::optional<std::string> DbFlag(
    const boost::program_options::variables_map& vm);

// Throws Error(kUsage) with the message and a pointer to --help.
[[noreturn]] void UsageError(const ProgramInfo& info,
                             const std::string& message);

// Runs body with the program's standard output, turning any exception into
// "NAME: message" on stderr and the exit code its kind maps to. Whatever
// body wrote is flushed when it returns: a write that failed for any reason
// but a closed pipe (the reader's choice) is Error(kOutput), exit code 5,
// for both programs, --help and --version included. Also installs a
// std::terminate handler that does the same and exits at once, for an
// exception thrown where it cannot be caught (Xapian can throw out of a
// destructor when the disk is full).
int RunMain(const ProgramInfo& info,
            const std::function<int(FdOutputStream& out)>& body);

}  // namespace gazette

#endif  // GAZETTE_CLI_COMMAND_LINE_H_
