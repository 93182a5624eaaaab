// Fuzzes the entity extractor on any text (made valid UTF-8 first, as the
// article reader always does): it must return each entity once, named in
// valid UTF-8 on one line, the same way every time, and never crash, hang
// or throw.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <utility>

#include "common/base/fold.h"
#include "common/entities/entity_extractor.h"
#include "fuzz/fuzz_check.h"

using gazette::fuzz::Check;
using gazette::fuzz::IsUtf8;

namespace {

void CheckName(const std::string& name) {
  Check(!name.empty(), "empty name");
  Check(IsUtf8(name), "name is not UTF-8");
  Check(name.find('\n') == std::string::npos, "name spans lines");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::unique_ptr<gazette::EntityExtractor> extractor =
      gazette::MakeDefaultEntityExtractor();
  const std::string text = gazette::RepairUtf8(
      std::string_view(reinterpret_cast<const char*>(data), size));
  // The first line is the title, the rest the body.
  const size_t newline = text.find('\n');
  const std::string_view title =
      newline == std::string::npos ? std::string_view()
                                   : std::string_view(text).substr(0, newline);
  const std::string_view body =
      newline == std::string::npos ? std::string_view(text)
                                   : std::string_view(text).substr(newline + 1);
  const std::vector<gazette::Entity> entities = extractor->Extract(title, body);
  std::set<std::pair<gazette::EntityType, std::string>> seen;
  for (const gazette::Entity& e : entities) {
    CheckName(e.name);
    for (const auto& alias : e.aliases) CheckName(alias);
    Check(!gazette::FoldName(e.name).empty(), "name folds to nothing");
    Check(seen.emplace(e.type, gazette::FoldName(e.name)).second,
          "an entity listed twice");
  }
  Check(extractor->Extract(title, body) == entities,
        "a second extraction differs");
  return 0;
}
