#include "common/index/schema.h"

#include <xxhash.h>

#include <array>
#include <cstdio>

namespace gazette::schema {
namespace {

constexpr std::array<Field, 10> kFields = {{
    {"title", kTitlePrefix, FieldKind::kFreeText},
    {"person", "XP", FieldKind::kEntity},
    {"place", "XL", FieldKind::kEntity},
    {"org", "XO", FieldKind::kEntity},
    {"group", "XG", FieldKind::kEntity},
    {"id", kIdPrefix, FieldKind::kBoolean},
    {"year", kYearPrefix, FieldKind::kBoolean},
    {"month", kMonthPrefix, FieldKind::kBoolean},
    {"day", kDayPrefix, FieldKind::kBoolean},
    {"source", kSourcePrefix, FieldKind::kSource},
}};

std::string PrefixedTerm(std::string_view prefix, std::string_view value) {
  std::string term(prefix);
  if (prefix.size() + value.size() <= kMaxTermBytes) {
    term += value;
    return term;
  }
  char hash[17];
  std::snprintf(
      hash, sizeof hash, "%016llx",
      static_cast<unsigned long long>(XXH3_64bits(value.data(), value.size())));
  size_t keep = kMaxTermBytes - prefix.size() - 17;
  // Never cut inside a UTF-8 sequence.
  while (keep > 0 && (static_cast<unsigned char>(value[keep]) & 0xC0) == 0x80) {
    --keep;
  }
  term += value.substr(0, keep);
  term += '#';
  term += hash;
  return term;
}

}  // namespace

std::span<const Field> Fields() { return kFields; }

std::string_view EntityPrefix(EntityType type) {
  // Every entity type has its row in kFields, named as the type is.
  for (const Field& field : kFields) {
    if (field.name == EntityTypeName(type)) return field.prefix;
  }
  return {};
}

Xapian::Stem MakeStemmer() { return Xapian::Stem("english"); }

std::string IdTerm(std::string_view id) { return PrefixedTerm(kIdPrefix, id); }

std::string EntityTerm(EntityType type, std::string_view key) {
  return PrefixedTerm(EntityPrefix(type), key);
}

std::string SourceTerm(std::string_view source) {
  return PrefixedTerm(kSourcePrefix, source);
}

std::string SortKey(std::string_view date_key, std::string_view id) {
  std::string key(date_key);
  key += kSortSep;
  key += id;
  return key;
}

}  // namespace gazette::schema
