#include "common/facet_counter.h"

#include <algorithm>
#include <array>
#include <map>
#include <unordered_map>

#include "common/schema.h"
#include "common/stored_fields.h"

namespace gazette {
namespace {

struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const {
    return std::hash<std::string_view>{}(s);
  }
};

struct KeyCount {
  uint64_t count = 0;
  // Display forms seen for the key, so the most frequent can be shown.
  std::vector<std::pair<std::string, uint64_t>> names;
};

using KeyCounts =
    std::unordered_map<std::string, KeyCount, StringHash, std::equal_to<>>;

class EntityDateSpy : public Xapian::MatchSpy {
 public:
  void operator()(const Xapian::Document& doc, double /*weight*/) override {
    ForEachStoredEntity(
        doc.get_value(schema::kEntitySlot),
        [&](EntityType type, std::string_view key, std::string_view name,
            bool) {
          KeyCounts& counts = by_type_[static_cast<size_t>(type)];
          auto it = counts.find(key);
          if (it == counts.end())
            it = counts.emplace(std::string(key), KeyCount{}).first;
          ++it->second.count;
          auto& names = it->second.names;
          auto n = std::find_if(names.begin(), names.end(),
                                [&](const auto& p) { return p.first == name; });
          if (n == names.end()) {
            names.emplace_back(std::string(name), 1);
          } else {
            ++n->second;
          }
        });
    const std::string date = doc.get_value(schema::kDateSlot);
    if (date.size() == 8) {
      ++years_[date.substr(0, 4)];
      ++months_[date.substr(0, 6)];
    }
  }

  std::string name() const override { return "gazette.EntityDateSpy"; }

  const KeyCounts& counts(EntityType type) const {
    return by_type_[static_cast<size_t>(type)];
  }
  const std::map<std::string, uint64_t>& years() const { return years_; }
  const std::map<std::string, uint64_t>& months() const { return months_; }

 private:
  std::array<KeyCounts, 4> by_type_;
  std::map<std::string, uint64_t> years_;
  std::map<std::string, uint64_t> months_;
};

std::vector<FacetValue> Top(const KeyCounts& counts, size_t limit) {
  std::vector<FacetValue> values;
  values.reserve(counts.size());
  for (const auto& [key, kc] : counts) {
    const auto best = std::max_element(
        kc.names.begin(), kc.names.end(), [](const auto& a, const auto& b) {
          return a.second != b.second ? a.second < b.second : a.first > b.first;
        });
    values.push_back(
        {best == kc.names.end() ? key : best->first, key, kc.count});
  }
  const auto order = [](const FacetValue& a, const FacetValue& b) {
    return a.count != b.count ? a.count > b.count : a.key < b.key;
  };
  if (values.size() > limit) {
    std::partial_sort(values.begin(), values.begin() + static_cast<long>(limit),
                      values.end(), order);
    values.resize(limit);
  } else {
    std::sort(values.begin(), values.end(), order);
  }
  return values;
}

std::vector<FacetValue> Dated(const std::map<std::string, uint64_t>& counts) {
  std::vector<FacetValue> values;
  for (const auto& [key, count] : counts) {
    // "2025" stays; "202505" shows as "2025-05".
    std::string shown =
        key.size() == 6 ? key.substr(0, 4) + "-" + key.substr(4) : key;
    values.push_back({shown, shown, count});
  }
  return values;
}

class SpyFacetCounter : public FacetCounter {
 public:
  void Attach(Xapian::Enquire& enquire) override {
    enquire.add_matchspy(&spy_);
  }

  Facets Result(size_t limit, bool exact) const override {
    Facets facets;
    facets.exact = exact;
    facets.persons = Top(spy_.counts(EntityType::kPerson), limit);
    facets.places = Top(spy_.counts(EntityType::kPlace), limit);
    facets.orgs = Top(spy_.counts(EntityType::kOrg), limit);
    facets.groups = Top(spy_.counts(EntityType::kGroup), limit);
    facets.years = Dated(spy_.years());
    facets.months = Dated(spy_.months());
    return facets;
  }

 private:
  EntityDateSpy spy_;
};

}  // namespace

std::unique_ptr<FacetCounter> MakeFacetCounter() {
  return std::make_unique<SpyFacetCounter>();
}

}  // namespace gazette
