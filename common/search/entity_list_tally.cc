#include "common/search/entity_list_tally.h"

#include <algorithm>

#include "common/index/facet_fields.h"
#include "common/index/stored_fields.h"

namespace gazette {

std::string_view EntityListTally::StringArena::Copy(std::string_view s) {
  if (s.size() > kBlock / 4) {
    big_.emplace_back(s);
    return big_.back();
  }
  if (blocks_.empty() || used_ + s.size() > kBlock) {
    blocks_.push_back(std::make_unique<char[]>(kBlock));
    used_ = 0;
  }
  char* out = blocks_.back().get() + used_;
  std::copy(s.begin(), s.end(), out);
  used_ += s.size();
  return {out, s.size()};
}

void EntityListTally::Add(std::string_view entities, std::string_view date) {
  seen_.clear();
  ForEachStoredEntity(entities, [&](EntityType type, std::string_view key,
                                    std::string_view name, bool) {
    if (repeated_ == RepeatedKeys::kOnce) {
      const std::pair<int, std::string_view> typed{static_cast<int>(type), key};
      if (std::find(seen_.begin(), seen_.end(), typed) != seen_.end()) return;
      seen_.push_back(typed);
    }
    KeyCount& kc = by_type_[static_cast<size_t>(type)][key];
    if (kc.count++ == 0) kc.name = arena_.Copy(name);
    if (kc.name == name) {
      ++kc.name_count;
      return;
    }
    auto n = std::find_if(kc.other_names.begin(), kc.other_names.end(),
                          [&](const auto& p) { return p.first == name; });
    if (n == kc.other_names.end()) {
      kc.other_names.emplace_back(arena_.Copy(name), 1);
    } else {
      ++n->second;
    }
  });
  // "YYYYMMDD": counted by month; years are sums of months.
  if (const uint32_t month = FacetMonth(date); month != 0) months_.Add(month);
}

std::vector<FacetValue> EntityListTally::Top(const KeyCounts& counts,
                                             size_t limit) {
  using Entry = const std::pair<std::string, KeyCount>*;
  std::vector<Entry> entries;
  entries.reserve(counts.size());
  for (const auto& entry : counts.entries()) entries.push_back(&entry);
  const auto order = [](Entry a, Entry b) {
    return a->second.count != b->second.count
               ? a->second.count > b->second.count
               : a->first < b->first;
  };
  const size_t n = std::min(limit, entries.size());
  std::partial_sort(entries.begin(), entries.begin() + static_cast<long>(n),
                    entries.end(), order);
  std::vector<FacetValue> values;
  values.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    const auto& [key, kc] = *entries[i];
    // The most frequent display form; on a tie, the smallest.
    std::string_view best = kc.name;
    uint64_t best_count = kc.name_count;
    for (const auto& [name, count] : kc.other_names) {
      if (count > best_count || (count == best_count && name < best)) {
        best = name;
        best_count = count;
      }
    }
    values.push_back({std::string(best), std::string(key), kc.count});
  }
  return values;
}

Facets EntityListTally::Result(size_t limit) const {
  Facets facets;
  facets.persons =
      Top(by_type_[static_cast<size_t>(EntityType::kPerson)], limit);
  facets.places = Top(by_type_[static_cast<size_t>(EntityType::kPlace)], limit);
  facets.orgs = Top(by_type_[static_cast<size_t>(EntityType::kOrg)], limit);
  facets.groups = Top(by_type_[static_cast<size_t>(EntityType::kGroup)], limit);
  months_.AddTo(facets);
  return facets;
}

}  // namespace gazette
