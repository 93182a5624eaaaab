// Corrections by the user: the file's format, its errors, and what the
// rules do to an article's entities.
#include "common/entities/corrections.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "gazette/error.h"
#include "tests/support/test_support.h"

namespace gazette {
namespace {

Entity Make(EntityType type, std::string name,
            std::vector<std::string> aliases = {}) {
  Entity e;
  e.type = type;
  e.name = std::move(name);
  e.aliases = std::move(aliases);
  return e;
}

// The message Parse() throws for text, or "" when it throws none.
std::string ParseError(const std::string& text) {
  try {
    Corrections::Parse(text, "fixes.txt");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::kUsage);
    return e.what();
  }
  return "";
}

TEST_CASE("corrections: each kind of rule does what it says") {
  const Corrections c = Corrections::Parse(
      "# an archivist's fixes\n"
      "\n"
      "merge  org    IBM = International Business Machines\n"
      "rename place  WASHINGTON = Washington\n"
      "type   person Smith Barney = org\n"
      "hide   person Qtly Dividend\n",
      "fixes.txt");
  CHECK(c.size() == 4);
  std::vector<Entity> entities = {
      Make(EntityType::kOrg, "IBM"),
      Make(EntityType::kPerson, "Qtly Dividend"),
      Make(EntityType::kPlace, "WASHINGTON"),
      Make(EntityType::kPerson, "Smith Barney", {"Barney"}),
      Make(EntityType::kPerson, "James Baker"),
  };
  c.Apply(entities);
  REQUIRE(entities.size() == 4);
  CHECK(entities[0] ==
        Make(EntityType::kOrg, "International Business Machines", {"IBM"}));
  CHECK(entities[1] == Make(EntityType::kPlace, "Washington", {"WASHINGTON"}));
  CHECK(entities[2] == Make(EntityType::kOrg, "Smith Barney", {"Barney"}));
  CHECK(entities[3] == Make(EntityType::kPerson, "James Baker"));
}

TEST_CASE("corrections match a name by its key, of its type only") {
  const Corrections c = Corrections::Parse(
      "merge org General Motors Corp. = General Motors\n"
      "hide person Reuters\n",
      "fixes.txt");
  std::vector<Entity> entities = {
      Make(EntityType::kOrg, "GENERAL MOTORS CORP"),
      Make(EntityType::kOrg, "Reuters"),
  };
  c.Apply(entities);
  REQUIRE(entities.size() == 2);
  CHECK(entities[0].name == "General Motors");
  // The organisation Reuters is no person: the rule leaves it.
  CHECK(entities[1] == Make(EntityType::kOrg, "Reuters"));
}

TEST_CASE("corrections: entities that become one are merged") {
  const Corrections c = Corrections::Parse(
      "merge org IBM = International Business Machines\n", "fixes.txt");
  std::vector<Entity> entities = {
      Make(EntityType::kOrg, "International Business Machines Corp"),
      Make(EntityType::kPlace, "Armonk"),
      Make(EntityType::kOrg, "IBM", {"I.B.M."}),
  };
  entities[0].derived = false;
  entities[2].derived = true;
  c.Apply(entities);
  REQUIRE(entities.size() == 2);
  CHECK(entities[0].name == "International Business Machines Corp");
  CHECK(entities[0].aliases ==
        std::vector<std::string>{"International Business Machines", "I.B.M.",
                                 "IBM"});
  // An article that names only the full name gets the merged name as an
  // alias: a filter on it finds the article.
  std::vector<Entity> full = {
      Make(EntityType::kOrg, "International Business Machines Corp")};
  c.Apply(full);
  CHECK(full[0].aliases == std::vector<std::string>{"IBM"});
  CHECK_FALSE(entities[0].derived);
  CHECK(entities[1].name == "Armonk");
}

TEST_CASE("corrections follow one another: merge, then retype") {
  const Corrections c = Corrections::Parse(
      "type person Hutton = org\n"
      "merge org Hutton = E.F. Hutton and Co\n"
      "rename org EF Hutton = E.F. Hutton\n",
      "fixes.txt");
  std::vector<Entity> entities = {Make(EntityType::kPerson, "Hutton")};
  c.Apply(entities);
  REQUIRE(entities.size() == 1);
  CHECK(entities[0].type == EntityType::kOrg);
  CHECK(entities[0].name == "E.F. Hutton");
}

TEST_CASE("corrections: the fingerprint says what the rules do") {
  const std::string a =
      "merge org IBM = International Business Machines\nhide person X Y\n";
  const std::string same =
      "# the same, reordered and spaced\n"
      "hide   person  x y\n"
      "merge org I.B.M. =  International Business "
      "Machines\n";
  const std::string other = "merge org IBM = Intl Business Machines\n";
  CHECK(Corrections().Fingerprint().empty());
  CHECK(Corrections::Parse("# nothing\n\n", "f").Fingerprint().empty());
  const std::string fp = Corrections::Parse(a, "f").Fingerprint();
  CHECK(fp.size() == 16);
  CHECK(Corrections::Parse(same, "f").Fingerprint() == fp);
  CHECK(Corrections::Parse(other, "f").Fingerprint() != fp);
}

TEST_CASE("corrections: a bad line is named with its file, number and entry") {
  struct Case {
    const char* text;
    const char* message;
  };
  const Case cases[] = {
      {"merj org IBM = X\n",
       "fixes.txt:1: unknown correction 'merj' (valid: merge, rename, type, "
       "hide) in 'merj org IBM = X'"},
      {"# ok\nmerge company IBM = X\n",
       "fixes.txt:2: unknown type 'company' (valid: person, place, org, "
       "group) in 'merge company IBM = X'"},
      {"merge org IBM\n",
       "fixes.txt:1: merge needs '= NEW NAME' in 'merge org IBM'"},
      {"type person Smith Barney\n",
       "fixes.txt:1: type needs '= TYPE' in 'type person Smith Barney'"},
      {"type person Smith Barney = firm\n",
       "fixes.txt:1: unknown type 'firm' (valid: person, place, org, group) "
       "in 'type person Smith Barney = firm'"},
      {"type org IBM = org\n",
       "fixes.txt:1: the name is of type org already in 'type org IBM = org'"},
      {"hide person X = Y\n",
       "fixes.txt:1: hide takes a name and no '= ...' in 'hide person X = "
       "Y'"},
      {"hide person\n", "fixes.txt:1: missing the name in 'hide person'"},
      {"hide\n",
       "fixes.txt:1: missing the type (person, place, org or group) in "
       "'hide'"},
      {"merge org IBM = \n",
       "fixes.txt:1: missing the new name after '=' in 'merge org IBM = '"},
      {"merge org A = B = C\n",
       "fixes.txt:1: more than one '=' in 'merge org A = B = C'"},
      {"hide place ...\n",
       "fixes.txt:1: '...' has no letter or digit in 'hide place ...'"},
      {"hide org IBM\nmerge org I.B.M. Corp = X\n",
       "fixes.txt:2: 'I.B.M. Corp' is corrected on line 1 already in 'merge "
       "org I.B.M. Corp = X'"},
      {"merge org A = B\nmerge org B = A\n",
       "fixes.txt:1: leads back to 'A' (through line 1) in 'merge org A = "
       "B'"},
      {"hide person \xff\xfe\n",
       "fixes.txt:1: not UTF-8 text in 'hide person \\xff\\xfe'"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    CHECK(ParseError(c.text) == c.message);
  }
}

TEST_CASE("corrections: Windows line ends and a missing last newline") {
  const Corrections c =
      Corrections::Parse("hide person A B\r\nhide person C D", "f");
  std::vector<Entity> entities = {Make(EntityType::kPerson, "C D"),
                                  Make(EntityType::kPerson, "A B")};
  c.Apply(entities);
  CHECK(entities.empty());
}

TEST_CASE("corrections: a file that cannot be read is a usage error") {
  testing::TempDir dir;
  try {
    Corrections::Load(dir / "missing.txt");
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::kUsage);
    CHECK(std::string(e.what()).find("missing.txt': cannot read it (No such "
                                     "file or directory)") !=
          std::string::npos);
  }
}

}  // namespace
}  // namespace gazette
