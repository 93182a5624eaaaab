// Text shared by both command-line programs: the exit-code table for
// --help, and terminal detection. No option parsing lives here.
#ifndef GAZETTE_CLI_CLI_TEXT_H_
#define GAZETTE_CLI_CLI_TEXT_H_

#include <string>

namespace gazette {

enum class Program { kIndexer, kSearcher };

// "Exit codes:" and one line per code that applies to the program.
std::string ExitCodeHelp(Program program);

// The index location rule, as --help states it.
std::string DbLocationHelp();

// True if fd is a terminal that can show ANSI styles ($TERM is not "dumb"
// and $NO_COLOR is unset).
bool IsColorTerminal(int fd);

}  // namespace gazette

#endif  // GAZETTE_CLI_CLI_TEXT_H_
