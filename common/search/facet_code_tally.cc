#include "common/search/facet_code_tally.h"

#include <algorithm>
#include <bit>
#include <string>

#include "common/index/schema.h"
#include "common/search/facet_counter.h"

namespace gazette {
namespace {

// The name of `key` most of `matches` give (ties: the smaller name), and
// in *count (if asked) how many of them have the key.
const std::string& BestName(const FacetKeyNames& key, const MatchSet& matches,
                            const Xapian::Database& db,
                            uint64_t* count = nullptr) {
  if (key.names.size() == 1 && count == nullptr) return key.names[0].name;
  const std::string* best = nullptr;
  uint64_t best_count = 0;
  uint64_t total = 0;
  for (const auto& name : key.names) {
    const uint64_t n = matches.CountWith(db, name.term, name.articles);
    total += n;
    if (best == nullptr || n > best_count ||
        (n == best_count && name.name < *best)) {
      best = &name.name;
      best_count = n;
    }
  }
  if (count != nullptr) *count = total;
  return *best;
}

// A value that may be shown: a code's count (the most any of its keys
// has), then, once looked up, its key with that key's own count.
struct Item {
  uint32_t code = 0;
  uint64_t count = 0;
  const FacetKeyNames* key = nullptr;
};

bool MoreThan(const Item& a, const Item& b) { return a.count > b.count; }

// Chooses the `limit` values of one type from its codes' counts: looks up
// every code counted at least as often as the limit-th, each code's keys
// counted apart where several share it, until the limit-th is a key's own
// count. Decrements *lookups for each code looked up; nullopt when they run
// out.
std::optional<std::vector<FacetValue>> Choose(std::vector<Item> items,
                                              size_t limit, FacetNames& names,
                                              const MatchSet& matches,
                                              size_t* lookups) {
  if (limit == 0) return std::vector<FacetValue>();
  uint64_t cut = 0;
  for (bool split = true; split;) {
    split = false;
    cut = 0;
    if (items.size() > limit) {
      std::nth_element(items.begin(), items.begin() + (limit - 1), items.end(),
                       MoreThan);
      cut = items[limit - 1].count;
    }
    std::vector<uint32_t> codes;
    for (const Item& item : items) {
      if (item.count >= cut && item.key == nullptr) codes.push_back(item.code);
    }
    if (codes.size() > *lookups) return std::nullopt;
    *lookups -= codes.size();
    names.Prepare(codes);
    std::vector<Item> apart;
    for (Item& item : items) {
      if (item.count < cut || item.key != nullptr) continue;
      const std::vector<FacetKeyNames>& keys = names.Lookup(item.code);
      if (keys.size() == 1) {
        item.key = &keys[0];
        continue;
      }
      split = true;
      for (const FacetKeyNames& key : keys) {
        const uint64_t count = key.Count(matches, names.db());
        if (count > 0) apart.push_back({item.code, count, &key});
      }
      item.count = 0;  // replaced by its keys
    }
    std::erase_if(items, [](const Item& item) { return item.count == 0; });
    items.insert(items.end(), apart.begin(), apart.end());
  }
  std::erase_if(items, [&](const Item& item) { return item.count < cut; });
  // Ordered as every route orders values, then named: only those shown.
  std::vector<std::pair<FacetValue, const FacetKeyNames*>> chosen;
  for (const Item& item : items)
    chosen.push_back({{"", item.key->key, item.count}, item.key});
  std::sort(chosen.begin(), chosen.end(), [](const auto& a, const auto& b) {
    return FacetValueBefore(a.first, b.first);
  });
  if (chosen.size() > limit) chosen.resize(limit);
  std::vector<FacetValue> values;
  for (auto& [value, key] : chosen) {
    value.value = BestName(*key, matches, names.db());
    values.push_back(std::move(value));
  }
  return values;
}

// The values of `sampled` (codes with their counts in a sample) most worth
// showing: the 2 * limit codes the sample counted most, each key of them
// counted over `matches`, the `limit` with the most.
std::vector<FacetValue> Recount(std::vector<Item> sampled, size_t limit,
                                FacetNames& names, const MatchSet& matches) {
  const size_t take = std::min(sampled.size(), 2 * limit);
  std::partial_sort(sampled.begin(), sampled.begin() + static_cast<long>(take),
                    sampled.end(), [](const Item& a, const Item& b) {
                      return a.count != b.count ? a.count > b.count
                                                : a.code < b.code;
                    });
  sampled.resize(take);
  std::vector<uint32_t> codes;
  for (const Item& item : sampled) codes.push_back(item.code);
  names.Prepare(codes);
  std::vector<FacetValue> values;
  for (const Item& item : sampled) {
    for (const FacetKeyNames& key : names.Lookup(item.code)) {
      FacetValue value{"", key.key, 0};
      value.value = BestName(key, matches, names.db(), &value.count);
      if (value.count > 0) values.push_back(std::move(value));
    }
  }
  std::sort(values.begin(), values.end(), FacetValueBefore);
  if (values.size() > limit) values.resize(limit);
  return values;
}

std::vector<Item> Items(const std::vector<FacetCodeTally::Slot>& slots) {
  std::vector<Item> items;
  items.reserve(slots.size());
  for (const auto& slot : slots) items.push_back({slot.code, slot.count});
  return items;
}

}  // namespace

void FacetCodeTally::Reserve(size_t codes) {
  if (!slots_.empty()) return;
  slots_.assign(std::bit_ceil(std::max<size_t>(64, 2 * codes)), Slot{});
  mask_ = slots_.size() - 1;
}

void FacetCodeTally::Grow() {
  std::vector<Slot> old = std::move(slots_);
  slots_.assign(old.empty() ? 1024 : old.size() * 2, Slot{});
  mask_ = slots_.size() - 1;
  for (const Slot& slot : old) {
    if (slot.code == 0) continue;
    size_t i = slot.code & mask_;
    while (slots_[i].code != 0) i = (i + 1) & mask_;
    slots_[i] = slot;
  }
}

void FacetCodeTally::Merge(const FacetCodeTally& other) {
  for (const Slot& slot : other.slots_) {
    if (slot.code != 0) AddCode(slot.code, slot.count);
  }
  months_.Merge(other.months_);
}

std::vector<std::vector<FacetCodeTally::Slot>> FacetCodeTally::ByType() const {
  std::vector<std::vector<Slot>> by_type(4);
  for (const Slot& slot : slots_) {
    if (slot.code != 0)
      by_type[static_cast<size_t>(FacetCodeType(slot.code))].push_back(slot);
  }
  return by_type;
}

std::optional<Facets> FacetCodeTally::Result(size_t limit, FacetNames& names,
                                             const MatchSet& matches,
                                             size_t max_lookups) const {
  const auto by_type = ByType();
  std::vector<FacetValue>* lists[4];
  Facets facets;
  lists[static_cast<size_t>(EntityType::kPerson)] = &facets.persons;
  lists[static_cast<size_t>(EntityType::kPlace)] = &facets.places;
  lists[static_cast<size_t>(EntityType::kOrg)] = &facets.orgs;
  lists[static_cast<size_t>(EntityType::kGroup)] = &facets.groups;
  size_t lookups = max_lookups;
  for (size_t t = 0; t < 4; ++t) {
    auto values = Choose(Items(by_type[t]), limit, names, matches, &lookups);
    if (!values) return std::nullopt;
    *lists[t] = std::move(*values);
  }
  months_.AddTo(facets);
  return facets;
}

Facets FacetCodeTally::SampledResult(size_t limit, FacetNames& names,
                                     const MatchSet& matches) const {
  const auto by_type = ByType();
  Facets facets;
  facets.persons = Recount(Items(by_type[0]), limit, names, matches);
  facets.places = Recount(Items(by_type[1]), limit, names, matches);
  facets.orgs = Recount(Items(by_type[2]), limit, names, matches);
  facets.groups = Recount(Items(by_type[3]), limit, names, matches);
  MonthCounts months;
  const std::string prefix(schema::kMonthPrefix);
  const Xapian::Database& db = names.db();
  for (auto it = db.allterms_begin(prefix); it != db.allterms_end(prefix);
       ++it) {
    const std::string term = *it;
    const uint32_t month = FacetMonth(term.substr(prefix.size()) + "01");
    if (month == 0) continue;
    const uint64_t count = matches.CountWith(db, term, it.get_termfreq());
    if (count > 0) months.Add(month, count);
  }
  months.AddTo(facets);
  return facets;
}

}  // namespace gazette
