#include "common/entities/name_tokenizer.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

namespace gazette {
namespace {

// Renders tokens as "word" (lower case), "Word" (capitalised), "WORD"
// (capitals), "9" (number), "x9" (mixed), punctuation as itself; with
// ^ before a sentence start, 's after a possessive, and . after an
// abbreviation: "^Trump's said ^Al-Sharaa.".
std::string Render(const std::string& text) {
  std::string out;
  for (const NameToken& t : TokenizeNames(text)) {
    if (!out.empty()) out += ' ';
    if (t.sentence_start) out += '^';
    const std::string word(t.text(text));
    switch (t.shape) {
      case TokenShape::kPunct:
        out += t.punct;
        continue;
      case TokenShape::kNumber:
        out += "#" + word;
        continue;
      default:
        out += word;
    }
    if (t.shape == TokenShape::kUpper) out += "/U";
    if (t.shape == TokenShape::kCapitalised) out += "/C";
    if (t.shape == TokenShape::kOther) out += "/X";
    if (t.particle) out += "/al";
    if (t.possessive) out += "/'s";
  }
  return out;
}

TEST_CASE("name tokenizer marks shapes, sentence starts and possessives") {
  struct Case {
    const char* text;
    const char* tokens;
  };
  const Case cases[] = {
      {"Trump's talks", "^Trump/C/'s talks"},
      {"Trump\u2019s talks", "^Trump/C/'s talks"},
      {"Reuters' report", "^Reuters/C/'s report"},
      {"Trump 's talks", "^Trump/C/'s talks"},  // tokenised text
      {"met al-Sharaa. Al-Sharaa said",
       "^met al-Sharaa/C/al . ^Al-Sharaa/C/al said"},
      {"post-al-Assad strategy", "^post-al-Assad strategy"},
      {"the Hamas-led attack", "^the Hamas/C - led attack"},
      {"Israeli-occupied Golan", "^Israeli/C - occupied Golan/C"},
      {"Arab-Israeli war", "^Arab-Israeli/C war"},
      {"the\u201cHayat Tahrir\u201d (HTS) group",
       "^the \" ^Hayat/C Tahrir/C \" ( HTS/U ) group"},
      {"said \"we will\"", "^said \" ^we will \""},
      {"U.S. officials", "^U.S./U officials"},
      {"U.S officials", "^U.S/U officials"},
      {"it rose 3.5. Then", "^it rose #3.5 . ^Then/C"},
      {"Mr. Smith and W. Bush", "^Mr./C Smith/C and W./C Bush/C"},
      // A known abbreviation in capitals keeps its dot too.
      {"ST. LOUIS and ACME CO. said", "^ST./U LOUIS/U and ACME/U CO./U said"},
      {"1,000 troops in 1967 and F-16s", "^#1,000 troops in #1967 and F-16s/X"},
      {"LONDON 1996-08-30", "^LONDON/U #1996-08-30"},
      {"DAMASCUS (Reuters) - The talks",
       "^DAMASCUS/U ( Reuters/C ) - ^The/C talks"},
      {"One talk\nTwo talks", "^One/C talk ^Two/C talks"},
      // Wrapped text: a line break inside a sentence is a space; a blank or
      // indented line starts a paragraph.
      {"said analyst Matt\nAizawa, who\nleft",
       "^said analyst Matt/C Aizawa/C , who left"},
      {"it rose,\nsaid Jo\n\nBut it fell,\nand\n    Then",
       "^it rose , said Jo/C ^But/C it fell , and ^Then/C"},
      {"O'Brien and d'Ivoire", "^O'Brien/C and d'Ivoire"},
      {"AT&T and Procter & Gamble", "^AT&T/U and Procter/C & Gamble/C"},
      {"Ahmed Al\u2011Sharaa", "^Ahmed/C Al\u2011Sharaa/C/al"},
      {"\xff Syria", "* ^Syria/C"},  // invalid byte: punctuation
  };
  for (const Case& c : cases) {
    const std::string text = c.text;
    CAPTURE(text);
    CHECK(Render(c.text) == std::string(c.tokens));
  }
}

TEST_CASE("name tokenizer gives byte ranges and line numbers") {
  const std::string text = "In Syria's south\nQuneitra";
  const std::vector<NameToken> tokens = TokenizeNames(text);
  REQUIRE(tokens.size() == 4);
  CHECK(tokens[1].text(text) == "Syria");
  CHECK(tokens[1].begin == 3);
  CHECK(tokens[1].end == 8);
  CHECK(tokens[1].line == 0);
  CHECK(tokens[3].text(text) == "Quneitra");
  CHECK(tokens[3].line == 1);
}

}  // namespace
}  // namespace gazette
