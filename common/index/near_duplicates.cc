#include "common/index/near_duplicates.h"

#include <xxhash.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cstdlib>
#include <numeric>
#include <unordered_map>
#include <utility>

#include "common/index/schema.h"
#include "gazette/date.h"

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

bool IsFigureByte(char c) {
  return (c >= '0' && c <= '9') || c == '.' || c == ',' || c == '/' || c == '-';
}

// Appends the 16-bit hashes of text's figures to `hashes`.
void AddFigureHashes(std::string_view text, std::vector<uint16_t>& hashes) {
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] < '0' || text[i] > '9') continue;
    size_t end = i;
    while (end < text.size() && IsFigureByte(text[end])) ++end;
    size_t last = end;
    while (text[last - 1] < '0' || text[last - 1] > '9') --last;
    const uint64_t h = XXH3_64bits(text.data() + i, last - i);
    hashes.push_back(static_cast<uint16_t>(h >> 48));
    i = end;
  }
}

// The kFigureSample smallest distinct hashes.
Figures SampleFigures(std::vector<uint16_t>& hashes) {
  std::sort(hashes.begin(), hashes.end());
  hashes.erase(std::unique(hashes.begin(), hashes.end()), hashes.end());
  Figures figures;
  figures.size = static_cast<uint8_t>(std::min(hashes.size(), kFigureSample));
  std::copy_n(hashes.begin(), figures.size, figures.hashes.begin());
  return figures;
}

// The hashes of the title's and body's words, furniture left out, and of
// their figures (the dateline's left out).
std::vector<uint64_t> WordHashes(std::string_view title, std::string_view body,
                                 std::vector<uint16_t>& figures) {
  std::vector<uint64_t> hashes;
  AddWordHashes(title, hashes);
  AddFigureHashes(title, figures);
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
  AddFigureHashes(body, figures);
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

// An article as grouping reads it.
struct Dated {
  Fingerprint fingerprint;
  int day = kUndated;  // days since 1970-01-01
};

// An article in the pass over one block of SimHash bits.
struct BlockEntry {
  uint64_t block = 0;  // the block's bits
  int day = kUndated;
  size_t article = 0;  // its position
  auto operator<=>(const BlockEntry&) const = default;
};

}  // namespace

std::optional<Fingerprint> ArticleFingerprint(std::string_view title,
                                              std::string_view body,
                                              size_t shingle_words) {
  std::vector<uint16_t> figures;
  const std::vector<uint64_t> words = WordHashes(title, body, figures);
  if (shingle_words == 0 || words.size() < shingle_words ||
      words.size() - shingle_words + 1 < kMinShingles)
    return std::nullopt;
  std::array<int32_t, 64> votes{};
  for (size_t i = 0; i + shingle_words <= words.size(); ++i) {
    const uint64_t h = XXH3_64bits(&words[i], shingle_words * sizeof(uint64_t));
    for (int b = 0; b < 64; ++b) votes[b] += (h >> b) & 1 ? 1 : -1;
  }
  Fingerprint fingerprint;
  for (int b = 0; b < 64; ++b)
    if (votes[b] > 0) fingerprint.simhash |= uint64_t{1} << b;
  fingerprint.figures = SampleFigures(figures);
  return fingerprint;
}

int HammingDistance(uint64_t a, uint64_t b) { return std::popcount(a ^ b); }

bool FiguresAgree(const Figures& a, const Figures& b) {
  if (a.size == 0 || b.size == 0) return true;
  // Past the largest hash of a full sample, the other's hashes are
  // unknown to it: compare below both.
  uint32_t limit = 0xffff;
  if (a.size == kFigureSample)
    limit = std::min<uint32_t>(limit, a.hashes.back());
  if (b.size == kFigureSample)
    limit = std::min<uint32_t>(limit, b.hashes.back());
  int in_a = 0, in_b = 0, shared = 0;
  for (size_t i = 0, j = 0; i < a.size || j < b.size;) {
    const uint32_t x = i < a.size ? a.hashes[i] : 0x10000;
    const uint32_t y = j < b.size ? b.hashes[j] : 0x10000;
    const uint32_t next = std::min(x, y);
    if (next > limit) break;
    in_a += x == next;
    in_b += y == next;
    shared += x == next && y == next;
    i += x == next;
    j += y == next;
  }
  // None below the limit: one sample lies wholly past the other's.
  const int fewer = std::min(in_a, in_b);
  return fewer > 0 && shared * kMinSharedFiguresOf >= fewer * kMinSharedFigures;
}

