// Near-duplicate stories: a SimHash fingerprint of each article (title and
// body), and the groups of articles whose fingerprints are close, kept in
// the index so that the searcher shows one article per group (Enquire's
// collapse key).
//
// A group is a connected component of the graph whose edges join articles
// with fingerprints at most kMaxDuplicateDistance bits apart; its key is the
// smallest article id in it. Both depend only on the set of articles, never
// on the order they came in, so any sequence of builds, edits and deletions
// leaves the groups a --rebuild makes (SyncDuplicateGroups recomputes them
// all from the fingerprints after every build and rewrites only the
// articles whose key changed). An index of several shards is grouped as one:
// the groups are global, not per shard.
#ifndef GAZETTE_COMMON_INDEX_NEAR_DUPLICATES_H_
#define GAZETTE_COMMON_INDEX_NEAR_DUPLICATES_H_

#include <xapian.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gazette {

// Words per shingle, and the largest Hamming distance between two
// fingerprints of one group; chosen on Reuters' judged pairs
// (bench/near_duplicates/README.md).
inline constexpr size_t kShingleWords = 4;
inline constexpr int kMaxDuplicateDistance = 8;
// A body with fewer shingles gets no fingerprint and is in no group: a few
// words say too little to tell a copy from another story.
inline constexpr size_t kMinShingles = 8;

// The 64-bit SimHash of the word shingles of an article's title (pass ""
// for a title taken from the body) and body: words are runs of letters and
// digits (any byte from 0x80 counts as a letter), folded to lower case
// (ASCII). Wire furniture is left out: a dateline's date ("LIMA, March 5 -"
// keeps "LIMA"), ending within the first 80 bytes, the closing "Reuter",
// and ticker symbols in angle brackets ("<NOR.TO>"), which editors add and
// drop. Nullopt when there are fewer than kMinShingles shingles.
// `shingle_words` is for measuring other choices (bench/near_dup_pairs.cc).
std::optional<uint64_t> ArticleFingerprint(
    std::string_view title, std::string_view body,
    size_t shingle_words = kShingleWords);

int HammingDistance(uint64_t a, uint64_t b);

// The fingerprint as stored in schema::kFingerprintSlot (8 bytes, big
// endian), and back (nullopt for a value of another length).
std::string EncodeFingerprint(uint64_t fingerprint);
std::optional<uint64_t> DecodeFingerprint(std::string_view value);

struct Fingerprinted {
  std::string id;  // the article's id
  uint64_t fingerprint = 0;
};

// The group key of each article (same order): the smallest id of its
// connected component, or "" when the article is alone. Neighbours are
// found by pigeonhole without comparing every pair: two fingerprints within
// kMaxDuplicateDistance bits agree on at least one of
// kMaxDuplicateDistance + 1 blocks of their bits.
std::vector<std::string> GroupKeys(const std::vector<Fingerprinted>& articles);

// Recomputes the groups of db's articles from their fingerprints and
// writes each article's key to schema::kGroupSlot (removing it from an
// article now alone), touching only the articles whose key changed; values
// only, so Xapian rewrites no term lists. Returns how many articles it
// rewrote. Call before the commit that ends a build.
size_t SyncDuplicateGroups(Xapian::WritableDatabase& db);

}  // namespace gazette

#endif  // GAZETTE_COMMON_INDEX_NEAR_DUPLICATES_H_
