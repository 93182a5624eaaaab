// Firms named after their founders, told from people by the article
// around them (sentences written for the test).
#include "common/entities/firm_names.h"

#include <doctest/doctest.h>

#include <map>
#include <string>
#include <vector>

#include "common/entities/entity_extractor.h"

namespace gazette {
namespace {

// Entity name -> type name, as the default extractor gives them.
std::map<std::string, std::string> Types(std::string_view body) {
  static const auto extractor = MakeDefaultEntityExtractor();
  std::map<std::string, std::string> types;
  for (const Entity& e : extractor->Extract("", body))
    types[e.name] = std::string(EntityTypeName(e.type));
  return types;
}

TEST_CASE("a firm named like a person is an organisation by its context") {
  struct Case {
    const char* body;
    const char* firm;
  };
  const Case cases[] = {
      {"Prices rose on Monday, said Smith Barney analyst Jane Whitcombe.",
       "Smith Barney"},
      {"Prices rose, said Jane Whitcombe, an analyst with Smith Barney.",
       "Smith Barney"},
      {"Prices rose, said Jane Whitcombe of Shearson Lehman.",
       "Shearson Lehman"},
      {"Prices rose, said Jane Whitcombe, of Shearson Lehman.",
       "Shearson Lehman"},
      {"The shares were bought by brokerage house Dean Witter on Monday.",
       "Dean Witter"},
      {"The shares were bought by the securities firm Drexel Burnham.",
       "Drexel Burnham"},
      {"The offer was managed by L.F. Rothschild and Co of New York.",
       "L.F. Rothschild and Co"},
      {"Salomon Brothers and Kestrel Dunmore co-managed the offering.",
       "Kestrel Dunmore"},
      {"The ferry of the British Kestrel Dunmore company sank.",
       "Kestrel Dunmore"},
      {"Burger Hut, Arby's and Tony Velmor's, had a loss.", "Tony Velmor"},
      {"Sales rose at Tony Velmor's and at Burger Hut.", "Tony Velmor"},
      {"The offer was managed by Dean Witter Reynolds Inc. A spokesman for "
       "Dean Witter declined to comment.",
       "Dean Witter"},
  };
  for (const Case& c : cases) {
    const std::string body = c.body;
    CAPTURE(body);
    const auto types = Types(c.body);
    CHECK(types.contains(c.firm));
    if (types.contains(c.firm)) CHECK(types.at(c.firm) == "org");
  }
}

TEST_CASE("a firm's every mention in the article is the firm") {
  const auto types = Types(
      "Smith Barney raised its forecast on Monday. Prices rose, said Smith "
      "Barney analyst Jane Whitcombe.");
  REQUIRE(types.contains("Smith Barney"));
  CHECK(types.at("Smith Barney") == "org");
  CHECK(types.at("Jane Whitcombe") == "person");
}

TEST_CASE("a person's possessive that owns something stays a person") {
  const auto types = Types(
      "Tony Velmor's plan was dropped, and Jane Whitcombe's company grew.");
  CHECK(types.at("Tony Velmor") == "person");
  CHECK(types.at("Jane Whitcombe") == "person");
}

TEST_CASE("people stay people: a title, or no firm's context") {
  const auto types = Types(
      "President Ronald Reagan met Jane Whitcombe of Texas on Monday. "
      "Analyst Peter Marlowe said with Ronald Reagan there, nothing moved.");
  CHECK(types.at("Ronald Reagan") == "person");
  CHECK(types.at("Jane Whitcombe") == "person");
  CHECK(types.at("Peter Marlowe") == "person");
}

}  // namespace
}  // namespace gazette
