#include "ner_docs.h"

#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>

namespace gazette {

int TypeIndex(std::string_view name) {
  for (int i = 0; i < 3; ++i) {
    if (name == kTypes[i]) return i;
  }
  return -1;
}

int TypeIndex(EntityType type) {
  switch (type) {
    case EntityType::kPerson:
      return 0;
    case EntityType::kPlace:
      return 1;
    case EntityType::kOrg:
      return 2;
    case EntityType::kGroup:
      return -1;
  }
  return -1;
}

std::vector<Doc> ReadDocs(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::vector<Doc> docs;
  std::string line;
  size_t number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line.empty()) continue;
    const nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.contains("text") || !j.contains("spans")) {
      throw std::runtime_error(path + ":" + std::to_string(number) +
                               ": not a document");
    }
    Doc& doc = docs.emplace_back();
    doc.text = j["text"].get<std::string>();
    for (const auto& s : j["spans"]) {
      const int type = TypeIndex(s[2].get<std::string>());
      if (type < 0) continue;
      doc.gold.push_back({s[0].get<size_t>(), s[1].get<size_t>(), type});
    }
  }
  return docs;
}

}  // namespace gazette
