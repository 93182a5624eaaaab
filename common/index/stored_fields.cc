#include "common/index/stored_fields.h"

#include <charconv>
#include <cstdio>
#include <stdexcept>

namespace gazette {
namespace stored_internal {

namespace {
constexpr char kTypeCodes[] = {'P', 'L', 'O', 'G'};
}  // namespace

std::optional<EntityType> TypeFromCode(char code) {
  for (size_t i = 0; i < sizeof kTypeCodes; ++i) {
    if (kTypeCodes[i] == code) return static_cast<EntityType>(i);
  }
  return std::nullopt;
}

char CodeFromType(EntityType type) {
  return kTypeCodes[static_cast<size_t>(type)];
}

}  // namespace stored_internal

using namespace stored_internal;

namespace {

// Separators may not occur inside a stored field.
std::string Clean(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c == kFieldSep || c == kRecordSep) c = ' ';
  }
  return out;
}

template <typename Int>
bool ParseInt(std::string_view s, Int& out, int base = 10) {
  const auto [end, ec] =
      std::from_chars(s.data(), s.data() + s.size(), out, base);
  return ec == std::errc() && end == s.data() + s.size();
}

// The data format's own version, so a reader can reject what it does not know.
constexpr int kDataVersion = 1;

}  // namespace

std::string EncodeEntityList(const std::vector<ArticleEntity>& entities) {
  std::string out;
  for (const auto& e : entities) {
    if (!out.empty()) out += kRecordSep;
    out += CodeFromType(e.type);
    out += e.derived ? 'd' : '-';
    out += Clean(e.key);
    out += kFieldSep;
    out += Clean(e.name);
  }
  return out;
}

std::vector<ArticleEntity> DecodeEntityList(std::string_view encoded) {
  std::vector<ArticleEntity> out;
  ForEachStoredEntity(encoded, [&](EntityType type, std::string_view key,
                                   std::string_view name, bool derived) {
    out.push_back({type, std::string(key), std::string(name), derived});
  });
  return out;
}

std::string EncodeSource(const SourceRecord& s) {
  char hash[17];
  std::snprintf(hash, sizeof hash, "%016llx",
                static_cast<unsigned long long>(s.content_hash));
  std::string out = Clean(s.root);
  out += kFieldSep;
  out += Clean(s.id);
  out += kFieldSep;
  out += std::to_string(s.size);
  out += kFieldSep;
  out += std::to_string(s.mtime_ns);
  out += kFieldSep;
  out += hash;
  // Only articles of JSON Lines files have a sixth field, and only those
  // of labelled roots a seventh, so that most records are short.
  if (!s.file.empty() || !s.label.empty()) {
    out += kFieldSep;
    out += Clean(s.file);
  }
  if (!s.label.empty()) {
    out += kFieldSep;
    out += Clean(s.label);
  }
  return out;
}

std::string SourceRecord::RelativePath() const {
  const std::string& path = FilePath();
  if (label.empty() || path.size() <= label.size() ||
      path.compare(0, label.size(), label) != 0 || path[label.size()] != '/')
    return path;
  return path.substr(label.size() + 1);
}

std::optional<SourceRecord> DecodeSource(std::string_view encoded) {
  std::string_view parts[7];
  size_t count = 0;
  for (;;) {
    if (count == 7) return std::nullopt;
    const size_t sep = encoded.find(kFieldSep);
    parts[count++] = encoded.substr(0, sep);
    if (sep == std::string_view::npos) break;
    encoded.remove_prefix(sep + 1);
  }
  if (count < 5) return std::nullopt;
  SourceRecord s;
  s.root = parts[0];
  s.id = parts[1];
  if (count >= 6) s.file = parts[5];
  if (count == 7) s.label = parts[6];
  if (!ParseInt(parts[2], s.size) || !ParseInt(parts[3], s.mtime_ns) ||
      !ParseInt(parts[4], s.content_hash, 16)) {
    return std::nullopt;
  }
  return s;
}

namespace {

// MessagePack, written directly: the few types EncodeArticleData uses, in
// the shortest form, as nlohmann::json::to_msgpack writes them (the tests
// check it). Through a JSON tree, the body was copied three times.
void PutBigEndian(std::string& out, uint64_t value, int bytes) {
  for (int shift = 8 * (bytes - 1); shift >= 0; shift -= 8)
    out += static_cast<char>((value >> shift) & 0xff);
}

void PutString(std::string& out, std::string_view s) {
  if (s.size() < 32) {
    out += static_cast<char>(0xa0 | s.size());
  } else if (s.size() <= 0xff) {
    out += '\xd9';
    PutBigEndian(out, s.size(), 1);
  } else if (s.size() <= 0xffff) {
    out += '\xda';
    PutBigEndian(out, s.size(), 2);
  } else {
    out += '\xdb';
    PutBigEndian(out, s.size(), 4);
  }
  out += s;
}

}  // namespace

