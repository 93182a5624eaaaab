// One key for the forms of one name, at index and at query time.
#include "common/entities/entity_key.h"

#include <doctest/doctest.h>

namespace gazette {
namespace {

TEST_CASE("entity keys fold case, accents and dots") {
  struct Case {
    EntityType type;
    const char* name;
    const char* key;
  };
  const Case cases[] = {
      {EntityType::kPlace, "U.S.", "us"},
      {EntityType::kPlace, "US", "us"},
      {EntityType::kPlace, "ST. LOUIS", "st louis"},
      {EntityType::kPlace, "St Louis", "st louis"},
      {EntityType::kPerson, "José  Albescu", "jose albescu"},
      {EntityType::kPerson, "E.F. Hutton", "ef hutton"},
      {EntityType::kPerson, "Ahmed AL‑Sharaa", "ahmed al-sharaa"},
      // A person's or a place's name keeps every word.
      {EntityType::kPerson, "Joe Co", "joe co"},
      {EntityType::kPlace, "Ivory Coast", "ivory coast"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    CHECK(EntityKey(c.type, c.name) == c.key);
  }
}

TEST_CASE("an organisation's key leaves out its legal form") {
  struct Case {
    const char* name;
    const char* key;
  };
  const Case cases[] = {
      {"Texaco Inc", "texaco"},
      {"Texaco Inc.", "texaco"},
      {"TEXACO", "texaco"},
      {"Salomon Brothers Inc", "salomon brothers"},
      {"Salomon Bros", "salomon brothers"},
      {"General Motors Corp", "general motors"},
      {"Merrill Lynch and Co Inc", "merrill lynch"},
      {"Merrill Lynch & Co", "merrill lynch"},
      {"Peat Marwick Mitchell and Co", "peat marwick mitchell"},
      {"Goldman, Sachs and Co", "goldman sachs"},
      {"Smith Barney, Harris Upham and Co Inc", "smith barney harris upham"},
      {"Standard and Poor's Corp", "standard and poor's"},
      {"Standard & Poor's", "standard and poor's"},
      {"Gulf and Western Inc", "gulf and western"},
      {"Novo Industri A/S", "novo industri"},
      {"Volkswagen AG", "volkswagen"},
      {"International Coffee Organisation",
       "international coffee organization"},
      // Never down to nothing, or to "the".
      {"Co", "co"},
      {"The Limited Inc", "the limited"},
      {"Inc Corp", "inc"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    CHECK(EntityKey(EntityType::kOrg, c.name) == c.key);
  }
}

TEST_CASE("a key prefix for completion keeps its last word whole") {
  CHECK(EntityKeyPrefix("U.S") == "us");
  CHECK(EntityKeyPrefix("Texaco In") == "texaco in");
  CHECK(EntityKeyPrefix("Texaco Inc") == "texaco inc");
}

}  // namespace
}  // namespace gazette
