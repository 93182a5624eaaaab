// Named entities: the types Gazette knows and one mention found in an article.
#ifndef GAZETTE_COMMON_ENTITY_H_
#define GAZETTE_COMMON_ENTITY_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gazette {

enum class EntityType { kPerson, kPlace, kOrg, kGroup };

// The name users type for a type: "person", "place", "org", "group".
std::string_view EntityTypeName(EntityType type);
std::optional<EntityType> ParseEntityType(std::string_view name);

// One entity of one article, after aliases within the article are merged.
struct Entity {
  EntityType type = EntityType::kPerson;
  // The best full form seen in the article, for display: "Ahmed al-Sharaa".
  std::string name;
  // Other surface forms that referred to it: "al-Sharaa", "Sharaa".
  std::vector<std::string> aliases;
  // True when only implied ("Syrian" implies the place Syria).
  bool derived = false;
  // A lone word that reads as a person's name but names no one the article
  // introduces ("al-Sharaa" with no full name). Indexed, so filters find
  // it and the corpus can tell whose short name it is (CorpusAliases), but
  // left out of facets and entity lists until then.
  bool unresolved = false;

  friend bool operator==(const Entity&, const Entity&) = default;
};

}  // namespace gazette

#endif  // GAZETTE_COMMON_ENTITY_H_