bool NearDuplicates(const Fingerprint& a, const Fingerprint& b) {
  return HammingDistance(a.simhash, b.simhash) <= kMaxDuplicateDistance &&
         FiguresAgree(a.figures, b.figures);
}

bool CloseInTime(int a_day, int b_day) {
  return a_day == kUndated || b_day == kUndated ||
         std::abs(a_day - b_day) <= kMaxDuplicateDays;
}

int DayOfDateKey(std::string_view key) {
  const std::optional<Date> date = Date::FromKey(key);
  return date ? date->DaysSinceEpoch() : kUndated;
}

std::string EncodeFingerprint(const Fingerprint& fingerprint) {
  std::string value;
  for (int shift = 56; shift >= 0; shift -= 8)
    value += static_cast<char>((fingerprint.simhash >> shift) & 0xff);
  for (size_t i = 0; i < fingerprint.figures.size; ++i) {
    value += static_cast<char>(fingerprint.figures.hashes[i] >> 8);
    value += static_cast<char>(fingerprint.figures.hashes[i] & 0xff);
  }
  return value;
}

std::optional<Fingerprint> DecodeFingerprint(std::string_view value) {
  if (value.size() < 8 || value.size() > 8 + 2 * kFigureSample ||
      value.size() % 2 != 0)
    return std::nullopt;
  const auto byte = [&](size_t i) {
    return static_cast<unsigned char>(value[i]);
  };
  Fingerprint fingerprint;
  for (size_t i = 0; i < 8; ++i)
    fingerprint.simhash = (fingerprint.simhash << 8) | byte(i);
  Figures& figures = fingerprint.figures;
  for (size_t i = 8; i < value.size(); i += 2) {
    const auto h = static_cast<uint16_t>((byte(i) << 8) | byte(i + 1));
    if (figures.size > 0 && h <= figures.hashes[figures.size - 1])
      return std::nullopt;
    figures.hashes[figures.size++] = h;
  }
  return fingerprint;
}

namespace {

// Joins the near duplicates among articles whose block of SimHash bits is
// equal: entries[begin, end), sorted by day (undated first). A dated
// article is compared only with those within kMaxDuplicateDays after it,
// so a block of a long archive costs its articles times the articles of a
// few days, not its articles squared.
void JoinBlock(const std::vector<Dated>& articles,
               const std::vector<BlockEntry>& entries, size_t begin, size_t end,
               Components& components) {
  for (size_t a = begin; a < end; ++a) {
    const Dated& first = articles[entries[a].article];
    for (size_t b = a + 1; b < end; ++b) {
      const Dated& second = articles[entries[b].article];
      // Sorted by day: the first too far is the end for `first`.
      if (!CloseInTime(first.day, second.day)) break;
      if (NearDuplicates(first.fingerprint, second.fingerprint))
        components.Join(entries[a].article, entries[b].article);
    }
  }
}

// The connected components of articles (edges: equal SimHashes, or
// NearDuplicates and CloseInTime). Ids play no part: a caller reads only
// those of the articles in a group.
Components Group(const std::vector<Dated>& articles) {
  constexpr int kBlocks = kMaxDuplicateDistance + 1;
  const size_t n = articles.size();
  Components components(n);
  {
    // The same text sent again: equal SimHashes, whatever the dates.
    std::vector<size_t> order(n);
    std::iota(order.begin(), order.end(), size_t{0});
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
      return articles[a].fingerprint.simhash < articles[b].fingerprint.simhash;
    });
    for (size_t k = 1; k < n; ++k) {
      if (articles[order[k]].fingerprint.simhash ==
          articles[order[k - 1]].fingerprint.simhash)
        components.Join(order[k], order[k - 1]);
    }
  }
  std::vector<BlockEntry> entries(n);
  for (int block = 0; block < kBlocks; ++block) {
    const int first = 64 * block / kBlocks;
    const int bits = 64 * (block + 1) / kBlocks - first;
    const uint64_t mask = (uint64_t{1} << bits) - 1;
    for (size_t i = 0; i < n; ++i)
      entries[i] = {(articles[i].fingerprint.simhash >> first) & mask,
                    articles[i].day, i};
    std::sort(entries.begin(), entries.end());
    for (size_t begin = 0; begin < n;) {
      size_t end = begin + 1;
      while (end < n && entries[end].block == entries[begin].block) ++end;
      JoinBlock(articles, entries, begin, end, components);
      begin = end;
    }
  }
  return components;
}

