#include "common/search/plain_query.h"

#include <doctest/doctest.h>

namespace gazette {
namespace {

bool Has(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// Only the stems, without boosts.
RankingParams Bare() {
  RankingParams p;
  p.exact_weight = 0;
  p.title_weight = 0;
  return p;
}

std::string Describe(std::string_view text, const RankingParams& p = Bare()) {
  return PlainTextQuery(text, p).get_description();
}

TEST_CASE("plain text stems capitals like lower case, any word matching") {
  const std::string d = Describe("THE TALKS ON THE GOLAN?");
  CAPTURE(d);
  CHECK(Has(d, "Ztalk"));
  CHECK(Has(d, "Zgolan"));
  CHECK(Has(d, " OR "));
  CHECK_FALSE(Has(d, "Zthe"));  // stop words go
  CHECK_FALSE(Has(d, "Zon"));
}

TEST_CASE("plain text has no operator syntax") {
  const std::string d =
      Describe("golan AND NOT title:talks -israel \"heights\" negotiat* (x)");
  CAPTURE(d);
  for (const char* term :
       {"Zgolan", "Ztitl", "Ztalk", "Zisrael", "Zheight", "Znegotiat"}) {
    CHECK(Has(d, term));
  }
  for (const char* op : {"AND_NOT", "PHRASE", "WILDCARD", "ZStalk"}) {
    CHECK_FALSE(Has(d, op));
  }
}

TEST_CASE("plain text weighs a repeated word by its count") {
  CHECK(Has(Describe("talks and more talks, talking"), "Ztalk#3"));
}

TEST_CASE("plain text keeps stop words when nothing else is left") {
  const std::string d = Describe("to be or not to be");
  CAPTURE(d);
  CHECK(Has(d, "Zbe#2"));
  CHECK(Has(d, "Znot"));
}

TEST_CASE("plain text drops one-character words") {
  const std::string d = Describe("Pooch, U. and Prieve, B. on paging 2");
  CAPTURE(d);
  CHECK(Has(d, "Zpooch"));
  CHECK_FALSE(Has(d, "Zu@"));
  CHECK_FALSE(Has(d, "Zb@"));
  CHECK_FALSE(Has(d, "Z2"));
}

TEST_CASE("plain text boosts exact forms and titles without adding matches") {
  RankingParams p = Bare();
  p.exact_weight = 0.5;
  p.title_weight = 0.25;
  const std::string d = Describe("distributed systems", p);
  CAPTURE(d);
  CHECK(Has(d, "AND_MAYBE"));
  CHECK(Has(d, "0.5 * (distributed OR systems)"));
  CHECK(Has(d, "0.25 * (ZSdistribut"));
}

TEST_CASE("plain text without words matches nothing") {
  CHECK(PlainTextQuery("?! --", Bare()).empty());
}

TEST_CASE("plain text keeps abbreviations written with dots as words") {
  // "U.S." is indexed as "us": the stop list must not take it for the
  // pronoun, nor "I.T." for "it".
  const struct {
    const char* text;
    const char* term;
    bool kept;
  } cases[] = {
      {"U.S. trade deficit", "Zus", true},
      {"the U.S. trade deficit", "Zus", true},
      {"U.S.-led talks", "Zus", true},
      {"E.C. farm policy and the U.K.", "Zuk", true},
      {"I.T. budgets", "Zit", true},
      {"tell us about it", "Zus", false},
      {"tell me what it costs", "Zit", false},
      {"US trade", "Zus", false},  // no dots: the stop word, as before
  };
  for (const auto& c : cases) {
    const std::string d = Describe(c.text);
    CAPTURE(c.text);
    CAPTURE(d);
    CHECK(Has(d, c.term) == c.kept);
    const bool has_trade = Has(c.text, "trade");
    CHECK(Has(d, "Ztrade") == has_trade);
  }
}

}  // namespace
}  // namespace gazette
