// The paths printer: one article file per line (or per NUL), for xargs.
#include "gazette/printers.h"

namespace gazette {
namespace {

class PathsPrinter : public ResultPrinter {
 public:
  PathsPrinter(std::ostream& out, char terminator)
      : out_(out), terminator_(terminator) {}

  void Print(const SearchResult& result) override {
    for (const Hit& hit : result.hits) {
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
