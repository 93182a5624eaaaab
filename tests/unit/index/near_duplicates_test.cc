#include "common/index/near_duplicates.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <random>

#include "common/index/schema.h"

namespace gazette {
namespace {

const char kStory[] =
    "Peru posted its first trade deficit in four years in the first "
    "quarter, the central bank said, as exports of copper, silver and fish "
    "meal fell while imports of food and machinery rose sharply. The "
    "deficit was 32 mln dlrs against a surplus of 118 mln dlrs a year "
    "earlier, the bank said in its monthly report. Officials blamed low "
    "world prices for minerals and higher spending on imported wheat.";

const char kOtherStory[] =
    "Bahia cocoa farmers saw showers continue throughout the week, easing "
    "the drought that began in early January and improving prospects for "
    "the temporao crop, although normal humidity has not been restored, "
    "the Comissaria Smith weekly review said. Arrivals for the week were "
    "155,221 bags of 60 kilos, for a season total of 5.93 mln bags.";

TEST_CASE("near duplicates: copies of a story get the same fingerprint") {
  const auto story = BodyFingerprint(kStory);
  REQUIRE(story.has_value());
  // Wire furniture is left out: the dateline and the closing "Reuter".
  CHECK(BodyFingerprint(std::string("LIMA, April 2 - ") + kStory +
                        "\n Reuter\n") == story);
  CHECK(BodyFingerprint(std::string("LONDON, April 3 - ") + kStory +
                        "\n REUTER") == story);
  // Case and punctuation do not count; the words do.
  std::string shouted = kStory;
  std::transform(shouted.begin(), shouted.end(), shouted.begin(), ::toupper);
  CHECK(BodyFingerprint(shouted) == story);
  const auto other = BodyFingerprint(kOtherStory);
  REQUIRE(other.has_value());
  CHECK(HammingDistance(*story, *other) > kMaxDuplicateDistance);
}

TEST_CASE("near duplicates: a body of too few shingles has no fingerprint") {
  CHECK_FALSE(BodyFingerprint("").has_value());
  CHECK_FALSE(BodyFingerprint("Shr 10 cts vs 5 cts. Reuter").has_value());
  CHECK_FALSE(BodyFingerprint("one two three four five six seven eight nine")
                  .has_value());  // 7 shingles of 3 words
  CHECK(BodyFingerprint("one two three four five six seven eight nine ten")
            .has_value());  // 8
}

TEST_CASE("near duplicates: fingerprints round-trip through their value") {
  for (uint64_t f :
       {uint64_t{0}, uint64_t{1}, ~uint64_t{0}, uint64_t{0x0123456789abcdef}}) {
    const std::string value = EncodeFingerprint(f);
    CHECK(value.size() == 8);
    CHECK(DecodeFingerprint(value) == f);
  }
  CHECK_FALSE(DecodeFingerprint("1234567").has_value());
  // Big endian, so values sort as numbers.
  CHECK(EncodeFingerprint(1) < EncodeFingerprint(256));
}

TEST_CASE(
    "near duplicates: a group is a chain of close fingerprints, keyed by "
    "its smallest id, whatever the order of the articles") {
  // c is 3 bits from b and b 3 from a (a and c: 6 apart, one group by b);
  // d is 4 bits from a: alone. e and f share no block with a but are equal.
  const std::vector<Fingerprinted> articles = {{"b", 0x7},
                                               {"c", 0x3f},
                                               {"a", 0x0},
                                               {"d", 0xf0000},
                                               {"f", 0xffff'ffff'ffff'ffff},
                                               {"e", 0xffff'ffff'ffff'ffff},
                                               {"g", 0x1234'0000'0000'0000}};
  const std::map<std::string, std::string> want = {
      {"a", "a"}, {"b", "a"}, {"c", "a"}, {"d", ""},
      {"e", "e"}, {"f", "e"}, {"g", ""}};
  std::vector<Fingerprinted> shuffled = articles;
  std::mt19937 random(17);
  for (int round = 0; round < 5; ++round) {
    std::shuffle(shuffled.begin(), shuffled.end(), random);
    const std::vector<std::string> keys = GroupKeys(shuffled);
    REQUIRE(keys.size() == shuffled.size());
    std::map<std::string, std::string> got;
    for (size_t i = 0; i < keys.size(); ++i) got[shuffled[i].id] = keys[i];
    CHECK(got == want);
  }
}

TEST_CASE(
    "near duplicates: syncing writes each article's group key and rewrites "
    "only what changed") {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  const auto add = [&](const std::string& id, uint64_t fingerprint) {
    Xapian::Document doc;
    doc.add_boolean_term(schema::IdTerm(id));
    doc.add_value(schema::kSortSlot, schema::SortKey("20250101", id));
    doc.add_value(schema::kFingerprintSlot, EncodeFingerprint(fingerprint));
    return db.add_document(doc);
  };
  const auto group = [&](Xapian::docid docid) {
    return db.get_document(docid).get_value(schema::kGroupSlot);
  };
  const Xapian::docid b = add("b", 0x1);
  const Xapian::docid a = add("a", 0x3);
  const Xapian::docid z = add("z", 0xff00);
  Xapian::Document short_body;
  short_body.add_value(schema::kSortSlot, schema::SortKey("", "s"));
  const Xapian::docid s = db.add_document(short_body);
  CHECK(SyncDuplicateGroups(db) == 2);
  CHECK(group(a) == "a");
  CHECK(group(b) == "a");
  CHECK(group(z) == "");
  CHECK(group(s) == "");
  CHECK(SyncDuplicateGroups(db) == 0);
  // a goes: b is alone again.
  db.delete_document(a);
  CHECK(SyncDuplicateGroups(db) == 1);
  CHECK(group(b) == "");
  // A new copy of b with a smaller id takes the key.
  const Xapian::docid a2 = add("a2", 0x1);
  CHECK(SyncDuplicateGroups(db) == 2);
  CHECK(group(a2) == "a2");
  CHECK(group(b) == "a2");
}

}  // namespace
}  // namespace gazette
