#include "common/base/flat_string_map.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

namespace gazette {
namespace {

TEST_CASE("flat string map finds nothing until a key is inserted") {
  FlatStringMap<int> map;
  CHECK(map.Find("") == nullptr);
  CHECK(map.Find("golan") == nullptr);
  CHECK(map.size() == 0);
  map["golan"] = 3;
  REQUIRE(map.Find("golan") != nullptr);
  CHECK(*map.Find("golan") == 3);
  CHECK(map.Find("Golan") == nullptr);
  CHECK(map.Find("golan ") == nullptr);
  CHECK(map.Find("gola") == nullptr);
}

TEST_CASE("flat string map gives the same value for a key met again") {
  FlatStringMap<int> map;
  CHECK(map["talks"] == 0);  // default-constructed when new
  ++map["talks"];
  ++map["talks"];
  ++map["golan"];
  CHECK(map.size() == 2);
  CHECK(*map.Find("talks") == 2);
  CHECK(*map.Find("golan") == 1);
}

TEST_CASE("flat string map keeps keys byte for byte: empty, NUL, UTF-8") {
  FlatStringMap<std::string> map;
  const std::vector<std::string> keys = {
      "",        std::string("a\0b", 3), std::string("a\0c", 3),
      "a",       "caf\xc3\xa9",          "cafe",
      "\xff\xfe"};
  for (const std::string& key : keys) map[key] = "value of " + key;
  CHECK(map.size() == keys.size());
  for (const std::string& key : keys) {
    CAPTURE(key);
    const std::string* value = map.Find(key);
    REQUIRE(value != nullptr);
    CHECK(*value == "value of " + key);
  }
  CHECK(map.Find(std::string("a\0", 2)) == nullptr);
}

TEST_CASE("flat string map keeps every key through many growths") {
  FlatStringMap<size_t> map;
  constexpr size_t kKeys = 5000;  // the table starts at 64 slots
  for (size_t i = 0; i < kKeys; ++i) map["key " + std::to_string(i)] = i;
  CHECK(map.size() == kKeys);
  size_t found = 0;
  for (size_t i = 0; i < kKeys; ++i) {
    const size_t* value = map.Find("key " + std::to_string(i));
    if (value != nullptr && *value == i) ++found;
  }
  CHECK(found == kKeys);
  // Keys never inserted are not found, however full the table.
  size_t stray = 0;
  for (size_t i = kKeys; i < 2 * kKeys; ++i) {
    if (map.Find("key " + std::to_string(i)) != nullptr) ++stray;
  }
  CHECK(stray == 0);
}

TEST_CASE("flat string map lists its entries in insertion order") {
  FlatStringMap<int> map;
  const std::vector<std::string> keys = {"zeta", "alpha", "mu", "beta"};
  for (size_t i = 0; i < 200; ++i) map["filler " + std::to_string(i)] = 0;
  for (const std::string& key : keys) map[key] = 1;
  map["alpha"] = 2;  // met again: keeps its place
  const auto& entries = map.entries();
  REQUIRE(entries.size() == 200 + keys.size());
  for (size_t i = 0; i < keys.size(); ++i) {
    CHECK(entries[200 + i].first == keys[i]);
  }
  CHECK(entries[201].second == 2);
}

TEST_CASE("string hash depends on the bytes viewed only") {
  const std::string text = "Golan Heights";
  CHECK(HashString(std::string_view(text).substr(0, 5)) == HashString("Golan"));
  CHECK(HashString("Golan") != HashString("golan"));
  CHECK(HashString(std::string("a\0b", 3)) !=
        HashString(std::string("a\0c", 3)));
}

}  // namespace
}  // namespace gazette
