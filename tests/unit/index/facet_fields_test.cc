#include "common/index/facet_fields.h"

#include <doctest/doctest.h>

#include <set>
#include <string>
#include <vector>

#include "common/index/schema.h"
#include "common/index/stored_fields.h"
#include "tests/support/test_support.h"

namespace gazette {
namespace {

// A document as the indexer leaves it: an entity list and a date.
Xapian::Document Article(const std::vector<ArticleEntity>& entities,
                         const std::string& date) {
  Xapian::Document doc;
  doc.add_boolean_term("Qa.txt");
  if (!entities.empty())
    doc.add_value(schema::kEntitySlot, EncodeEntityList(entities));
  if (!date.empty()) doc.add_value(schema::kDateSlot, date);
  SyncFacetFields(doc);
  return doc;
}

std::set<std::string> FacetTerms(const Xapian::Document& doc) {
  std::set<std::string> terms;
  for (auto it = doc.termlist_begin(); it != doc.termlist_end(); ++it) {
    if ((*it).starts_with(schema::kFacetNamePrefix)) terms.insert(*it);
  }
  return terms;
}

FacetFields Fields(const Xapian::Document& doc, std::string& value) {
  value = doc.get_value(schema::kFacetSlot);
  FacetFields fields;
  REQUIRE(DecodeFacetFields(value, &fields));
  return fields;
}

const ArticleEntity kSharaa{EntityType::kPerson, "ahmed al-sharaa",
                            "Ahmed al-Sharaa", false};
const ArticleEntity kSyria{EntityType::kPlace, "syria", "Syria", true};
const ArticleEntity kLopez{EntityType::kPerson, "maria lopez", "María López",
                           false};

TEST_CASE("a key code is its type and a hash of the key") {
  const struct {
    EntityType type;
    std::string key;
  } keys[] = {{EntityType::kPerson, "ahmed al-sharaa"},
              {EntityType::kPlace, "ahmed al-sharaa"},
              {EntityType::kOrg, "reuters"},
              {EntityType::kGroup, "druze"},
              {EntityType::kPerson, ""}};
  std::set<uint32_t> codes;
  for (const auto& k : keys) {
    CAPTURE(k.key);
    const uint32_t code = FacetKeyCode(k.type, k.key);
    CHECK(code != 0);
    CHECK(FacetCodeType(code) == k.type);
    CHECK(FacetKeyCode(k.type, k.key) == code);
    codes.insert(code);
  }
  CHECK(codes.size() == std::size(keys));
}

TEST_CASE("facet fields hold the month and one code per key, ascending") {
  std::string value;
  const Xapian::Document doc = Article({kSharaa, kSyria, kLopez}, "20250528");
  const FacetFields f = Fields(doc, value);
  CHECK(f.month == 202505);
  REQUIRE(f.codes == 3);
  CHECK(f.code(0) < f.code(1));
  CHECK(f.code(1) < f.code(2));
  const std::set<uint32_t> codes = {f.code(0), f.code(1), f.code(2)};
  CHECK(codes == std::set<uint32_t>{FacetKeyCode(kSharaa.type, kSharaa.key),
                                    FacetKeyCode(kSyria.type, kSyria.key),
                                    FacetKeyCode(kLopez.type, kLopez.key)});
  CHECK(
      FacetTerms(doc) ==
      std::set<std::string>{
          FacetNameTerm(FacetKeyCode(kSharaa.type, kSharaa.key),
                        "Ahmed al-Sharaa"),
          FacetNameTerm(FacetKeyCode(kSyria.type, kSyria.key), "Syria"),
          FacetNameTerm(FacetKeyCode(kLopez.type, kLopez.key), "María López")});
}

TEST_CASE("keys sharing a code: one code, both names") {
  const auto [a, b] = testing::KeysSharingAFacetCode(EntityType::kOrg);
  CHECK(a != b);
  std::string value;
  const Xapian::Document doc = Article(
      {{EntityType::kOrg, a, "A", false}, {EntityType::kOrg, b, "B", false}},
      "");
  const FacetFields f = Fields(doc, value);
  REQUIRE(f.codes == 1);
  CHECK(FacetTerms(doc) ==
        std::set<std::string>{FacetNameTerm(f.code(0), "A"),
                              FacetNameTerm(f.code(0), "B")});
}

TEST_CASE("an article counts once for a key it lists twice, first name kept") {
  std::string value;
  const ArticleEntity other_form{EntityType::kPerson, "maria lopez",
                                 "Maria Lopez", false};
  const Xapian::Document doc = Article({kLopez, other_form}, "");
  const FacetFields f = Fields(doc, value);
  CHECK(f.month == 0);
  CHECK(f.codes == 1);
  CHECK(FacetTerms(doc) ==
        std::set<std::string>{FacetNameTerm(f.code(0), "María López")});
}

TEST_CASE("facet fields follow the entity list and date when they change") {
  Xapian::Document doc = Article({kSharaa, kLopez}, "20250528");
  doc.add_value(schema::kEntitySlot, EncodeEntityList({kLopez, kSyria}));
  doc.add_value(schema::kDateSlot, "19870301");
  SyncFacetFields(doc);
  std::string value;
  const FacetFields f = Fields(doc, value);
  CHECK(f.month == 198703);
  CHECK(f.codes == 2);
  CHECK(
      FacetTerms(doc) ==
      std::set<std::string>{
          FacetNameTerm(FacetKeyCode(kSyria.type, kSyria.key), "Syria"),
          FacetNameTerm(FacetKeyCode(kLopez.type, kLopez.key), "María López")});
  // Other terms are left alone.
  CHECK(doc.termlist_count() == 3);

  // Neither entities nor a date: no facet fields at all.
  doc.remove_value(schema::kEntitySlot);
  doc.remove_value(schema::kDateSlot);
  SyncFacetFields(doc);
  CHECK(doc.get_value(schema::kFacetSlot).empty());
  CHECK(FacetTerms(doc).empty());
  // Nor for an article that never had any.
  const Xapian::Document bare = Article({}, "");
  CHECK(bare.get_value(schema::kFacetSlot).empty());
  CHECK(bare.termlist_count() == 1);
}

TEST_CASE("a facet name term is cut to fit, at a character boundary") {
  const uint32_t code = FacetKeyCode(EntityType::kOrg, "x");
  const std::string prefix = FacetNamePrefix(code);
  CHECK(prefix.size() == schema::kFacetNamePrefix.size() + 4);
  CHECK(FacetNameTermCode(prefix + "Acme") == code);
  CHECK(FacetNameTermCode("XPacme") == 0);
  const std::string short_term = FacetNameTerm(code, "Acme Corp");
  CHECK(short_term == prefix + "Acme Corp");
  CHECK_FALSE(FacetNameTermCut(short_term));
  std::string long_name;
  while (long_name.size() < 300) long_name += "Ş";  // two bytes each
  long_name = "A" + long_name;
  const std::string cut = FacetNameTerm(code, long_name);
  CHECK(cut.size() <= schema::kMaxTermBytes);
  CHECK(cut.starts_with(prefix + "AŞ"));
  // Whole characters only: an odd number of bytes after the "A".
  CHECK((cut.size() - prefix.size() - 1) % 2 == 0);
  CHECK(FacetNameTermCut(cut));
}

TEST_CASE("malformed facet slot values are refused") {
  FacetFields f;
  CHECK_FALSE(DecodeFacetFields("", &f));
  CHECK_FALSE(DecodeFacetFields("\x80", &f));  // unfinished number
  CHECK_FALSE(DecodeFacetFields(std::string("\x01") + "123", &f));
  // FacetFields reads the value in place: it must outlive f's reads.
  const std::string value = std::string("\x01") + "1234";
  CHECK(DecodeFacetFields(value, &f));
  CHECK(f.month == 1);
  CHECK(f.codes == 1);
  CHECK(f.code(0) == 0x34333231);
}

TEST_CASE("the month of a date slot value") {
  CHECK(FacetMonth("20250528") == 202505);
  CHECK(FacetMonth("09870101") == 98701);
  CHECK(FacetMonth("") == 0);
  CHECK(FacetMonth("2025052") == 0);
  CHECK(FacetMonth("abcdefgh") == 0);
}

}  // namespace
}  // namespace gazette
