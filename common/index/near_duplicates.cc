#include "common/index/near_duplicates.h"

#include <xxhash.h>

#include <algorithm>
#include <array>
#include <bit>
#include <numeric>
#include <unordered_map>
#include <utility>

#include "common/index/schema.h"

namespace gazette {
namespace {

bool IsWordByte(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
         (c >= 'A' && c <= 'Z') || c >= 0x80;
}

// Whether text[begin, end) is a ticker symbol ("IGL", "SKPS ST",
// "NOR.TO"): one or two words of capitals, digits and dots. Editors add and
// drop them between copies; a company named in angle brackets ("<Noranda
// Inc>") is kept.
bool IsTicker(std::string_view text) {
  if (text.empty() || text.size() > 16) return false;
  int spaces = 0;
  for (char c : text) {
    if (c == ' ') {
      ++spaces;
    } else if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                 c == '.')) {
      return false;
    }
  }
  return spaces <= 1;
}

// Appends the hashes of text's words to `hashes`, ticker symbols left out.
void AddWordHashes(std::string_view text, std::vector<uint64_t>& hashes) {
  std::string word;
  for (size_t i = 0; i <= text.size(); ++i) {
    const unsigned char c = i < text.size() ? text[i] : ' ';
    if (c == '<') {
      const size_t close = text.find('>', i);
      if (close != std::string_view::npos &&
          IsTicker(text.substr(i + 1, close - i - 1))) {
        i = close;
        continue;
      }
    }
    if (IsWordByte(c)) {
      word += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
      continue;
    }
    if (word.empty()) continue;
    hashes.push_back(XXH3_64bits(word.data(), word.size()));
    word.clear();
  }
}

// The hashes of the title's and body's words, furniture left out.
std::vector<uint64_t> WordHashes(std::string_view title,
                                 std::string_view body) {
  std::vector<uint64_t> hashes;
  AddWordHashes(title, hashes);
  // A dateline's date differs between the copies of a story sent on
  // different days; its place tells one market's report from another's.
  constexpr size_t kDatelineBytes = 80;
  if (const size_t dash = body.substr(0, kDatelineBytes).find(" - ");
      dash != std::string_view::npos) {
    const size_t comma = body.substr(0, dash).rfind(',');
    if (comma != std::string_view::npos)
      AddWordHashes(body.substr(0, comma), hashes);
    body.remove_prefix(dash + 3);
  }
  // The closing "Reuter" is on every article of the wire.
  std::string_view end = body;
  while (!end.empty() && !IsWordByte(end.back())) end.remove_suffix(1);
  for (std::string_view sign : {"Reuter", "REUTER", "Reuters", "REUTERS"}) {
    if (end.ends_with(sign)) {
      body = end.substr(0, end.size() - sign.size());
      break;
    }
  }
  AddWordHashes(body, hashes);
  return hashes;
}

// Union-find over article positions.
class Components {
 public:
  explicit Components(size_t n) : parent_(n) {
    std::iota(parent_.begin(), parent_.end(), size_t{0});
  }
  size_t Find(size_t i) {
    while (parent_[i] != i) i = parent_[i] = parent_[parent_[i]];
    return i;
  }
  void Join(size_t a, size_t b) {
    a = Find(a);
    b = Find(b);
    if (a != b) parent_[std::max(a, b)] = std::min(a, b);
  }

 private:
  std::vector<size_t> parent_;
};

}  // namespace

std::optional<uint64_t> ArticleFingerprint(std::string_view title,
                                           std::string_view body,
                                           size_t shingle_words) {
  const std::vector<uint64_t> words = WordHashes(title, body);
  if (shingle_words == 0 || words.size() < shingle_words ||
      words.size() - shingle_words + 1 < kMinShingles)
    return std::nullopt;
  std::array<int32_t, 64> votes{};
  for (size_t i = 0; i + shingle_words <= words.size(); ++i) {
    const uint64_t h = XXH3_64bits(&words[i], shingle_words * sizeof(uint64_t));
    for (int b = 0; b < 64; ++b) votes[b] += (h >> b) & 1 ? 1 : -1;
  }
  uint64_t fingerprint = 0;
  for (int b = 0; b < 64; ++b)
    if (votes[b] > 0) fingerprint |= uint64_t{1} << b;
  return fingerprint;
}

int HammingDistance(uint64_t a, uint64_t b) { return std::popcount(a ^ b); }

