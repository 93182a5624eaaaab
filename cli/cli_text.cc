#include "cli/cli_text.h"

#include <unistd.h>

#include <cstdlib>
#include <cstring>

#include "common/exit_code.h"
#include "common/index_database.h"

namespace gazette {

std::string ExitCodeHelp(Program program) {
  std::string text = "Exit codes:\n";
  for (const ExitCodeDoc& row : ExitCodeTable()) {
    const std::string_view meaning =
        program == Program::kSearcher ? row.searcher : row.indexer;
    if (meaning == "-") continue;
    text += "  " + std::to_string(row.code) + (row.code < 10 ? "    " : "  ");
    text += meaning;
    text += '\n';
  }
  return text;
}

std::string DbLocationHelp() {
  return std::string("The index is --db PATH if given, else $") + kDbEnvVar +
         ", else " + kDefaultDbPath + ".\n";
}

bool IsColorTerminal(int fd) {
  if (!isatty(fd)) return false;
  const char* term = std::getenv("TERM");
  if (term != nullptr && std::strcmp(term, "dumb") == 0) return false;
  const char* no_color = std::getenv("NO_COLOR");
  return no_color == nullptr || *no_color == '\0';
}

}  // namespace gazette
