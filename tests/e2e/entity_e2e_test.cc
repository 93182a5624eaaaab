// The seed article end to end: the entities the extractor finds, the facets
// and entity list the searcher prints, and entity filters by any alias.
#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "common/corpus/article_parser.h"
#include "common/entities/entity_extractor.h"
#include "tests/support/test_support.h"

namespace gazette {
namespace {

using nlohmann::json;
using testing::Run;
using testing::RunResult;
using testing::TempDir;

const std::string kSeed =
    std::string(GAZETTE_SOURCE_DIR) + "/corpus/000_c9a4adc938a6129f.txt";

using Names = std::set<std::string>;

// What the seed article must show, per type (issue 3).
const Names kPeople = {"Ahmad al-Dalati", "Bashar al-Assad", "Ahmed al-Sharaa",
                       "Donald Trump"};
const Names kPlaces = {"Syria", "Israel", "Damascus", "Golan Heights",
                       "Quneitra"};
const Names kOrgs = {"Reuters", "Hayat Tahrir al-Sham",
                     "Palestinian Islamic Jihad", "State Department"};
// Words of the article that are not names, and short forms that must have
// been merged into their full names.
const Names kNeverEntities = {"Earlier",
                              "Three",
                              "Amid",
                              "Broader",
                              "Trump's",
                              "The US encourages",
                              "The",
                              "On",
                              "But",
                              "While",
                              "For",
                              "More",
                              "Western",
                              "Islam",
                              "al-Sharaa",
                              "Al-Sharaa",
                              "Trump",
                              "HTS",
                              "al-Assad",
                              "al-Dalati",
                              "Syrian",
                              "Israeli",
                              "Sweida province"};

// A name is capitalised words, with particles and connectors between them.
bool LooksLikeName(const std::string& name) {
  size_t start = 0;
  while (start < name.size()) {
    size_t end = name.find(' ', start);
    if (end == std::string::npos) end = name.size();
    const std::string word = name.substr(start, end - start);
    const bool connector = word == "of" || word == "for" ||
                           word.starts_with("al-") || word == "bin";
    if (!connector && !std::isupper(static_cast<unsigned char>(word[0])))
      return false;
    start = end + 1;
  }
  return !name.empty();
}

Names OfType(const std::vector<Entity>& entities, EntityType type) {
  Names out;
  for (const Entity& e : entities) {
    if (e.type == type && !e.unresolved) out.insert(e.name);
  }
  return out;
}

bool Includes(const Names& all, const Names& some) {
  return std::includes(all.begin(), all.end(), some.begin(), some.end());
}

TEST_CASE("the extractor finds the seed article's people, places and orgs") {
  const ParsedArticle article = ParseArticle(testing::ReadFile(kSeed));
  const std::vector<Entity> entities = MakeDefaultEntityExtractor()->Extract(
      DeriveTitle(article.body), article.body);

  const Names people = OfType(entities, EntityType::kPerson);
  CAPTURE(nlohmann::json(people).dump());
  // Exactly these people: a junk "person" would show here first.
  CHECK(people == Names{"Ahmad al-Dalati", "Bashar al-Assad", "Ahmed al-Sharaa",
                        "Donald Trump", "Eli Cohen"});
  const Names places = OfType(entities, EntityType::kPlace);
  CAPTURE(nlohmann::json(places).dump());
  CHECK(Includes(places, kPlaces));
  const Names orgs = OfType(entities, EntityType::kOrg);
  CAPTURE(nlohmann::json(orgs).dump());
  CHECK(Includes(orgs, kOrgs));
  CHECK(OfType(entities, EntityType::kGroup).contains("Druze"));

  for (const Entity& e : entities) {
    CAPTURE(e.name);
    CHECK_FALSE(kNeverEntities.contains(e.name));
    CHECK(LooksLikeName(e.name));
  }
  const auto find = [&](const std::string& name) {
    return *std::find_if(entities.begin(), entities.end(),
                         [&](const Entity& e) { return e.name == name; });
  };
  const auto has_alias = [](const Entity& e, const std::string& alias) {
    return std::find(e.aliases.begin(), e.aliases.end(), alias) !=
           e.aliases.end();
  };
  CHECK(has_alias(find("Ahmed al-Sharaa"), "al-Sharaa"));
  CHECK(has_alias(find("Donald Trump"), "Trump"));
  CHECK(has_alias(find("Hayat Tahrir al-Sham"), "HTS"));
  CHECK(has_alias(find("Bashar al-Assad"), "al-Assad"));
  // Syria is named outright, so it is no mere derived mention.
  CHECK_FALSE(find("Syria").derived);
}

class SeedIndex {
 public:
  SeedIndex() {
    const RunResult r =
        Run({GAZETTE_INDEXER, "build",
             std::string(GAZETTE_SOURCE_DIR) + "/corpus", "--db", dir_ / "db"});
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  }
  RunResult Search(std::vector<std::string> args) const {
    args.insert(args.begin(), {GAZETTE_SEARCHER, "--db", dir_ / "db"});
    args.insert(args.end(), {"--format", "json"});
    return Run(args);
  }

