// The parts of a wire story that are not running text: the byline ("By
// Janie Gabbett, Reuters"), the dateline ("RED BANK, N.J., March 11 -"),
// ticker symbols ("<HOV>") and the agency's sign-off ("REUTER"), found so
// that the entity finder reads each for what it is.
#ifndef GAZETTE_COMMON_ENTITIES_NEWS_LAYOUT_H_
#define GAZETTE_COMMON_ENTITIES_NEWS_LAYOUT_H_

#include <cstdint>
#include <string_view>
#include <vector>

namespace gazette {

// Bytes [begin, end) of a text.
struct ByteRange {
  uint32_t begin = 0;
  uint32_t end = 0;
  bool empty() const { return begin == end; }
  friend bool operator==(const ByteRange&, const ByteRange&) = default;
};

struct NewsLayout {
  // A first line of its own naming the author: "By Janie Gabbett, Reuters".
  ByteRange byline;
  // The dateline, from its first place name to its dash included: "RED
  // BANK, N.J., March 11 -", "WASHINGTON (AP) -". Empty when there is none.
  ByteRange dateline;
  // The dateline's place names: "RED BANK", "N.J.".
  std::vector<ByteRange> dateline_places;
  // The agency's sign-off at the end, "Reuter" or "REUTER...", to the end
  // of the body; empty when there is none (then begin == end == size).
  ByteRange sign_off;
  // Ticker symbols with their brackets: "<HOV>", "<ALFL.O>".
  std::vector<ByteRange> tickers;
};

// Finds the layout of an article's body. Looks only at where each part may
// be: the first two lines, the last line, and '<' for tickers.
NewsLayout FindNewsLayout(std::string_view body);

// Ticker symbols in a line of text: '<', 1 to 10 capitals, digits or dots
// (at least one capital), '>'.
std::vector<ByteRange> FindTickers(std::string_view text);

// Whether the word is a month or its abbreviation, in any case: "March",
// "Mar", "APril", "Sept".
bool IsMonthWord(std::string_view word);

}  // namespace gazette

#endif  // GAZETTE_COMMON_ENTITIES_NEWS_LAYOUT_H_
