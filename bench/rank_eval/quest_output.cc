#include "bench/rank_eval/quest_output.h"

#include <regex>
#include <string>

#include "bench/rank_eval/collection.h"

namespace gazette::eval {

Ranking ParseQuestOutput(std::string_view output) {
  static const std::regex kHit(R"(^\d+: \[([-+0-9.eE]+)\]$)");
  Ranking ranking;
  bool want_url = false;
  size_t pos = 0;
  while (pos < output.size()) {
    const size_t end = std::min(output.find('\n', pos), output.size());
    const std::string line(output.substr(pos, end - pos));
    pos = end + 1;
    std::smatch m;
    if (std::regex_match(line, m, kHit)) {
      if (want_url) throw FormatError("quest output: a hit without url=");
      ranking.push_back({"", std::stod(m[1].str())});
      want_url = true;
      continue;
    }
    if (want_url && line.starts_with("url=")) {
      std::string name = line.substr(line.find_last_of('/') + 1);
      if (name.ends_with(".txt")) name.resize(name.size() - 4);
      ranking.back().doc = name;
      want_url = false;
    }
  }
  if (want_url) throw FormatError("quest output: a hit without url=");
  return ranking;
}

}  // namespace gazette::eval