 private:
  TempDir dir_;
};

const SeedIndex& Index() {
  static const SeedIndex index;
  return index;
}

TEST_CASE("the seed article's facets and entity list, as the searcher prints") {
  const RunResult r = Index().Search({"--facets", "Golan"});
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  const json out = json::parse(r.out);
  REQUIRE(out["hits"].size() == 1);
  std::map<std::string, Names> listed;
  for (const json& e : out["hits"][0]["entities"]) {
    listed[e["type"].get<std::string>()].insert(e["name"].get<std::string>());
    CHECK_FALSE(kNeverEntities.contains(e["name"].get<std::string>()));
  }
  CHECK(Includes(listed["person"], kPeople));
  CHECK(Includes(listed["place"], kPlaces));
  CHECK(Includes(listed["org"], kOrgs));

  Names people_facet, org_facet;
  for (const json& v : out["facets"]["person"]) people_facet.insert(v["value"]);
  for (const json& v : out["facets"]["org"]) org_facet.insert(v["value"]);
  CHECK(Includes(people_facet, kPeople));
  CHECK(Includes(org_facet, kOrgs));
}

TEST_CASE("entity filters find the seed article by any alias, any case") {
  const std::vector<std::vector<std::string>> finding = {
      {"--person", "al-sharaa"},
      {"--person", "AL-SHARAA"},
      {"--person", "Ahm\u00e9d al\u2011Shar\u00e1a"},  // accents, a hyphen
      {"--person", "Ahmed al-Sharaa"},
      {"--person", "trump"},
      {"--person", "President Donald Trump"},
      {"--person", "al-Assad"},
      {"--org", "HTS"},
      {"--org", "hayat tahrir al-sham"},
      {"--org", "Palestinian Islamic Jihad"},
      {"--org", "state department"},
      {"--place", "syria"},
      {"--place", "Syrian"},
      {"--place", "quneitra"},
      {"--place", "Golan Heights"},
      {"--place", "US"},
      {"--place", "United States"},
      {"--place", "USA"},
      {"person:al-sharaa org:hts place:damascus"},
  };
  for (const auto& args : finding) {
    CAPTURE(json(args).dump());
    const RunResult r = Index().Search(args);
    CHECK(r.exit_code == 0);
    if (r.exit_code == 0) CHECK(json::parse(r.out)["hits"].size() == 1);
  }
  // The right type only: Damascus is no person, Trump no place.
  for (const auto& args :
       std::vector<std::vector<std::string>>{{"--person", "damascus"},
                                             {"--place", "trump"},
                                             {"--org", "syria"}}) {
    CAPTURE(json(args).dump());
    CHECK(Index().Search(args).exit_code == 1);
  }
}

TEST_CASE("across the corpus, a short name counts under the full name") {
  TempDir dir;
  const std::string corpus = dir / "corpus";
  testing::WriteFile(corpus + "/seed.txt", testing::ReadFile(kSeed));
  testing::WriteFile(corpus + "/later.txt",
                     "date: 2025-06-02\n\nEnvoys asked al-Sharaa about the "
                     "Golan talks on Monday.\n");
  const RunResult built =
      Run({GAZETTE_INDEXER, "build", corpus, "--db", dir / "db"});
  REQUIRE_MESSAGE(built.exit_code == 0, built.err);
  const auto search = [&](std::vector<std::string> args) {
    args.insert(args.begin(), {GAZETTE_SEARCHER, "--db", dir / "db"});
    args.insert(args.end(), {"--format", "json"});
    const RunResult r = Run(args);
    CAPTURE(r.err);
    REQUIRE(r.exit_code <= 1);
    return json::parse(r.out);
  };
  CHECK(search({"--person", "Ahmed al-Sharaa"})["hits"].size() == 2);
  CHECK(search({"--person", "al-sharaa"})["hits"].size() == 2);
  const json facets = search({"--facets", "Golan"})["facets"]["person"];
  std::map<std::string, int> counts;
  for (const json& v : facets) counts[v["value"]] = v["count"];
  CHECK(counts["Ahmed al-Sharaa"] == 2);
  CHECK_FALSE(counts.contains("al-Sharaa"));
}

}  // namespace
}  // namespace gazette
