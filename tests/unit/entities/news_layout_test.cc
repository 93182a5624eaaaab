// The wire furniture of a story: byline, dateline, sign-off and tickers.
#include "common/entities/news_layout.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

namespace gazette {
namespace {

std::string Text(std::string_view body, ByteRange r) {
  return std::string(body.substr(r.begin, r.end - r.begin));
}

std::vector<std::string> Places(std::string_view body, const NewsLayout& l) {
  std::vector<std::string> out;
  for (const ByteRange& r : l.dateline_places) out.push_back(Text(body, r));
  return out;
}

TEST_CASE("a dateline is read with its place names") {
  struct Case {
    const char* body;
    const char* dateline;
    std::vector<std::string> places;
  };
  const Case cases[] = {
      {"RED BANK, N.J., March 11 - Hovnanian Enterprises Inc said",
       "RED BANK, N.J., March 11 -",
       {"RED BANK", "N.J."}},
      {"ST. LOUIS, March 3 - Shr 20 cts",
       "ST. LOUIS, March 3 -",
       {"ST. LOUIS"}},
      {"Mexico City, April 29 - The",
       "Mexico City, April 29 -",
       {"Mexico City"}},
      {"NEW YORK, APril 8 - Pan Am", "NEW YORK, APril 8 -", {"NEW YORK"}},
      {"AMSTERDAM, 2 March - Dutch", "AMSTERDAM, 2 March -", {"AMSTERDAM"}},
      {"WASHINGTON, March 12, Reuter - The",
       "WASHINGTON, March 12, Reuter -",
       {"WASHINGTON"}},
      {"CHICAGO, March 4, - Sales", "CHICAGO, March 4, -", {"CHICAGO"}},
      {"WOODBRIDGE, N.J. - The company",
       "WOODBRIDGE, N.J. -",
       {"WOODBRIDGE", "N.J."}},
      {"DAMASCUS (Reuters) - The talks", "DAMASCUS (Reuters) -", {"DAMASCUS"}},
      {"VANCOUVER, British Columbia, March 3 -- Gold",
       "VANCOUVER, British Columbia, March 3 --",
       {"VANCOUVER", "British Columbia"}},
      {"OKLAHOMA CITY, Okla. March 11, Reuter - The",
       "OKLAHOMA CITY, Okla. March 11, Reuter -",
       {"OKLAHOMA CITY", "Okla."}},
  };
  for (const Case& c : cases) {
    const std::string body = c.body;
    CAPTURE(body);
    const NewsLayout layout = FindNewsLayout(c.body);
    CHECK(Text(c.body, layout.dateline) == std::string(c.dateline));
    CHECK(Places(c.body, layout) == c.places);
  }
}

TEST_CASE("running text is no dateline") {
  for (const char* body : {
           "Syria said on Monday - as expected - that talks went on.",
           "Reagan, Bush and Baker met - briefly.",
           "The U.S. Agriculture Department said",
           "APRIL 7 - (CENTS PER BUSHEL)",
           "Showers continued, Comissaria Smith said - in its review.",
       }) {
    const std::string text = body;
    CAPTURE(text);
    const NewsLayout layout = FindNewsLayout(body);
    CHECK(layout.dateline.empty());
    CHECK(layout.dateline_places.empty());
  }
}

TEST_CASE("a byline is the first line naming the author") {
  const std::string body =
      "By Janie Gabbett, Reuters\nLOS ANGELES, Feb 26 - BankAmerica Corp";
  const NewsLayout layout = FindNewsLayout(body);
  CHECK(Text(body, layout.byline) == "By Janie Gabbett, Reuters");
  CHECK(Text(body, layout.dateline) == "LOS ANGELES, Feb 26 -");
  CHECK(FindNewsLayout("By noon the market had risen.\nMore.").byline.empty());
  CHECK(FindNewsLayout("By Janie Gabbett").byline.empty());  // no body
  // In capitals, as some Reuters stories have it: the agency there is the
  // author's employer, not an organisation the story names.
  const std::string caps = "BY TED D'AFFLISIO, Reuters\nNEW YORK, March 6 - ";
  CHECK(Text(caps, FindNewsLayout(caps).byline) ==
        "BY TED D'AFFLISIO, Reuters");
  CHECK(FindNewsLayout("BY THE NUMBERS\nMore.").byline.empty());
}

TEST_CASE("the agency's sign-off ends the story") {
  struct Case {
    const char* body;
    const char* sign_off;
  };
  const Case cases[] = {
      {"Terms were not disclosed.\n Reuter\n", "Reuter\n"},
      {"Terms were not disclosed.\n REUTER", "REUTER"},
      {"Shr 20 cts\n   \nReuter...", "Reuter..."},
      {"Net 1.2 mln\n REUTER^M", "REUTER^M"},
      {"It paid 400 dlrs an ounce. REUTER", "REUTER"},
      {"Terms were not disclosed.\n\nAP\n", "AP\n"},
      // Words that are not a sign-off.
      {"The figures were given to Reuters.", ""},
      {"He said it told Reuters", ""},
      {"Net 1.2 mln\n MAR8  --     --", ""},
  };
  for (const Case& c : cases) {
    const std::string body = c.body;
    CAPTURE(body);
    const NewsLayout layout = FindNewsLayout(c.body);
    CHECK(Text(c.body, layout.sign_off) == std::string(c.sign_off));
    CHECK(layout.sign_off.end == std::string_view(c.body).size());
  }
}

TEST_CASE("tickers are capitals, digits and dots in angle brackets") {
  const std::string text =
      "STANDARD OIL <SRD> TO FORM; <ALFL.O> and <Toyo Umpanki Co Ltd> and "
      "a < b > c and <3> and <NVO.CO>";
  std::vector<std::string> found;
  for (const ByteRange& r : FindTickers(text)) found.push_back(Text(text, r));
  CHECK(found == std::vector<std::string>{"<SRD>", "<ALFL.O>", "<NVO.CO>"});
}

TEST_CASE("month words in any case and abbreviated") {
  for (const char* w : {"March", "MARCH", "Mar", "APril", "Sept", "sep", "Oct"})
    CHECK(IsMonthWord(w));
  for (const char* w : {"Ma", "Marc", "Mayor", "Monday", ""})
    CHECK(!IsMonthWord(w));
}

}  // namespace
}  // namespace gazette