std::string EncodeFingerprint(uint64_t fingerprint) {
  std::string value(8, '\0');
  for (int i = 7; i >= 0; --i) {
    value[i] = static_cast<char>(fingerprint & 0xff);
    fingerprint >>= 8;
  }
  return value;
}

std::optional<uint64_t> DecodeFingerprint(std::string_view value) {
  if (value.size() != 8) return std::nullopt;
  uint64_t fingerprint = 0;
  for (unsigned char c : value) fingerprint = (fingerprint << 8) | c;
  return fingerprint;
}

std::vector<std::string> GroupKeys(const std::vector<Fingerprinted>& articles) {
  constexpr int kBlocks = kMaxDuplicateDistance + 1;
  const size_t n = articles.size();
  Components components(n);
  std::vector<std::pair<uint64_t, size_t>> blocks(n);
  for (int block = 0; block < kBlocks; ++block) {
    const int first = 64 * block / kBlocks;
    const int bits = 64 * (block + 1) / kBlocks - first;
    const uint64_t mask = (uint64_t{1} << bits) - 1;
    for (size_t i = 0; i < n; ++i)
      blocks[i] = {(articles[i].fingerprint >> first) & mask, i};
    std::sort(blocks.begin(), blocks.end());
    for (size_t begin = 0; begin < n;) {
      size_t end = begin + 1;
      while (end < n && blocks[end].first == blocks[begin].first) ++end;
      for (size_t a = begin; a < end; ++a) {
        for (size_t b = a + 1; b < end; ++b) {
          const size_t i = blocks[a].second, j = blocks[b].second;
          if (HammingDistance(articles[i].fingerprint,
                              articles[j].fingerprint) <= kMaxDuplicateDistance)
            components.Join(i, j);
        }
      }
      begin = end;
    }
  }
  std::vector<size_t> size(n, 0);
  std::vector<const std::string*> smallest(n, nullptr);
  for (size_t i = 0; i < n; ++i) {
    const size_t root = components.Find(i);
    ++size[root];
    if (smallest[root] == nullptr || articles[i].id < *smallest[root])
      smallest[root] = &articles[i].id;
  }
  std::vector<std::string> keys(n);
  for (size_t i = 0; i < n; ++i) {
    const size_t root = components.Find(i);
    if (size[root] > 1) keys[i] = *smallest[root];
  }
  return keys;
}

size_t SyncDuplicateGroups(Xapian::WritableDatabase& db) {
  std::vector<Fingerprinted> articles;
  std::vector<Xapian::docid> docids;
  for (auto it = db.valuestream_begin(schema::kFingerprintSlot);
       it != db.valuestream_end(schema::kFingerprintSlot); ++it) {
    if (const auto fingerprint = DecodeFingerprint(*it)) {
      articles.push_back({"", *fingerprint});
      docids.push_back(it.get_docid());
    }
  }
  // The ids from the sort keys (date, kSortSep, id): one value stream, in
  // docid order as the fingerprints, rather than a term list per article.
  size_t next = 0;
  for (auto it = db.valuestream_begin(schema::kSortSlot);
       it != db.valuestream_end(schema::kSortSlot) && next < docids.size();
       ++it) {
    if (it.get_docid() != docids[next]) continue;
    const std::string key = *it;
    articles[next++].id = key.substr(key.find(schema::kSortSep) + 1);
  }
  const std::vector<std::string> keys = GroupKeys(articles);
  std::unordered_map<Xapian::docid, std::string> wanted;
  for (size_t i = 0; i < keys.size(); ++i)
    if (!keys[i].empty()) wanted.emplace(docids[i], keys[i]);
  std::vector<Xapian::docid> stale;
  for (auto it = db.valuestream_begin(schema::kGroupSlot);
       it != db.valuestream_end(schema::kGroupSlot); ++it) {
    const auto want = wanted.find(it.get_docid());
    if (want == wanted.end()) {
      stale.push_back(it.get_docid());
    } else if (want->second == *it) {
      wanted.erase(want);
    }
  }
  size_t rewritten = 0;
  for (Xapian::docid docid : stale) {
    Xapian::Document doc = db.get_document(docid);
    doc.remove_value(schema::kGroupSlot);
    db.replace_document(docid, doc);
    ++rewritten;
  }
  for (const auto& [docid, key] : wanted) {
    Xapian::Document doc = db.get_document(docid);
    doc.add_value(schema::kGroupSlot, key);
    db.replace_document(docid, doc);
    ++rewritten;
  }
  return rewritten;
}

}  // namespace gazette
