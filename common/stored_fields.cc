#include "common/stored_fields.h"

#include <charconv>
#include <cstdio>
#include <nlohmann/json.hpp>
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

std::string EncodeEntityList(const std::vector<StoredEntity>& entities) {
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

std::vector<StoredEntity> DecodeEntityList(std::string_view encoded) {
  std::vector<StoredEntity> out;
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
  // Only articles of JSON Lines files have a sixth field, so records written
  // before it existed still decode.
  if (!s.file.empty()) {
    out += kFieldSep;
    out += Clean(s.file);
  }
  return out;
}

std::optional<SourceRecord> DecodeSource(std::string_view encoded) {
  std::string_view parts[6];
  size_t count = 0;
  for (;;) {
    if (count == 6) return std::nullopt;
    const size_t sep = encoded.find(kFieldSep);
    parts[count++] = encoded.substr(0, sep);
    if (sep == std::string_view::npos) break;
    encoded.remove_prefix(sep + 1);
  }
  if (count < 5) return std::nullopt;
  SourceRecord s;
  s.root = parts[0];
  s.id = parts[1];
  if (count == 6) s.file = parts[5];
  if (!ParseInt(parts[2], s.size) || !ParseInt(parts[3], s.mtime_ns) ||
      !ParseInt(parts[4], s.content_hash, 16)) {
    return std::nullopt;
  }
  return s;
}

std::string EncodeArticleData(const Document& doc) {
  nlohmann::json j = {
      {"v", kDataVersion},  {"id", doc.id},         {"root", doc.root},
      {"title", doc.title}, {"source", doc.source}, {"url", doc.url},
      {"body", doc.body},
  };
  if (doc.date) j["date"] = doc.date->ToKey();
  if (doc.title_from_header) j["title_header"] = true;
  const std::vector<std::uint8_t> packed = nlohmann::json::to_msgpack(j);
  return std::string(packed.begin(), packed.end());
}

Document DecodeArticleData(std::string_view data) {
  const auto j = nlohmann::json::from_msgpack(data, true, false);
  if (j.is_discarded() || !j.is_object() || j.value("v", 0) != kDataVersion) {
    throw std::runtime_error("document data is not a Gazette article record");
  }
  Document doc;
  doc.id = j.value("id", "");
  doc.root = j.value("root", "");
  doc.title = j.value("title", "");
  doc.title_from_header = j.value("title_header", false);
  doc.source = j.value("source", "");
  doc.url = j.value("url", "");
  doc.body = j.value("body", "");
  if (auto it = j.find("date"); it != j.end() && it->is_string()) {
    doc.date = Date::FromKey(it->get<std::string>());
  }
  return doc;
}

}  // namespace gazette
