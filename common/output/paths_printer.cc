// The paths printer: one article file per line (or per NUL), for xargs.
#include <string_view>
#include <unordered_set>

#include "gazette/printers.h"

namespace gazette {
namespace {

class PathsPrinter : public ResultPrinter {
 public:
  PathsPrinter(std::ostream& out, char terminator)
      : out_(out), terminator_(terminator) {}

  // Each file once, at its best hit: a JSON Lines file holds many articles.
  void Print(const SearchResult& result) override {
    std::unordered_set<std::string_view> printed;
    for (const Hit& hit : result.hits) {
      if (!printed.insert(hit.path).second) continue;
      out_ << hit.path << terminator_;
      if (!out_) return;
    }
    out_.flush();
  }

 private:
  std::ostream& out_;
  char terminator_;
};

}  // namespace

std::unique_ptr<ResultPrinter> MakePathsPrinter(std::ostream& out,
                                                char terminator) {
  return std::make_unique<PathsPrinter>(out, terminator);
}

}  // namespace gazette
