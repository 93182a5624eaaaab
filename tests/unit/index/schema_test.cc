#include "common/index/schema.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <set>
#include <string>

#include "common/base/utf8.h"
#include "tests/support/test_support.h"

namespace gazette {
namespace {

constexpr EntityType kTypes[] = {EntityType::kPerson, EntityType::kPlace,
                                 EntityType::kOrg, EntityType::kGroup};

TEST_CASE("schema fields have distinct names and prefixes") {
  std::set<std::string_view> names;
  std::set<std::string_view> prefixes;
  for (const schema::Field& field : schema::Fields()) {
    CAPTURE(field.name);
    CHECK(names.insert(field.name).second);
    CHECK(prefixes.insert(field.prefix).second);
    CHECK_FALSE(field.prefix.empty());
  }
}

// The README's section under `heading`, its line breaks made spaces.
std::string ReadmeSection(const std::string& heading) {
  const std::string readme =
      testing::ReadFile(std::string(GAZETTE_SOURCE_DIR) + "/README.md");
  const size_t begin = readme.find("\n## " + heading + "\n");
  REQUIRE_MESSAGE(begin != std::string::npos, "README has no " << heading);
  std::string section =
      readme.substr(begin, readme.find("\n## ", begin + 1) - begin);
  std::replace(section.begin(), section.end(), '\n', ' ');
  return section;
}

TEST_CASE("the README shows each field of the query syntax") {
  const std::string section = ReadmeSection("Query syntax");
  for (const schema::Field& field : schema::Fields()) {
    CAPTURE(field.name);
    CHECK(section.find("`" + std::string(field.name) + ":") !=
          std::string::npos);
  }
}

TEST_CASE(
    "each entity type is a field of its own name, searched as an entity") {
  struct Case {
    EntityType type;
    std::string_view prefix;
  };
  const Case cases[] = {
      {EntityType::kPerson, "XP"},
      {EntityType::kPlace, "XL"},
      {EntityType::kOrg, "XO"},
      {EntityType::kGroup, "XG"},
  };
  for (const Case& c : cases) {
    CAPTURE(EntityTypeName(c.type));
    CHECK(schema::EntityPrefix(c.type) == c.prefix);
    bool found = false;
    for (const schema::Field& field : schema::Fields()) {
      if (field.name != EntityTypeName(c.type)) continue;
      found = true;
      CHECK(field.prefix == c.prefix);
      CHECK(field.kind == schema::FieldKind::kEntity);
    }
    CHECK(found);
  }
}

TEST_CASE("terms are the prefix and the value while they fit") {
  struct Case {
    std::string term;
    std::string expected;
  };
  const Case cases[] = {
      {schema::IdTerm("2025/a.txt"), "Q2025/a.txt"},
      {schema::IdTerm(""), "Q"},
      {schema::EntityTerm(EntityType::kPerson, "ahmed al-sharaa"),
       "XPahmed al-sharaa"},
      {schema::EntityTerm(EntityType::kPlace, "golan heights"),
       "XLgolan heights"},
      {schema::EntityTerm(EntityType::kOrg, "amc"), "XOamc"},
      {schema::EntityTerm(EntityType::kGroup, "kurds"), "XGkurds"},
      // Exactly at the limit: kept whole.
      {schema::IdTerm(std::string(schema::kMaxTermBytes - 1, 'a')),
       "Q" + std::string(schema::kMaxTermBytes - 1, 'a')},
  };
  for (const Case& c : cases) CHECK(c.term == c.expected);
}

// The hash that ends a shortened term: '#' and 16 hex digits.
bool EndsWithHash(const std::string& term) {
  if (term.size() < 17 || term[term.size() - 17] != '#') return false;
  return term.find_first_not_of("0123456789abcdef", term.size() - 16) ==
         std::string::npos;
}

TEST_CASE("a value too long for a term is cut to whole characters and hashed") {
  struct Case {
    std::string name;
    std::string value;
  };
  const Case cases[] = {
      {"one byte past the limit", std::string(schema::kMaxTermBytes, 'a')},
      {"ASCII", std::string(1000, 'x')},
      {"two-byte characters",
       [] {
         std::string s;
         for (int i = 0; i < 300; ++i) s += "\xc3\xa9";  // é
         return s;
       }()},
      {"two-byte characters, shifted by one",
       [] {
         std::string s = "a";
         for (int i = 0; i < 300; ++i) s += "\xc3\xa9";
         return s;
       }()},
      {"four-byte characters",
       [] {
         std::string s;
         for (int i = 0; i < 100; ++i) s += "\xf0\x9f\x8c\x8d";  // 🌍
         return s;
       }()},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    for (const std::string& term :
         {schema::IdTerm(c.value),
          schema::EntityTerm(EntityType::kPerson, c.value)}) {
      CHECK(term.size() <= schema::kMaxTermBytes);
      CHECK(EndsWithHash(term));
      size_t repairs = 0;
      (void)RepairUtf8(term, &repairs);
      CHECK(repairs == 0);
    }
    // The same value always gives the same term: re-indexing replaces.
    CHECK(schema::IdTerm(c.value) == schema::IdTerm(std::string(c.value)));
    // Values that differ only past the cut still give distinct terms.
    CHECK(schema::IdTerm(c.value) != schema::IdTerm(c.value + "z"));
    CHECK(schema::IdTerm(c.value + "y") != schema::IdTerm(c.value + "z"));
  }
}

TEST_CASE("a shortened term is one Xapian stores and finds") {
  testing::TempDir dir;
  const std::string id(600, 'i');
  const std::string key(600, 'k');
  {
    Xapian::WritableDatabase db(dir / "db", Xapian::DB_CREATE);
    Xapian::Document doc;
    doc.add_boolean_term(schema::IdTerm(id));
    doc.add_boolean_term(schema::EntityTerm(EntityType::kOrg, key));
    db.replace_document(schema::IdTerm(id), doc);
    db.replace_document(schema::IdTerm(id), doc);  // replaced, not added
    db.commit();
  }
  Xapian::Database db(dir / "db");
  CHECK(db.get_doccount() == 1);
  CHECK(db.get_termfreq(schema::IdTerm(id)) == 1);
  CHECK(db.get_termfreq(schema::EntityTerm(EntityType::kOrg, key)) == 1);
}

TEST_CASE("the stemmer is English: inflections share a stem") {
  const Xapian::Stem stem = schema::MakeStemmer();
  struct Case {
    std::string word;
    const char* stem;
  };
  const Case cases[] = {
      {"talks", "talk"},          {"talking", "talk"},
      {"negotiations", "negoti"}, {"negotiated", "negoti"},
      {"sanctions", "sanction"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.word);
    CHECK(stem(c.word) == c.stem);
  }
}

TEST_CASE("the README states the schema version this build writes") {
  const std::string section = ReadmeSection("Index schema");
  CHECK(section.find("schema version (`" + std::to_string(schema::kVersion) +
                     "`)") != std::string::npos);
  CHECK(section.find(std::string("`") + schema::kVersionKey + "`") !=
        std::string::npos);
  for (EntityType type : kTypes) {
    CAPTURE(EntityTypeName(type));
    CHECK(section.find("`" + std::string(schema::EntityPrefix(type)) + "`") !=
          std::string::npos);
  }
}

}  // namespace
}  // namespace gazette
