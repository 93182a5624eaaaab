// The default extractor end to end, as the indexer uses it: an article's
// title and body in, each entity once, typed, with its aliases.
#include <doctest/doctest.h>

#include <algorithm>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "common/base/fold.h"
#include "common/entities/entity_extractor.h"

namespace gazette {
namespace {

using V = std::vector<std::string>;

// "type:name" per entity in order of first mention; '*' marks a derived
// one, '?' an unresolved one.
V Names(const std::vector<Entity>& entities) {
  V out;
  for (const Entity& e : entities) {
    out.push_back(std::string(EntityTypeName(e.type)) + ":" + e.name +
                  (e.derived ? "*" : "") + (e.unresolved ? "?" : ""));
  }
  return out;
}

// Joined, so that a failing check prints both lists.
std::string Join(const V& items) {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : ", ") + item;
  return "[" + out + "]";
}

struct Case {
  std::string name;
  const char* title;
  const char* body;
  V entities;
  // Entity name -> surface forms of the text that must be its aliases.
  std::vector<std::pair<std::string, V>> aliases;
};

const std::vector<Case>& Cases() {
  static const std::vector<Case> cases = {
      {"people by full name, then by short name",
       "",
       "President Donald Trump met Governor Maria Lopez. Trump left; Lopez "
       "stayed.",
       {"person:Donald Trump", "person:Maria Lopez"},
       {{"Donald Trump", {"Trump", "President Donald Trump"}},
        {"Maria Lopez", {"Lopez"}}}},
      {"places and organisations",
       "",
       "Reuters reported from Damascus that the Central Bank of Velmora "
       "would meet in Riyadh.",
       {"org:Reuters", "place:Damascus", "org:Central Bank of Velmora",
        "place:Riyadh"},
       {}},
      {"a name met again and again is one entity",
       "",
       "Reuters said so. Reuters said it again, and Reuters repeated it in "
       "Damascus, Damascus and Damascus.",
       {"org:Reuters", "place:Damascus"},
       {}},
      {"a name in the title and the body is one entity",
       "Trump meets al-Sharaa",
       "President Donald Trump met Syrian President Ahmed al-Sharaa.",
       {"person:Donald Trump", "person:Ahmed al-Sharaa", "place:Syria*"},
       {{"Donald Trump", {"Trump"}}, {"Ahmed al-Sharaa", {"al-Sharaa"}}}},
      {"a headline in title case gives the names it knows",
       "Israel And Syria Hold Direct Talks",
       "The talks began in Damascus.",
       {"place:Israel", "place:Syria", "place:Damascus"},
       {}},
      {"a title that is the body's first sentence adds nothing",
       "The Bank of Velmora raised rates in Madrid.",
       "The Bank of Velmora raised rates in Madrid. Governor Maria Lopez "
       "said so.",
       {"org:Bank of Velmora", "place:Madrid", "person:Maria Lopez"},
       {}},
      {"an adjective implies its place or group, derived until named",
       "",
       "Syrian officials met Kurdish fighters and Druze elders. Later they "
       "left Syria.",
       {"place:Syria", "group:Kurds*", "group:Druze"},
       {{"Syria", {"Syrian"}}, {"Kurds", {"Kurdish"}}}},
      {"a lone surname no full name claims is unresolved",
       "",
       "Envoys asked al-Sharaa about it.",
       {"person:al-Sharaa?"},
       {}},
      {"text without names gives none",
       "",
       "the talks resumed on sunday after a long pause.",
       {},
       {}},
      {"an empty article gives none", "", "", {}, {}},
  };
  return cases;
}

TEST_CASE("extractor finds each person, place, org and group once, in order") {
  const auto extractor = MakeDefaultEntityExtractor();
  for (const Case& c : Cases()) {
    CAPTURE(c.name);
    const std::vector<Entity> entities = extractor->Extract(c.title, c.body);
    CHECK(Join(Names(entities)) == Join(c.entities));
  }
}

TEST_CASE("extractor merges the forms that name one entity as its aliases") {
  const auto extractor = MakeDefaultEntityExtractor();
  for (const Case& c : Cases()) {
    const std::vector<Entity> entities = extractor->Extract(c.title, c.body);
    for (const auto& [entity_name, forms] : c.aliases) {
      // Clang 14 cannot capture a structured binding in a lambda.
      const std::string name = entity_name;
      CAPTURE(c.name);
      CAPTURE(name);
      const auto e =
          std::find_if(entities.begin(), entities.end(),
                       [&](const Entity& x) { return x.name == name; });
      REQUIRE(e != entities.end());
      for (const std::string& form : forms) {
        CAPTURE(form);
        CHECK(std::find(e->aliases.begin(), e->aliases.end(), form) !=
              e->aliases.end());
      }
      // No form is listed twice, nor as an alias of itself.
      CHECK(
          std::set<std::string>(e->aliases.begin(), e->aliases.end()).size() ==
          e->aliases.size());
      CHECK(std::find(e->aliases.begin(), e->aliases.end(), e->name) ==
            e->aliases.end());
    }
  }
}

TEST_CASE("extractor never lists two entities that filters cannot tell apart") {
  // What the index stores and --person matches is the type and folded name.
  const auto extractor = MakeDefaultEntityExtractor();
  for (const Case& c : Cases()) {
    CAPTURE(c.name);
    std::set<std::pair<EntityType, std::string>> keys;
    const std::vector<Entity> entities = extractor->Extract(c.title, c.body);
    for (const Entity& e : entities) keys.insert({e.type, FoldName(e.name)});
    CHECK(keys.size() == entities.size());
  }
}

TEST_CASE("extractor gives the same entities from several threads at once") {
  const auto extractor = MakeDefaultEntityExtractor();
  std::vector<V> expected;
  for (const Case& c : Cases())
    expected.push_back(Names(extractor->Extract(c.title, c.body)));
  constexpr int kThreads = 4;
  std::vector<int> mismatches(kThreads, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 20; ++round) {
        for (size_t i = 0; i < Cases().size(); ++i) {
          const Case& c = Cases()[i];
          if (Names(extractor->Extract(c.title, c.body)) != expected[i])
            ++mismatches[t];
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  CHECK(mismatches == std::vector<int>(kThreads, 0));
}

}  // namespace
}  // namespace gazette
