#include "cli/cli_text.h"

#include <unistd.h>

#include <cstdlib>
#include <cstring>

#include "cli/db_path.h"
#include "cli/exit_code.h"

namespace gazette {

std::string ExitCodeHelp(Program program) {
  // Meanings wrap at 80 columns under their first word, as options do.
  constexpr size_t kIndent = 7;
  constexpr size_t kWidth = 80;
  std::string text = "Exit codes:\n";
  for (const ExitCodeDoc& row : ExitCodeTable()) {
    const std::string_view meaning =
        program == Program::kSearcher ? row.searcher : row.indexer;
    if (meaning == "-") continue;
    std::string line = "  " + std::to_string(row.code);
    line.resize(kIndent, ' ');
    size_t start = 0;
    bool first_word = true;
    while (start < meaning.size()) {
      size_t end = meaning.find(' ', start);
      if (end == std::string_view::npos) end = meaning.size();
      const std::string_view word = meaning.substr(start, end - start);
      if (!first_word && line.size() + 1 + word.size() > kWidth) {
        text += line + '\n';
        line.assign(kIndent, ' ');
        first_word = true;
      }
      if (!first_word) line += ' ';
      line += word;
      first_word = false;
      start = end + 1;
    }
    text += line + '\n';
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
