// Near-duplicate stories: a fingerprint of each article (title and body):
// a SimHash of its word shingles and a sample of its figures, and the
// groups of articles whose fingerprints are close, kept in the index so
// that the searcher shows one article per group (Enquire's collapse key).
//
// A group is a connected component of the graph whose edges join
// near-duplicate articles (equal SimHashes, or NearDuplicates: SimHashes
// at most kMaxDuplicateDistance bits apart and figures that agree, and
// dates at most kMaxDuplicateDays apart); its key is the smallest article
// id in it.
// Both depend only on the set of articles, never on the order they came
// in, so any sequence of builds, edits and deletions leaves the groups a
// --rebuild makes (SyncDuplicateGroups recomputes them all from the
// fingerprints and dates after every build and rewrites only the articles
// whose key changed). An index of several shards is grouped as one: the
// groups are global, not per shard.
#ifndef GAZETTE_COMMON_INDEX_NEAR_DUPLICATES_H_
#define GAZETTE_COMMON_INDEX_NEAR_DUPLICATES_H_

#include <xapian.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gazette {

// Words per shingle, and the largest Hamming distance between the
// SimHashes of two near duplicates; chosen on Reuters' judged pairs
// (bench/near_duplicates/README.md).
inline constexpr size_t kShingleWords = 4;
inline constexpr int kMaxDuplicateDistance = 11;
// The SimHash alone, within a radius wide enough for rewritten stories,
// chains recurring template reports (the Fed's repurchases, dividend
// notices, weekly prices): the same words around other figures. So two
// near duplicates must also share figures: of the figures of the article
// with fewer (as far as both samples reach), at least
// kMinSharedFigures / kMinSharedFiguresOf. A rewritten story keeps its
// figures; the next day's report changes them. An article without figures
// agrees with any.
inline constexpr size_t kFigureSample = 8;
inline constexpr int kMinSharedFigures = 3;
inline constexpr int kMinSharedFiguresOf = 5;
// And the copies of a story come within days, while a recurring report
// comes again the next week: dated articles further apart than this are
// not near duplicates (an undated article may be one of any date), unless
// their SimHashes are equal (the same text sent again).
inline constexpr int kMaxDuplicateDays = 2;
inline constexpr int kUndated = std::numeric_limits<int>::min();
// A body with fewer shingles gets no fingerprint and is in no group: a few
// words say too little to tell a copy from another story.
inline constexpr size_t kMinShingles = 8;

// An article's figures (runs of digits with the dots, commas, slashes and
// dashes inside them: "1.5", "6-1/8", "155,221"), as the kFigureSample
// smallest distinct 16-bit hashes of them, ascending: all of them when the
// article has no more (a bottom-k sample otherwise).
struct Figures {
  std::array<uint16_t, kFigureSample> hashes{};
  uint8_t size = 0;
  bool operator==(const Figures&) const = default;
};

struct Fingerprint {
  uint64_t simhash = 0;
  Figures figures;
  bool operator==(const Fingerprint&) const = default;
};

// The 64-bit SimHash of the word shingles of an article's title (pass ""
// for a title taken from the body) and body, and its figures: words are
// runs of letters and digits (any byte from 0x80 counts as a letter),
// folded to lower case (ASCII). Wire furniture is left out: a dateline's
// date ("LIMA, March 5 -" keeps "LIMA"), ending within the first 80 bytes,
// the closing "Reuter", and ticker symbols in angle brackets ("<NOR.TO>"),
// which editors add and drop. Nullopt when there are fewer than
// kMinShingles shingles. `shingle_words` is for measuring other choices
// (bench/near_dup_pairs.cc).
std::optional<Fingerprint> ArticleFingerprint(
    std::string_view title, std::string_view body,
    size_t shingle_words = kShingleWords);

int HammingDistance(uint64_t a, uint64_t b);
// Whether two articles' figures agree (kMinSharedFigures): counted among
// the hashes below both samples' largest when a sample is full, so that
// each is a sample of the same range.
bool FiguresAgree(const Figures& a, const Figures& b);
// Whether two articles' texts are near duplicates: SimHashes and figures.
bool NearDuplicates(const Fingerprint& a, const Fingerprint& b);
// Whether two articles' days (days since 1970-01-01, or kUndated) allow
// them to be near duplicates.
bool CloseInTime(int a_day, int b_day);

// The fingerprint as stored in schema::kFingerprintSlot (the SimHash in 8
// bytes, then 2 bytes a figure hash, all big endian), and back (nullopt for
// a value of another length, or figures out of order).
std::string EncodeFingerprint(const Fingerprint& fingerprint);
std::optional<Fingerprint> DecodeFingerprint(std::string_view value);

struct Fingerprinted {
  std::string id;  // the article's id
  Fingerprint fingerprint;
  int day = kUndated;  // its date, in days since 1970-01-01
};

// The day (since 1970-01-01) of a date key ("20250528"), or kUndated for
// "" or a malformed key.
int DayOfDateKey(std::string_view key);

// The group key of each article (same order): the smallest id of its
// connected component (edges: equal SimHashes, or NearDuplicates and
// CloseInTime), or "" when the article is alone. Neighbours are found by
// pigeonhole without comparing every pair: two SimHashes within
// kMaxDuplicateDistance bits agree on at least one of kMaxDuplicateDistance + 1
// blocks of their bits.
std::vector<std::string> GroupKeys(const std::vector<Fingerprinted>& articles);

// Recomputes the groups of db's articles from their fingerprints (and
// their dates, from schema::kSortSlot) and writes each article's key to
// schema::kGroupSlot (removing it from an article now alone), touching
// only the articles whose key changed; values only, so Xapian rewrites no
// term lists. Returns how many articles it
// rewrote. Call before the commit that ends a build.
size_t SyncDuplicateGroups(Xapian::WritableDatabase& db);

}  // namespace gazette

#endif  // GAZETTE_COMMON_INDEX_NEAR_DUPLICATES_H_
