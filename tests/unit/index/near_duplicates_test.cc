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
  const auto story = ArticleFingerprint("", kStory);
  REQUIRE(story.has_value());
  // Wire furniture is left out: the dateline's date, the closing "Reuter",
  // ticker symbols.
  const auto lima = ArticleFingerprint(
      "PERU HAS FIRST TRADE DEFICIT",
      std::string("LIMA, April 2 - ") + kStory + "\n Reuter\n");
  CHECK(ArticleFingerprint(
            "PERU <PERU.L> HAS FIRST TRADE DEFICIT",
            std::string("LIMA, April 3 - ") + kStory + "\n REUTER") == lima);
  CHECK(lima != story);
  // An edited copy stays a near duplicate.
  std::string edited = kStory;
  edited.replace(edited.find("sharply"), 7, "steeply");
  REQUIRE(ArticleFingerprint("", edited).has_value());
  CHECK(NearDuplicates(*ArticleFingerprint("", edited), *story));
  // Case and punctuation do not count; the words do.
  std::string shouted = kStory;
  std::transform(shouted.begin(), shouted.end(), shouted.begin(), ::toupper);
  CHECK(ArticleFingerprint("", shouted) == story);
  const auto other = ArticleFingerprint("", kOtherStory);
  REQUIRE(other.has_value());
  CHECK(HammingDistance(story->simhash, other->simhash) >
        kMaxDuplicateDistance);
  CHECK_FALSE(FiguresAgree(story->figures, other->figures));
  CHECK_FALSE(NearDuplicates(*story, *other));
}

// A recurring report: each day's words are the same around other figures.
std::string FedReport(const std::string& amount, const std::string& rate) {
  return "The Federal Reserve entered the government securities market to "
         "arrange " +
         amount +
         " billion dlrs of customer repurchase agreements, a Fed spokesman "
         "said. Dealers said federal funds were trading at " +
         rate +
         " pct when the Fed began its temporary and indirect supply "
         "of reserves to the banking system.";
}

TEST_CASE(
    "near duplicates: two reports of one template with other figures are "
    "not near duplicates; a rewritten story is") {
  const auto monday = ArticleFingerprint(
      "FED ADDS RESERVES VIA CUSTOMER REPURCHASES", FedReport("1.5", "6-1/8"));
  const auto tuesday = ArticleFingerprint(
      "FED ADDS RESERVES VIA CUSTOMER REPURCHASES", FedReport("1.75", "6-1/4"));
  REQUIRE(monday.has_value());
  REQUIRE(tuesday.has_value());
  CHECK_FALSE(NearDuplicates(*monday, *tuesday));
  // SimHash alone would take them for one story.
  CHECK(HammingDistance(monday->simhash, tuesday->simhash) <=
        kMaxDuplicateDistance);
  // The same report sent again with a sentence added.
  const auto corrected =
      ArticleFingerprint("FED ADDS RESERVES VIA CUSTOMER REPURCHASES",
                         FedReport("1.5", "6-1/8") +
                             " It was the first such operation in 3 days.");
  REQUIRE(corrected.has_value());
  CHECK(NearDuplicates(*monday, *corrected));
  // A story retitled, with a word changed.
  std::string rewritten = kStory;
  rewritten.replace(rewritten.find("said, as"), 4, "reported");
  const auto story = ArticleFingerprint("PERU HAS FIRST TRADE DEFICIT", kStory);
  const auto retitled =
      ArticleFingerprint("PERU POSTS FIRST TRADE DEFICIT", rewritten);
  REQUIRE(story.has_value());
  REQUIRE(retitled.has_value());
  CHECK(FiguresAgree(story->figures, retitled->figures));
  CHECK(NearDuplicates(*story, *retitled));
}

TEST_CASE("near duplicates: a body of too few shingles has no fingerprint") {
  CHECK_FALSE(ArticleFingerprint("", "").has_value());
  CHECK_FALSE(
      ArticleFingerprint("", "Shr 10 cts vs 5 cts. Reuter").has_value());
  static_assert(kShingleWords == 4 && kMinShingles == 8);
  const std::string ten_words =
      "one two three four five six seven eight "
      "nine ten";
  CHECK_FALSE(ArticleFingerprint("", ten_words).has_value());  // 7 shingles
  CHECK(ArticleFingerprint("", ten_words + " eleven").has_value());  // 8
  // The title's words count too.
  CHECK(ArticleFingerprint("eleven", ten_words).has_value());
}

TEST_CASE("near duplicates: fingerprints round-trip through their value") {
  const auto story = ArticleFingerprint("", kStory);
  REQUIRE(story.has_value());
  for (uint64_t f :
       {uint64_t{0}, uint64_t{1}, ~uint64_t{0}, uint64_t{0x0123456789abcdef}}) {
    Fingerprint fingerprint = *story;
    fingerprint.simhash = f;
    const std::string value = EncodeFingerprint(fingerprint);
    CHECK(value.size() == 8 + 2 * size_t{story->figures.size});
    CHECK(DecodeFingerprint(value) == fingerprint);
  }
  // "32", "118": the story's figures.
  CHECK(story->figures.size == 2);
  CHECK_FALSE(DecodeFingerprint("1234567").has_value());
  CHECK_FALSE(DecodeFingerprint(EncodeFingerprint(*story) + "1").has_value());
  // Big endian, so values sort as numbers.
  CHECK(EncodeFingerprint({1, {}}) < EncodeFingerprint({256, {}}));
}

