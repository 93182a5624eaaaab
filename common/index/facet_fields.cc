#include "common/index/facet_fields.h"

#include <xxhash.h>

#include <algorithm>
#include <charconv>
#include <utility>
#include <vector>

#include "common/index/schema.h"
#include "common/index/stored_fields.h"

namespace gazette {
namespace {

constexpr uint32_t kLow30 = (uint32_t{1} << 30) - 1;
constexpr size_t kCodeBytes = 4;

void PutVarint(std::string& out, uint32_t v) {
  while (v >= 0x80) {
    out += static_cast<char>((v & 0x7f) | 0x80);
    v >>= 7;
  }
  out += static_cast<char>(v);
}

bool GetVarint(std::string_view& in, uint32_t* v) {
  uint32_t out = 0;
  for (int shift = 0; shift < 35 && !in.empty(); shift += 7) {
    const auto byte = static_cast<uint8_t>(in.front());
    in.remove_prefix(1);
    out |= static_cast<uint32_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) {
      *v = out;
      return true;
    }
  }
  return false;
}

void PutCode(std::string& out, uint32_t code) {
  for (size_t i = 0; i < kCodeBytes; ++i)
    out += static_cast<char>((code >> (8 * i)) & 0xff);
}

}  // namespace

uint32_t FacetMonth(std::string_view date) {
  uint32_t month = 0;
  if (date.size() != 8 ||
      std::from_chars(date.data(), date.data() + 6, month).ec != std::errc())
    return 0;
  return month;
}

uint32_t FacetKeyCode(EntityType type, std::string_view key) {
  const auto t = static_cast<uint32_t>(type);
  uint32_t hash =
      static_cast<uint32_t>(XXH3_64bits_withSeed(key.data(), key.size(), t)) &
      kLow30;
  if (hash == 0) hash = 1;
  return (t << 30) | hash;
}

std::string FacetNamePrefix(uint32_t code) {
  std::string prefix(schema::kFacetNamePrefix);
  for (int shift = 24; shift >= 0; shift -= 8)
    prefix += static_cast<char>((code >> shift) & 0xff);
  return prefix;
}

uint32_t FacetNameTermCode(std::string_view term) {
  const size_t at = schema::kFacetNamePrefix.size();
  if (!term.starts_with(schema::kFacetNamePrefix) ||
      term.size() < at + kCodeBytes)
    return 0;
  uint32_t code = 0;
  for (size_t i = 0; i < kCodeBytes; ++i)
    code = (code << 8) | static_cast<unsigned char>(term[at + i]);
  return code;
}

std::string FacetNameTerm(uint32_t code, std::string_view name) {
  std::string term = FacetNamePrefix(code);
  size_t keep = std::min(name.size(), schema::kMaxTermBytes - term.size());
  // Never cut inside a UTF-8 sequence.
  while (keep < name.size() && keep > 0 &&
         (static_cast<unsigned char>(name[keep]) & 0xC0) == 0x80) {
    --keep;
  }
  term += name.substr(0, keep);
  return term;
}

bool FacetNameTermCut(std::string_view term) {
  // A name that fits leaves the term shorter than the limit by at least
  // the bytes of a character.
  return term.size() + 4 > schema::kMaxTermBytes;
}

void SyncFacetFields(Xapian::Document& doc) {
  // An article counts once for each key it lists, under the first name it
  // gives it.
  std::vector<std::pair<EntityType, std::string_view>> keys;
  std::vector<uint32_t> codes;
  std::vector<std::string> terms;
  const std::string entities = doc.get_value(schema::kEntitySlot);
  ForEachStoredEntity(entities, [&](EntityType type, std::string_view key,
                                    std::string_view name, bool) {
    const std::pair typed{type, key};
    if (std::find(keys.begin(), keys.end(), typed) != keys.end()) return;
    keys.push_back(typed);
    codes.push_back(FacetKeyCode(type, key));
    terms.push_back(FacetNameTerm(codes.back(), name));
  });
  // Two keys of one article may share a code: it counts once, at most what
  // either key counts (facet_fields.h).
  std::sort(codes.begin(), codes.end());
  codes.erase(std::unique(codes.begin(), codes.end()), codes.end());
  const uint32_t month = FacetMonth(doc.get_value(schema::kDateSlot));
  if (month == 0 && codes.empty()) {
    // Xapian throws on removing a value the document does not have.
    if (!doc.get_value(schema::kFacetSlot).empty())
      doc.remove_value(schema::kFacetSlot);
  } else {
    std::string value;
    value.reserve(4 + kCodeBytes * codes.size());
    PutVarint(value, month);
    for (const uint32_t code : codes) PutCode(value, code);
    doc.add_value(schema::kFacetSlot, value);
  }

  std::sort(terms.begin(), terms.end());
  std::vector<std::string> stale;
  auto it = doc.termlist_begin();
  it.skip_to(std::string(schema::kFacetNamePrefix));
  for (; it != doc.termlist_end(); ++it) {
    std::string term = *it;
    if (!term.starts_with(schema::kFacetNamePrefix)) break;
    const auto at = std::lower_bound(terms.begin(), terms.end(), term);
    if (at != terms.end() && *at == term) {
      terms.erase(at);  // already there
    } else {
      stale.push_back(std::move(term));
    }
  }
  for (const std::string& term : stale) doc.remove_term(term);
  for (const std::string& term : terms) doc.add_boolean_term(term);
}

bool DecodeFacetFields(std::string_view value, FacetFields* out) {
  uint32_t month = 0;
  if (!GetVarint(value, &month) || value.size() % kCodeBytes != 0) return false;
  out->month = month;
  out->codes = value.size() / kCodeBytes;
  out->code_bytes = reinterpret_cast<const unsigned char*>(value.data());
  return true;
}

}  // namespace gazette
