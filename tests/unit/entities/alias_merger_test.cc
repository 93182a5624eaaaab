// How the merger joins the mentions the finder gives it into entities:
// short forms, acronyms defined in parentheses, gazetteer aliases, one type
// per name, and what must stay apart. The mentions are written by hand, so
// these cases hold whatever rules the finder comes to use.
#include "common/entities/alias_merger.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "common/entities/gazetteer.h"
#include "common/entities/name_finder.h"
#include "common/entities/name_tokenizer.h"

namespace gazette {
namespace {

constexpr EntityType kPerson = EntityType::kPerson;
constexpr EntityType kPlace = EntityType::kPlace;
constexpr EntityType kOrg = EntityType::kOrg;

// A mention as the finder would give it: the next `surface` in the text
// after the mention before it.
struct Given {
  const char* surface;
  EntityType type = kPerson;
  Evidence evidence = Evidence::kShape;
  // A lone word kept only if it resolves, or stands alone as a name.
  bool tentative = false;
  bool standalone = false;
  // The title just before it ("President").
  const char* title = nullptr;
  // The gazetteer name it matched (a name, alias or demonym); the mention
  // then has the entry's type and gazetteer evidence.
  const char* gazetteer = nullptr;
};

using V = std::vector<std::string>;

struct Case {
  const char* text;
  std::vector<Given> given;
  // "type:name|alias|..." per entity in order; '*' after the name marks a
  // derived entity, '?' an unresolved one.
  V entities;
  // "type:surface" per mention kept, in text order.
  V mentions;
};

constexpr const char* kGazetteer =
    "place\tUnited States\tcountry\t331000000\tUS|USA\tAmerican\n"
    "place\tSyria\tcountry\t16906283\tSyrian Arab Republic\tSyrian\n"
    "place\tClinton\tcity\t26000\n"
    "place\t\u1e28am\u0101h\tcity\t460602\n";

std::vector<Mention> MakeMentions(const std::string& text,
                                  const std::vector<NameToken>& tokens,
                                  const Gazetteer& gazetteer,
                                  const std::vector<Given>& given) {
  std::vector<Mention> mentions;
  size_t from = 0;
  for (const Given& g : given) {
    const std::string surface = g.surface;
    CAPTURE(surface);
    const size_t at = text.find(surface, from);
    REQUIRE(at != std::string::npos);
    from = at + surface.size();
    Mention m;
    m.begin = static_cast<uint32_t>(at);
    m.end = static_cast<uint32_t>(from);
    m.title_begin =
        g.title ? static_cast<uint32_t>(text.rfind(g.title, at)) : m.begin;
    size_t first = 0;
    while (first < tokens.size() && tokens[first].begin < m.begin) ++first;
    size_t end = first;
    while (end < tokens.size() && tokens[end].end <= m.end) ++end;
    REQUIRE(first < end);
    REQUIRE(tokens[first].begin == m.begin);
    REQUIRE(tokens[end - 1].end == m.end);
    m.first_token = static_cast<uint32_t>(first);
    m.end_token = static_cast<uint32_t>(end);
    m.type = g.type;
    m.evidence = g.evidence;
    m.tentative = g.tentative;
    m.standalone = g.standalone;
    if (g.gazetteer) {
      const auto found = gazetteer.Find(PhraseKey(g.gazetteer));
      REQUIRE_FALSE(found.empty());
      m.entry = found.front().entry;
      m.derived = found.front().derived;
      m.type = m.entry->type;
      m.evidence = Evidence::kGazetteer;
    }
    mentions.push_back(m);
  }
  return mentions;
}

// Joined, so that a failing check prints both lists.
std::string Join(const V& items) {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : ", ") + item;
  return "[" + out + "]";
}

void CheckCases(std::initializer_list<Case> cases) {
  Gazetteer gazetteer;
  REQUIRE(gazetteer.Load(kGazetteer, "test.tsv").empty());
  for (const Case& c : cases) {
    const std::string text = c.text;
    CAPTURE(text);
    const std::vector<NameToken> tokens = TokenizeNames(text);
    std::vector<Mention> mentions =
        MakeMentions(text, tokens, gazetteer, c.given);
    V entities, kept;
    for (const Entity& e : MergeMentions(text, tokens, mentions)) {
      std::string s = std::string(EntityTypeName(e.type)) + ":" + e.name +
                      (e.derived ? "*" : "") + (e.unresolved ? "?" : "");
      for (const std::string& alias : e.aliases) s += "|" + alias;
      entities.push_back(s);
    }
    for (const Mention& m : mentions) {
      kept.push_back(std::string(EntityTypeName(m.type)) + ":" +
                     text.substr(m.begin, m.end - m.begin));
    }
    CHECK(Join(entities) == Join(c.entities));
    CHECK(Join(kept) == Join(c.mentions));
  }
}

TEST_CASE("a short form joins the person named in full before it") {
  CheckCases({
      {"Donald Trump met him. Trump said more.",
       {{.surface = "Donald Trump", .evidence = Evidence::kTitle},
        {.surface = "Trump", .tentative = true}},
       {"person:Donald Trump|Trump"},
       {"person:Donald Trump", "person:Trump"}},
      // With or without the particle.
      {"Ahmed al-Sharaa spoke. Later al-Sharaa and Sharaa left.",
       {{.surface = "Ahmed al-Sharaa", .evidence = Evidence::kTitle},
        {.surface = "al-Sharaa", .tentative = true},
        {.surface = "Sharaa", .tentative = true}},
       {"person:Ahmed al-Sharaa|al-Sharaa|Sharaa"},
       {"person:Ahmed al-Sharaa", "person:al-Sharaa", "person:Sharaa"}},
      // A surname that is also a town's name is the person's here.
      {"Bill Clinton spoke. Clinton said more.",
       {{.surface = "Bill Clinton", .evidence = Evidence::kTitle},
        {.surface = "Clinton", .gazetteer = "Clinton"}},
       {"person:Bill Clinton|Clinton"},
       {"person:Bill Clinton", "person:Clinton"}},
      // Each short form joins the person whose surname it is.
      {"Donald Trump met Joe Biden. Biden and Trump spoke.",
       {{.surface = "Donald Trump", .evidence = Evidence::kTitle},
        {.surface = "Joe Biden", .evidence = Evidence::kTitle},
        {.surface = "Biden", .tentative = true},
        {.surface = "Trump", .tentative = true}},
       {"person:Donald Trump|Trump", "person:Joe Biden|Biden"},
       {"person:Donald Trump", "person:Joe Biden", "person:Biden",
        "person:Trump"}},
      // An organisation's name without its legal form: the same key, so
      // no alias of its own.
      {"Velmora Cable Co said Velmora Cable would grow.",
       {{.surface = "Velmora Cable Co",
         .type = kOrg,
         .evidence = Evidence::kKeyword},
        {.surface = "Velmora Cable"}},
       {"org:Velmora Cable Co"},
       {"org:Velmora Cable Co", "org:Velmora Cable"}},
  });
}

TEST_CASE("a name that is no short form stays apart") {
  CheckCases({
      // A first name is no surname: alone it names no one for sure.
      {"Donald Trump met Donald.",
       {{.surface = "Donald Trump", .evidence = Evidence::kTitle},
        {.surface = "Donald", .tentative = true, .standalone = true}},
       {"person:Donald Trump", "person:Donald?"},
       {"person:Donald Trump"}},
      // A lone word no name claims, and no name on its own, goes.
      {"Donald Trump met Velmor.",
       {{.surface = "Donald Trump", .evidence = Evidence::kTitle},
        {.surface = "Velmor", .tentative = true}},
       {"person:Donald Trump"},
       {"person:Donald Trump"}},
      // Only whole words shorten an organisation's name.
      {"Velmora Cable Co said Velmora Cab would grow.",
       {{.surface = "Velmora Cable Co",
         .type = kOrg,
         .evidence = Evidence::kKeyword},
        {.surface = "Velmora Cab"}},
       {"org:Velmora Cable Co", "person:Velmora Cab"},
       {"org:Velmora Cable Co", "person:Velmora Cab"}},
      // A person a title vouches for is no organisation's short form.
      {"Velmor Tashkai Holdings said President Velmor Tashkai left.",
       {{.surface = "Velmor Tashkai Holdings",
         .type = kOrg,
         .evidence = Evidence::kKeyword},
        {.surface = "Velmor Tashkai",
         .evidence = Evidence::kTitle,
         .title = "President"}},
       {"org:Velmor Tashkai Holdings",
        "person:Velmor Tashkai|President Velmor Tashkai"},
       {"org:Velmor Tashkai Holdings", "person:Velmor Tashkai"}},
  });
}

TEST_CASE("an acronym in parentheses joins the name it abbreviates") {
  CheckCases({
      // Its later uses too; the name is an organisation's.
      {"the Ansar Velmora (AV) group said. AV fighters left.",
       {{.surface = "Ansar Velmora"},
        {.surface = "AV", .type = kOrg, .tentative = true},
        {.surface = "AV", .type = kOrg, .tentative = true}},
       {"org:Ansar Velmora|AV"},
       {"org:Ansar Velmora", "org:AV", "org:AV"}},
      // After a closing quotation mark; the particle aside.
      {"the \"al-Nusra Front\" (NF) said",
       {{.surface = "al-Nusra Front",
         .type = kOrg,
         .evidence = Evidence::kKeyword},
        {.surface = "NF", .type = kOrg, .tentative = true}},
       {"org:al-Nusra Front|NF"},
       {"org:al-Nusra Front", "org:NF"}},
      // A person a title vouches for stays a person.
      {"President Velmor Tashkai (VT) spoke.",
       {{.surface = "Velmor Tashkai",
         .evidence = Evidence::kTitle,
         .title = "President"},
        {.surface = "VT", .type = kOrg, .tentative = true}},
       {"person:Velmor Tashkai|VT|President Velmor Tashkai"},
       {"person:Velmor Tashkai", "person:VT"}},
  });
}

TEST_CASE("an undefined acronym joins the organisation of its initials") {
  CheckCases({
      {"Velmora Imperial Bank of Commerce rose. VIBC said so.",
       {{.surface = "Velmora Imperial Bank of Commerce",
         .type = kOrg,
         .evidence = Evidence::kKeyword},
        {.surface = "VIBC", .type = kOrg}},
       {"org:Velmora Imperial Bank of Commerce|VIBC"},
       {"org:Velmora Imperial Bank of Commerce", "org:VIBC"}},
      // Other initials, or a person's, stay apart.
      {"Velmora Imperial Bank rose. VIBC said so. Ansar Velmora and AV.",
       {{.surface = "Velmora Imperial Bank",
         .type = kOrg,
         .evidence = Evidence::kKeyword},
        {.surface = "VIBC", .type = kOrg},
        {.surface = "Ansar Velmora"},
        {.surface = "AV", .type = kOrg}},
       {"org:Velmora Imperial Bank", "org:VIBC", "person:Ansar Velmora",
        "org:AV"},
       {"org:Velmora Imperial Bank", "org:VIBC", "person:Ansar Velmora",
        "org:AV"}},
  });
}

TEST_CASE("an acronym in parentheses that defines nothing stays apart") {
  CheckCases({
      // Another first letter.
      {"the Ansar Velmora (XAV) said",
       {{.surface = "Ansar Velmora"}, {.surface = "XAV", .type = kOrg}},
       {"person:Ansar Velmora", "org:XAV"},
       {"person:Ansar Velmora", "org:XAV"}},
      // A name of one word.
      {"the Velmora (VEL) said",
       {{.surface = "Velmora"}, {.surface = "VEL", .type = kOrg}},
       {"person:Velmora", "org:VEL"},
       {"person:Velmora", "org:VEL"}},
      // Not right after the name.
      {"the Ansar Velmora group (AVG) said",
       {{.surface = "Ansar Velmora"}, {.surface = "AVG", .type = kOrg}},
       {"person:Ansar Velmora", "org:AVG"},
       {"person:Ansar Velmora", "org:AVG"}},
      // A tentative acronym nothing defines goes.
      {"the Ansar Velmora group (AV) said",
       {{.surface = "Ansar Velmora"},
        {.surface = "AV", .type = kOrg, .tentative = true}},
       {"person:Ansar Velmora"},
       {"person:Ansar Velmora"}},
  });
}

TEST_CASE("gazetteer aliases join their entry, named as the gazetteer has it") {
  CheckCases({
      {"The US and the U.S. Army, United States forces.",
       {{.surface = "US", .gazetteer = "US"},
        {.surface = "U.S.", .gazetteer = "U.S."},
        {.surface = "United States", .gazetteer = "United States"}},
       {"place:United States|US|USA"},  // U.S. is US's key
       {"place:US", "place:U.S.", "place:United States"}},
      // Only implied by an adjective: derived.
      {"Syrian officials said so.",
       {{.surface = "Syrian", .gazetteer = "Syrian"}},
       {"place:Syria*|Syrian|Syrian Arab Republic"},
       {"place:Syrian"}},
      {"Syrian officials left Syria.",
       {{.surface = "Syrian", .gazetteer = "Syrian"},
        {.surface = "Syria", .gazetteer = "Syria"}},
       {"place:Syria|Syrian|Syrian Arab Republic"},
       {"place:Syrian", "place:Syria"}},
      // A city keeps the article's spelling, not the local one.
      {"Shelling hit Hamah again.",
       {{.surface = "Hamah", .gazetteer = "Hamah"}},
       {"place:Hamah"},
       {"place:Hamah"}},
  });
}

TEST_CASE("one name gets one type, the best-vouched one") {
  CheckCases({
      {"Velmora Group said. Velmora Group shares fell.",
       {{.surface = "Velmora Group"},
        {.surface = "Velmora Group",
         .type = kOrg,
         .evidence = Evidence::kKeyword}},
       {"org:Velmora Group"},
       {"org:Velmora Group", "org:Velmora Group"}},
      // Equally vouched for: the first mention's type.
      {"Velmora Star won. Velmora Star fell.",
       {{.surface = "Velmora Star"}, {.surface = "Velmora Star", .type = kOrg}},
       {"person:Velmora Star"},
       {"person:Velmora Star", "person:Velmora Star"}},
      // A lone word the article already knows as a name.
      {"Reports from Velmora said Velmora would vote.",
       {{.surface = "Velmora", .type = kPlace, .evidence = Evidence::kKeyword},
        {.surface = "Velmora", .tentative = true}},
       {"place:Velmora"},
       {"place:Velmora", "place:Velmora"}},
      // A lone word only: an unresolved entity, and no mention kept.
      {"They met Velmor. Velmor left.",
       {{.surface = "Velmor", .tentative = true, .standalone = true},
        {.surface = "Velmor", .tentative = true, .standalone = true}},
       {"person:Velmor?"},
       {}},
  });
}

TEST_CASE("entities come in first-mention order; entity_of maps mentions") {
  Gazetteer gazetteer;
  REQUIRE(gazetteer.Load(kGazetteer, "test.tsv").empty());
  const std::string text =
      "Joe Biden met Syrian envoys. Velmor and Biden spoke in Syria.";
  const std::vector<NameToken> tokens = TokenizeNames(text);
  std::vector<Mention> mentions =
      MakeMentions(text, tokens, gazetteer,
                   {{.surface = "Joe Biden", .evidence = Evidence::kTitle},
                    {.surface = "Syrian", .gazetteer = "Syrian"},
                    {.surface = "Velmor", .tentative = true},
                    {.surface = "Biden", .tentative = true},
                    {.surface = "Syria", .gazetteer = "Syria"}});
  std::vector<size_t> entity_of;
  const std::vector<Entity> entities =
      MergeMentions(text, tokens, mentions, &entity_of);
  REQUIRE(entities.size() == 2);
  CHECK(entities[0].name == "Joe Biden");
  CHECK(entities[1].name == "Syria");
  REQUIRE(mentions.size() == 4);  // "Velmor" resolved to nothing
  CHECK(entity_of == std::vector<size_t>{0, 1, 0, 1});
}

}  // namespace
}  // namespace gazette