// `count` bits set from bit `first` up.
uint64_t Bits(int first, int count) {
  return count == 64 ? ~uint64_t{0} : ((uint64_t{1} << count) - 1) << first;
}

TEST_CASE(
    "near duplicates: a group is a chain of close fingerprints, keyed by "
    "its smallest id, whatever the order of the articles") {
  constexpr int t = kMaxDuplicateDistance;
  static_assert(t <= 15, "the fingerprints below must not overlap");
  // b is t bits from a, c t bits from b (2t from a): one group, through b.
  // d is t + 1 bits from a: alone, as g is. e and f are equal, and far from
  // the rest. h's SimHash is a bit from a's but its figures are others:
  // alone. i is a bit from a, with its figures, but a week later: alone; j
  // two days earlier: in a's group. k is undated, a bit from e, and in e's
  // group. l is e's text a month later, with other figures: equal SimHashes,
  // one group.
  const Figures figures{{1, 2, 3}, 3}, others{{4, 5, 6}, 3};
  constexpr int day = 20000;
  const std::vector<Fingerprinted> articles = {
      {"b", {Bits(0, t), figures}, day},
      {"c", {Bits(0, 2 * t), figures}, day + 1},
      {"a", {0, figures}, day},
      {"d", {Bits(32, t + 1), figures}, day},
      {"f", {Bits(0, 64), figures}, day},
      {"e", {Bits(0, 64), figures}, day},
      {"g", {Bits(64 - (t + 1), t + 1), figures}, day},
      {"h", {Bits(40, 1), others}, day},
      {"i", {Bits(41, 1), figures}, day + 7},
      {"j", {Bits(20, 1), figures}, day - kMaxDuplicateDays},
      {"k", {Bits(0, 63), figures}, kUndated},
      {"l", {Bits(0, 64), others}, day + 30}};
  const std::map<std::string, std::string> want = {
      {"a", "a"}, {"b", "a"}, {"c", "a"}, {"d", ""},  {"e", "e"}, {"f", "e"},
      {"g", ""},  {"h", ""},  {"i", ""},  {"j", "a"}, {"k", "e"}, {"l", "e"}};
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

TEST_CASE("near duplicates: figures agree when most of the fewer are shared") {
  const auto figures = [](std::vector<uint16_t> hashes) {
    Figures f;
    for (uint16_t h : hashes) f.hashes[f.size++] = h;
    return f;
  };
  CHECK(FiguresAgree(figures({}), figures({1, 2})));
  CHECK(FiguresAgree(figures({1, 2, 3}), figures({1, 2, 3, 7, 8})));
  CHECK(FiguresAgree(figures({1, 2, 3, 4, 5}), figures({1, 2, 3, 9, 10})));
  CHECK_FALSE(FiguresAgree(figures({1, 2}), figures({1, 3})));
  CHECK_FALSE(FiguresAgree(figures({1, 2, 3, 4, 5}), figures({1, 2, 7, 8})));
  // Full samples are compared below the smaller of their largest hashes:
  // past 8, b's hashes are not known.
  const Figures a = figures({1, 2, 3, 4, 5, 6, 7, 8});
  CHECK(FiguresAgree(a, figures({1, 2, 3, 4, 5, 6, 9, 10})));
  CHECK(FiguresAgree(a, figures({1, 2, 3, 4, 5, 6, 7, 8})));
  CHECK_FALSE(FiguresAgree(a, figures({11, 12, 13, 14, 15, 16, 17, 18})));
}

TEST_CASE("near duplicates: days of date keys, and how close is close") {
  CHECK(DayOfDateKey("19700101") == 0);
  CHECK(DayOfDateKey("19870302") - DayOfDateKey("19870226") == 4);
  CHECK(DayOfDateKey("") == kUndated);
  CHECK(DayOfDateKey("1987") == kUndated);
  CHECK(CloseInTime(100, 100 + kMaxDuplicateDays));
  CHECK_FALSE(CloseInTime(100, 101 + kMaxDuplicateDays));
  CHECK(CloseInTime(kUndated, 100));
}

TEST_CASE(
    "near duplicates: syncing writes each article's group key and rewrites "
    "only what changed") {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  const auto add = [&](const std::string& id, uint64_t fingerprint,
                       const char* date = "20250101") {
    Xapian::Document doc;
    doc.add_boolean_term(schema::IdTerm(id));
    doc.add_value(schema::kSortSlot, schema::SortKey(date, id));
    doc.add_value(schema::kFingerprintSlot,
                  EncodeFingerprint({fingerprint, {}}));
    return db.add_document(doc);
  };
  const auto group = [&](Xapian::docid docid) {
    return db.get_document(docid).get_value(schema::kGroupSlot);
  };
  const Xapian::docid b = add("b", 0x1);
  const Xapian::docid a = add("a", 0x3);
  const Xapian::docid z = add("z", Bits(32, kMaxDuplicateDistance + 1));
  // A bit from b, a week later: the next week's report.
  const Xapian::docid w = add("w", 0x5, "20250108");
  Xapian::Document short_body;
  short_body.add_value(schema::kSortSlot, schema::SortKey("", "s"));
  const Xapian::docid s = db.add_document(short_body);
  CHECK(SyncDuplicateGroups(db) == 2);
  CHECK(group(a) == "a");
  CHECK(group(b) == "a");
  CHECK(group(z) == "");
  CHECK(group(w) == "");
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
