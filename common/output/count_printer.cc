// The count printer: only how many articles matched (searcher --count).
#include "gazette/printers.h"

namespace gazette {
namespace {

class CountPrinter : public ResultPrinter {
 public:
  explicit CountPrinter(std::ostream& out) : out_(out) {}

  void Print(const SearchResult& result) override {
    out_ << result.totals.lower << '\n';
    out_.flush();
  }

 private:
  std::ostream& out_;
};

}  // namespace

std::unique_ptr<ResultPrinter> MakeCountPrinter(std::ostream& out) {
  return std::make_unique<CountPrinter>(out);
}

}  // namespace gazette