// How many articles each article's component has, by the component's root
// (0 for an index that is no root).
std::vector<uint32_t> ComponentSizes(Components& components, size_t n) {
  std::vector<uint32_t> size(n, 0);
  for (size_t i = 0; i < n; ++i) ++size[components.Find(i)];
  return size;
}

}  // namespace

std::vector<std::string> GroupKeys(const std::vector<Fingerprinted>& articles) {
  const size_t n = articles.size();
  std::vector<Dated> dated;
  dated.reserve(n);
  for (const Fingerprinted& a : articles)
    dated.push_back({a.fingerprint, a.day});
  Components components = Group(dated);
  const std::vector<uint32_t> size = ComponentSizes(components, n);
  std::vector<const std::string*> smallest(n, nullptr);
  for (size_t i = 0; i < n; ++i) {
    const size_t root = components.Find(i);
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
  // An article here costs its fingerprint, day and docid, and the
  // grouping's arrays (about 80 bytes, measured at 100k articles); only
  // those in a group get their id read: a fresh build of 1M articles calls
  // this after its merge.
  std::vector<Dated> articles;
  std::vector<Xapian::docid> docids;
  for (auto it = db.valuestream_begin(schema::kFingerprintSlot);
       it != db.valuestream_end(schema::kFingerprintSlot); ++it) {
    if (const auto fingerprint = DecodeFingerprint(*it)) {
      articles.push_back({*fingerprint, kUndated});
      docids.push_back(it.get_docid());
    }
  }
  // The dates, then the ids of the grouped, from the sort keys (date,
  // kSortSep, id): one value stream, in docid order as the fingerprints,
  // rather than a term list per article.
  const auto for_each_sort_key = [&](const auto& use) {
    size_t next = 0;
    for (auto it = db.valuestream_begin(schema::kSortSlot);
         it != db.valuestream_end(schema::kSortSlot) && next < docids.size();
         ++it) {
      if (it.get_docid() != docids[next]) continue;
      const std::string key = *it;
      use(next++, std::string_view(key), key.find(schema::kSortSep));
    }
  };
  for_each_sort_key([&](size_t i, std::string_view key, size_t sep) {
    articles[i].day = DayOfDateKey(key.substr(0, sep));
  });
  Components components = Group(articles);
  articles = {};
  const std::vector<uint32_t> size = ComponentSizes(components, docids.size());
  std::unordered_map<size_t, std::string> smallest;  // by root, grouped only
  for_each_sort_key([&](size_t i, std::string_view key, size_t sep) {
    const size_t root = components.Find(i);
    if (size[root] < 2) return;
    const std::string_view id = key.substr(sep + 1);
    const auto [it, added] = smallest.try_emplace(root, id);
    if (!added && id < it->second) it->second = id;
  });
  std::unordered_map<Xapian::docid, std::string> wanted;
  for (size_t i = 0; i < docids.size(); ++i) {
    const auto found = smallest.find(components.Find(i));
    if (found != smallest.end()) wanted.emplace(docids[i], found->second);
  }
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
