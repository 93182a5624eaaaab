// The default extractor on wire stories: headline, byline, dateline, tickers
// and sign-off each read for what they are.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "common/entities/entity_extractor.h"

namespace gazette {
namespace {

// "type:name" of each listed entity, sorted; '*' marks a derived one.
std::vector<std::string> Entities(std::string_view title,
                                  std::string_view body) {
  std::vector<std::string> out;
  for (const Entity& e : MakeDefaultEntityExtractor()->Extract(title, body)) {
    if (e.unresolved) continue;
    out.push_back(std::string(EntityTypeName(e.type)) + ":" + e.name +
                  (e.derived ? "*" : ""));
  }
  std::sort(out.begin(), out.end());
  return out;
}

bool Has(const std::vector<std::string>& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

TEST_CASE("the sign-off and the byline name no one") {
  const auto found =
      Entities("",
               "By Janie Gabbett, Reuters\nLOS ANGELES, Feb 26 - Analysts said "
               "the bank would wait.\n Reuter\n");
  CAPTURE(found.size());
  CHECK_FALSE(Has(found, "org:Reuters"));
  CHECK_FALSE(Has(found, "person:Janie Gabbett"));
  const auto caps =
      Entities("",
               "BY TED D'AFFLISIO, Reuters\nNEW YORK, March 6 - Crude oil "
               "rose.\n REUTER\n");
  CHECK_FALSE(Has(caps, "org:Reuters"));
  // Named in the text, the agency is an organisation.
  CHECK(Has(Entities("", "WASHINGTON, March 2 - He told Reuters so.\n REUTER"),
            "org:Reuters"));
}

TEST_CASE("a dateline names its places, and the story starts after it") {
  const auto found =
      Entities("HOVNANIAN <HOV> SEES HIGHER EARNINGS",
               "RED BANK, N.J., March 11 - Hovnanian Enterprises Inc said "
               "it expects higher earnings.\n Reuter");
  CHECK(Has(found, "org:Hovnanian Enterprises Inc"));
  CHECK_FALSE(Has(found, "org:Enterprises Inc"));
  CHECK(Has(found, "place:Red Bank"));
  // No ticker is a name.
  CHECK_FALSE(Has(found, "org:HOV"));
}

TEST_CASE("a dateline's state abbreviation is the state") {
  const auto found =
      Entities("", "RED BANK, N.J., March 11 - Shares rose.\n Reuter");
  CHECK(Has(found, "place:New Jersey"));
  CHECK(Has(Entities("", "BOSTON, MASS., March 11 - Shares rose."),
            "place:Massachusetts"));
  // Elsewhere such an abbreviation may be a word.
  CHECK_FALSE(Has(Entities("", "Shares rose in Boston. Mass. layoffs."),
                  "place:Massachusetts"));
}

TEST_CASE("West Germany, as it was in 1987, is also Germany") {
  const auto found =
      Entities("", "BONN, March 3 - West Germany cut its rates.");
  CHECK(Has(found, "place:West Germany"));
  CHECK(Has(found, "place:Germany*"));
  // Named as Germany too: not derived.
  CHECK(Has(Entities("", "West Germany and Germany."), "place:Germany"));
  CHECK_FALSE(
      Has(Entities("", "East Germany's exports rose."), "place:West Germany"));
}

TEST_CASE("a company named only in the headline, before its ticker") {
  const auto found = Entities("ALLIANCE FEDERAL CORP <ALFL.O> HIKES DIVIDEND",
                              "DEARBORN, MICH., June 19 - Qtly div 25 cts vs "
                              "22 cts prior qtr\n    Pay 20 July\n Reuter");
  CHECK(Has(found, "org:Alliance Federal Corp"));
  CHECK_FALSE(Has(found, "org:ALFL"));
  const auto after_slash =
      Entities("TALKING POINT/BANKAMERICA <BAC> EQUITY OFFER",
               "LOS ANGELES, Feb 26 - BankAmerica Corp is not under "
               "pressure to act quickly.");
  CHECK_FALSE(Has(after_slash, "org:Talking Point/Bankamerica"));
  CHECK(Has(after_slash, "org:BankAmerica Corp"));
}

TEST_CASE("a gazetteer's name and a form of the same key are one entity") {
  const auto found =
      Entities("", "Boeing Co said it got an order. Later Boeing said so.");
  CHECK(found == std::vector<std::string>{"org:Boeing"});
}

TEST_CASE("a lone word that opens an organisation's name is that one") {
  const auto found =
      Entities("",
               "Salomon Brothers Inc raised its forecast. Traders said Salomon "
               "was selling.");
  CHECK(found == std::vector<std::string>{"org:Salomon Brothers Inc"});
  // Unless a person of the article has it as surname.
  const auto person =
      Entities("",
               "Salomon Brothers Inc economist Robert Salomon spoke. Then "
               "Salomon left.");
  CHECK(Has(person, "person:Robert Salomon"));
}

TEST_CASE("names in capitals are shown as running text writes them") {
  struct Case {
    const char* title;
    const char* body;
    const char* entity;
  };
  const Case cases[] = {
      // Only in capitals: as the gazetteer writes it, else in title case.
      {"", "WASHINGTON, March 2 - Officials met.", "place:Washington"},
      {"", "RIO DE JANEIRO, March 2 - Officials met.", "place:Rio de Janeiro"},
      {"", "ST. LOUIS, March 2 - Officials met.", "place:St. Louis"},
      {"ESI INDUSTRIES INC <ESI> 4TH QTR NET", "DALLAS, March 2 - Shr 5 cts",
       "org:ESI Industries Inc"},
      {"BRISTOL-MYERS <BMY> SETS PAYOUT", "NEW YORK, March 2 - Qtly div",
       "org:Bristol-Myers"},
      // Written in running text too: that form.
      {"LONDON TALKS", "LONDON, March 2 - Talks in London went on.",
       "place:London"},
      {"CMS <CMS> CITES HIGHER SALES",
       "JACKSON, MICH., Oct 19 - CMS Energy Corp said sales rose.",
       "org:CMS Energy Corp"},
  };
  for (const Case& c : cases) {
    const std::string body = c.body;
    CAPTURE(body);
    const auto found = Entities(c.title, c.body);
    CHECK(Has(found, c.entity));
  }
}

}  // namespace
}  // namespace gazette
