#include "common/search/remote_facet_counter.h"

#include <xapian.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdio>
#include <map>
#include <string>
#include <unordered_map>

#include "common/index/schema.h"
#include "common/index/stored_fields.h"

namespace gazette {
namespace {

struct NameCounts {
  uint64_t count = 0;
  std::map<std::string, uint64_t, std::less<>> names;  // display form
};

using KeyCounts = std::unordered_map<std::string, NameCounts>;

// The `limit` keys with the highest counts (ties by key), each with its
// most frequent display form (ties: the smallest).
std::vector<FacetValue> Top(const KeyCounts& counts, size_t limit) {
  std::vector<const KeyCounts::value_type*> entries;
  entries.reserve(counts.size());
  for (const auto& entry : counts) entries.push_back(&entry);
  const size_t n = std::min(limit, entries.size());
  std::partial_sort(entries.begin(), entries.begin() + static_cast<long>(n),
                    entries.end(), [](const auto* a, const auto* b) {
                      return a->second.count != b->second.count
                                 ? a->second.count > b->second.count
                                 : a->first < b->first;
                    });
  std::vector<FacetValue> values;
  for (size_t i = 0; i < n; ++i) {
    const auto& [key, kc] = *entries[i];
    // max_element keeps the first of equals: the smallest name.
    const auto best = std::max_element(
        kc.names.begin(), kc.names.end(),
        [](const auto& a, const auto& b) { return a.second < b.second; });
    values.push_back({best->first, key, kc.count});
  }
  return values;
}

class RemoteFacetCounter : public FacetCounter {
 public:
  RemoteFacetCounter()
      : entities_(schema::kEntitySlot), dates_(schema::kDateSlot) {}

  void Attach(Xapian::Enquire& enquire) override {
    enquire.add_matchspy(&entities_);
    enquire.add_matchspy(&dates_);
  }

  Facets Result(const Xapian::Database& /*db*/, size_t limit,
                bool exact) const override {
    std::array<KeyCounts, 4> by_type;
    for (auto it = entities_.values_begin(); it != entities_.values_end();
         ++it) {
      const uint64_t times = it.get_termfreq();
      ForEachStoredEntity(*it, [&](EntityType type, std::string_view key,
                                   std::string_view name, bool) {
        NameCounts& kc = by_type[static_cast<size_t>(type)][std::string(key)];
        kc.count += times;
        const auto n = kc.names.find(name);
        if (n == kc.names.end()) {
          kc.names.emplace(std::string(name), times);
        } else {
          n->second += times;
        }
      });
    }
    Facets facets;
    facets.exact = exact;
    facets.persons =
        Top(by_type[static_cast<size_t>(EntityType::kPerson)], limit);
    facets.places =
        Top(by_type[static_cast<size_t>(EntityType::kPlace)], limit);
    facets.orgs = Top(by_type[static_cast<size_t>(EntityType::kOrg)], limit);
    facets.groups =
        Top(by_type[static_cast<size_t>(EntityType::kGroup)], limit);
    Dated(facets);
    return facets;
  }

 private:
  // Years and months, chronological: "2025" and "2025-05".
  void Dated(Facets& facets) const {
    std::map<uint32_t, uint64_t> by_month, by_year;
    for (auto it = dates_.values_begin(); it != dates_.values_end(); ++it) {
      const std::string date = *it;
      uint32_t month = 0;
      if (date.size() == 8 &&
          std::from_chars(date.data(), date.data() + 6, month).ec ==
              std::errc()) {
        by_month[month] += it.get_termfreq();
        by_year[month / 100] += it.get_termfreq();
      }
    }
    char text[16];
    for (const auto& [year, count] : by_year) {
      std::snprintf(text, sizeof text, "%04u", static_cast<unsigned>(year));
      facets.years.push_back({text, text, count});
    }
    for (const auto& [month, count] : by_month) {
      std::snprintf(text, sizeof text, "%04u-%02u",
                    static_cast<unsigned>(month / 100),
                    static_cast<unsigned>(month % 100));
      facets.months.push_back({text, text, count});
    }
  }

  Xapian::ValueCountMatchSpy entities_;
  Xapian::ValueCountMatchSpy dates_;
};

}  // namespace

std::unique_ptr<FacetCounter> MakeRemoteFacetCounter() {
  return std::make_unique<RemoteFacetCounter>();
}

}  // namespace gazette
