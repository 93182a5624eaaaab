// A hash map from strings to values for lookups on hot paths: open
// addressing over one flat array, so a lookup is usually one cache miss for
// the slot and one for the key. Insert-only; no erase.
#ifndef GAZETTE_COMMON_BASE_FLAT_STRING_MAP_H_
#define GAZETTE_COMMON_BASE_FLAT_STRING_MAP_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gazette {

// XXH3 of the bytes.
uint64_t HashString(std::string_view s);

template <typename V>
class FlatStringMap {
 public:
  const V* Find(std::string_view key) const {
    if (entries_.empty()) return nullptr;
    const uint64_t hash = HashString(key);
    for (size_t i = hash & mask_;; i = (i + 1) & mask_) {
      const Slot& slot = slots_[i];
      if (slot.index == 0) return nullptr;
      if (slot.hash == hash && entries_[slot.index - 1].first == key)
        return &entries_[slot.index - 1].second;
    }
  }

  // The value for key, default-constructed if new. References stay valid
  // only until the next insertion.
  V& operator[](std::string_view key) {
    if ((entries_.size() + 1) * 2 > slots_.size()) Grow();
    const uint64_t hash = HashString(key);
    size_t i = hash & mask_;
    for (;; i = (i + 1) & mask_) {
      const Slot& slot = slots_[i];
      if (slot.index == 0) break;
      if (slot.hash == hash && entries_[slot.index - 1].first == key)
        return entries_[slot.index - 1].second;
    }
    entries_.emplace_back(std::string(key), V());
    slots_[i] = {hash, static_cast<uint32_t>(entries_.size())};
    return entries_.back().second;
  }

  size_t size() const { return entries_.size(); }
  const std::vector<std::pair<std::string, V>>& entries() const {
    return entries_;
  }

 private:
  struct Slot {
    uint64_t hash = 0;
    uint32_t index = 0;  // 1 + position in entries_; 0 for an empty slot
  };

  void Grow() {
    const size_t size = slots_.empty() ? 64 : slots_.size() * 2;
    std::vector<Slot> slots(size);
    mask_ = size - 1;
    for (const Slot& slot : slots_) {
      if (slot.index == 0) continue;
      size_t i = slot.hash & mask_;
      while (slots[i].index != 0) i = (i + 1) & mask_;
      slots[i] = slot;
    }
    slots_ = std::move(slots);
  }

  std::vector<Slot> slots_;
  std::vector<std::pair<std::string, V>> entries_;
  size_t mask_ = 0;
};

}  // namespace gazette

#endif  // GAZETTE_COMMON_BASE_FLAT_STRING_MAP_H_
