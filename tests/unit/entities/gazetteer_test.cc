#include "common/entities/gazetteer.h"

#include <doctest/doctest.h>

#include "common/entities/builtin_data.h"

namespace gazette {
namespace {

TEST_CASE("phrase keys fold case, accents, dashes and abbreviation dots") {
  const std::pair<const char*, const char*> cases[] = {
      {"U.S. State Department", "us state department"},
      {"Hayat Tahrir al\u2011Sham", "hayat tahrir al-sham"},
      {"  Köln ", "koln"},
      {"St. Louis", "st louis"},
      {"Rif-dimashq", "rif - dimashq"},  // as the tokenizer splits it
      {"Ariz.", "ariz"},  // in text, a full stop follows the name
  };
  for (const auto& [name, key] : cases) {
    const auto& input = name;  // clang 14 cannot capture a binding
    CAPTURE(input);
    CHECK(PhraseKey(name) == key);
  }
}

TEST_CASE("gazetteer loads entities with aliases and demonyms") {
  Gazetteer g;
  const auto problems = g.Load(
      "# a comment\n"
      "place\tSyria\tcountry\t16906283\tSyrian Arab Republic\tSyrian|Syrians\n"
      "org\tHayat Tahrir al-Sham\tcurated\t\tHTS\n"
      "place\tDamascus\tcity\t1569394\n",
      "test.tsv");
  CHECK(problems.empty());
  CHECK(g.entry_count() == 3);

  const auto syria = g.Find("syrian arab republic");
  REQUIRE(syria.size() == 1);
  CHECK(syria[0].entry->name == "Syria");
  CHECK(syria[0].entry->kind == EntryKind::kCountry);
  CHECK(syria[0].entry->weight == 16906283);
  CHECK_FALSE(syria[0].derived);
  const auto syrian = g.Find("syrians");
  REQUIRE(syrian.size() == 1);
  CHECK(syrian[0].derived);
  CHECK(syrian[0].entry->aliases ==
        std::vector<std::string>{"Syrian Arab Republic"});

  const auto hts = g.Find("hts");
  REQUIRE(hts.size() == 1);
  CHECK(hts[0].entry->type == EntityType::kOrg);
  CHECK(g.StartsName("hayat"));
  CHECK_FALSE(g.StartsName("tahrir"));
  CHECK(g.max_name_tokens() == 3);  // "syrian arab republic"
  CHECK(g.Find("aleppo").empty());
}

TEST_CASE("gazetteer ranks curated names, then countries, regions, cities") {
  Gazetteer g;
  CHECK(g.Load("place\tGeorgia\tadmin1\t0\n"
               "place\tGeorgia\tcity\t15000\n"
               "place\tGeorgia\tcountry\t3700000\n"
               "place\tGerman\tadmin1\t0\n"
               "place\tGermany\tcountry\t82000000\t\tGerman\n",
               "rank.tsv")
            .empty());
  const auto georgia = g.Find("georgia");
  REQUIRE(georgia.size() == 3);
  CHECK(georgia[0].entry->kind == EntryKind::kCountry);
  CHECK(georgia[1].entry->kind == EntryKind::kRegion);
  CHECK(georgia[2].entry->kind == EntryKind::kCity);
  // A country's demonym comes before a region of the same name.
  const auto german = g.Find("german");
  REQUIRE(german.size() == 2);
  CHECK(german[0].entry->name == "Germany");
  CHECK(german[0].derived);
}

TEST_CASE("gazetteer word records give words their classes") {
  Gazetteer g;
  CHECK(g.Load("word\tPresident Minister\ttitle\n"
               "word\tMr.\ttitle\n"
               "word\tMay\tmonth,firstname\n",
               "words.tsv")
            .empty());
  CHECK(g.WordClasses("president") == kTitleWord);
  CHECK(g.WordClasses("minister") == kTitleWord);
  CHECK(g.WordClasses("mr") == kTitleWord);
  CHECK(g.WordClasses("may") == (kMonth | kFirstName));
  CHECK(g.WordClasses("talks") == 0);
}

TEST_CASE("gazetteer reports each bad line and keeps the good ones") {
  Gazetteer g;
  const auto problems = g.Load(
      "place\tSyria\tcountry\t1\n"
      "planet\tMars\tcurated\n"
      "place\tNowhere\n"
      "place\tAtlantis\tcity\tmany\n"
      "place\tLemuria\tcontinent\n"
      "word\tfoo\tnoun\n"
      "org\tReuters\tcurated\n",
      "bad.tsv");
  REQUIRE(problems.size() == 5);
  CHECK(problems[0] ==
        "bad.tsv:2: unknown type 'planet' (valid: person, place, org, group, "
        "word, alias, implies, abbrev)");
  CHECK(problems[1] ==
        "bad.tsv:3: expected TYPE, NAME and KIND separated by tabs");
  CHECK(problems[2] == "bad.tsv:4: weight 'many' is not a number");
  CHECK(problems[3] ==
        "bad.tsv:5: unknown kind 'continent' (valid: curated, country, admin1, "
        "city)");
  CHECK(problems[4] == "bad.tsv:6: unknown word class 'noun'");
  CHECK(g.entry_count() == 2);
  CHECK_FALSE(g.Find("reuters").empty());
}

TEST_CASE("alias and implies records add to an entry loaded before or after") {
  Gazetteer g;
  CHECK(g.Load("alias\tplace\tUnited Kingdom\tBritain|U.K.\tBriton\n"
               "implies\tplace\tWest Germany\tGermany\n"
               "abbrev\tMass.\tMassachusetts\n"
               "alias\tplace\tNowhere\tNoplace\n",
               "a.tsv")
            .empty());
  CHECK(g.unapplied().size() == 3);
  CHECK(g.Load("place\tUnited Kingdom\tcountry\t0\tUK\tBritish\n"
               "place\tGermany\tcountry\t0\t\tGerman\n"
               "place\tWest Germany\tcurated\t\t\tWest German\n",
               "b.tsv")
            .empty());
  CHECK(g.unapplied() ==
        std::vector<std::string>{"a.tsv:4: no place named Nowhere"});
  REQUIRE_FALSE(g.Find("britain").empty());
  CHECK(g.Find("britain")[0].entry->name == "United Kingdom");
  CHECK(g.Find("uk")[0].entry == g.Find("britain")[0].entry);
  CHECK(g.Find("briton")[0].derived);
  CHECK(g.Find("west germany")[0].entry->implies == g.Find("germany")[0].entry);
  CHECK(g.Expansion("mass") == "massachusetts");
  CHECK(g.Expansion("boston").empty());
  CHECK_FALSE(g.Load("implies\tplace\tWest Germany\n", "c.tsv").empty());
}

TEST_CASE("every alias and implies record of the built-in files applies") {
  CHECK(Gazetteer::BuiltIn().unapplied().empty());
}

TEST_CASE("the built-in gazetteer files load without a bad line") {
  const auto files = BuiltInDataFiles();
  REQUIRE(files.size() >= 4);
  for (const DataFile& file : files) {
    CAPTURE(file.name);
    if (file.name == kNerModelFile) continue;  // name_tagger_test reads it
    Gazetteer g;
    CHECK(g.Load(file.content, file.name).empty());
  }
}

TEST_CASE("the built-in gazetteer knows the seed article's places and bodies") {
  const Gazetteer& g = Gazetteer::BuiltIn();
  struct Case {
    const char* name;
    EntityType type;
    const char* canonical;
    bool derived;
  };
  const Case cases[] = {
      {"US", EntityType::kPlace, "United States", false},
      {"U.S.", EntityType::kPlace, "United States", false},
      {"Syrian", EntityType::kPlace, "Syria", true},
      {"Israelis", EntityType::kPlace, "Israel", true},
      {"Damascus", EntityType::kPlace, "Damascus", false},
      {"Golan Heights", EntityType::kPlace, "Golan Heights", false},
      {"Quneitra", EntityType::kPlace, "Quneitra", false},
      {"Middle East", EntityType::kPlace, "Middle East", false},
      {"HTS", EntityType::kOrg, "Hayat Tahrir al-Sham", false},
      {"Reuters", EntityType::kOrg, "Reuters", false},
      {"Druze", EntityType::kGroup, "Druze", false},
      {"Kurdish", EntityType::kGroup, "Kurds", true},
      // 1987's names and the short forms of a wire archive.
      {"Britain", EntityType::kPlace, "United Kingdom", false},
      {"U.K.", EntityType::kPlace, "United Kingdom", false},
      {"West German", EntityType::kPlace, "West Germany", true},
      {"EC", EntityType::kOrg, "European Community", false},
      {"Organisation of Petroleum Exporting Countries", EntityType::kOrg,
       "OPEC", false},
      {"Federal Reserve Board", EntityType::kOrg, "Federal Reserve", false},
      {"USDA", EntityType::kOrg, "Agriculture Department", false},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    const auto found = g.Find(PhraseKey(c.name));
    REQUIRE_FALSE(found.empty());
    CHECK(found[0].entry->type == c.type);
    CHECK(found[0].entry->name == c.canonical);
    CHECK(found[0].derived == c.derived);
  }
  CHECK((g.WordClasses("president") & kTitleWord) != 0);
  CHECK((g.WordClasses("ministry") & kOrgWord) != 0);
  CHECK((g.WordClasses("earlier") & kNotName) != 0);
}

}  // namespace
}  // namespace gazette