std::string EncodeArticleData(const Article& article) {
  // Keys in sorted order, as a JSON object (a std::map) gave them.
  const std::string date = article.date ? article.date->ToKey() : "";
  std::string out;
  out.reserve(article.body.size() + article.title.size() + article.id.size() +
              article.root.size() + article.source.size() + article.url.size() +
              64);
  out += static_cast<char>(0x80 | (7 + (article.date ? 1 : 0) +
                                   (article.title_from_header ? 1 : 0)));
  PutString(out, "body");
  PutString(out, article.body);
  if (article.date) {
    PutString(out, "date");
    PutString(out, date);
  }
  PutString(out, "id");
  PutString(out, article.id);
  PutString(out, "root");
  PutString(out, article.root);
  PutString(out, "source");
  PutString(out, article.source);
  PutString(out, "title");
  PutString(out, article.title);
  if (article.title_from_header) {
    PutString(out, "title_header");
    out += '\xc3';  // true
  }
  PutString(out, "url");
  PutString(out, article.url);
  PutString(out, "v");
  static_assert(kDataVersion >= 0 && kDataVersion < 128);
  out += static_cast<char>(kDataVersion);  // positive fixint
  return out;
}

namespace {

// A MessagePack reader for exactly what EncodeArticleData writes (a map of
// strings to strings, small integers and booleans). The searcher decodes
// every hit it shows; going through a JSON tree, or nlohmann's byte-by-byte
// string reads, cost more than the rest of showing a hit but the snippet.
class MsgpackReader {
 public:
  explicit MsgpackReader(std::string_view data) : data_(data) {}

  bool done() const { return pos_ == data_.size(); }

  // Reads a map header; false if the next item is not a map.
  bool MapSize(size_t* size) {
    if (pos_ >= data_.size()) return false;
    const uint8_t b = Byte(pos_);
    if ((b & 0xf0) == 0x80) {
      *size = b & 0x0f;
      ++pos_;
      return true;
    }
    if (b == 0xde) return Length(2, size);
    if (b == 0xdf) return Length(4, size);
    return false;
  }

  // Reads a string; false if the next item is not one.
  bool String(std::string_view* out) {
    if (pos_ >= data_.size()) return false;
    const uint8_t b = Byte(pos_);
    size_t size = 0;
    if ((b & 0xe0) == 0xa0) {
      size = b & 0x1f;
      ++pos_;
    } else if (!(b == 0xd9   ? Length(1, &size)
                 : b == 0xda ? Length(2, &size)
                 : b == 0xdb ? Length(4, &size)
                             : false)) {
      return false;
    }
    if (data_.size() - pos_ < size) return false;
    *out = data_.substr(pos_, size);
    pos_ += size;
    return true;
  }

  // Reads any scalar that is not a string: nil, a boolean or an integer.
  // Sets *value to the integer (1/0 for booleans).
  bool Scalar(int64_t* value) {
    if (pos_ >= data_.size()) return false;
    const uint8_t b = Byte(pos_++);
    if (b <= 0x7f) {
      *value = b;
    } else if (b >= 0xe0) {
      *value = static_cast<int8_t>(b);
    } else if (b == 0xc0 || b == 0xc2 || b == 0xc3) {
      *value = b == 0xc3;
    } else if (b >= 0xcc && b <= 0xd3) {
      // uint8..uint64, int8..int64
      const size_t n = size_t{1} << ((b - 0xcc) & 3);
      uint64_t raw = 0;
      if (!Big(n, &raw)) return false;
      *value = static_cast<int64_t>(raw);
    } else {
      return false;
    }
    return true;
  }

 private:
  uint8_t Byte(size_t at) const { return static_cast<uint8_t>(data_[at]); }
  bool Big(size_t n, uint64_t* out) {
    if (data_.size() - pos_ < n) return false;
    uint64_t v = 0;
    for (size_t i = 0; i < n; ++i) v = (v << 8) | Byte(pos_ + i);
    pos_ += n;
    *out = v;
    return true;
  }
  bool Length(size_t n, size_t* out) {
    ++pos_;
    uint64_t v = 0;
    if (!Big(n, &v)) return false;
    *out = static_cast<size_t>(v);
    return true;
  }

  std::string_view data_;
  size_t pos_ = 0;
};

}  // namespace

Expected<Article> DecodeArticleData(std::string_view data) {
  const Unexpected bad{"its stored record is not a Gazette article record"};
  MsgpackReader in(data);
  size_t fields = 0;
  if (!in.MapSize(&fields)) return bad;
  Article article;
  int64_t version = 0;
  for (size_t i = 0; i < fields; ++i) {
    std::string_view key, text;
    int64_t number = 0;
    if (!in.String(&key)) return bad;
    if (in.String(&text)) {
      if (key == "body") {
        article.body = text;
      } else if (key == "id") {
        article.id = text;
      } else if (key == "root") {
        article.root = text;
      } else if (key == "title") {
        article.title = text;
      } else if (key == "source") {
        article.source = text;
      } else if (key == "url") {
        article.url = text;
      } else if (key == "date") {
        article.date = Date::FromKey(text);
      }
    } else if (in.Scalar(&number)) {
      if (key == "v") version = number;
      if (key == "title_header") article.title_from_header = number != 0;
    } else {
      return bad;
    }
  }
  if (!in.done() || version != kDataVersion) return bad;
  return article;
}

}  // namespace gazette
