// Named entities: the types Gazette knows, and an entity as an indexed
// article records it.
#ifndef GAZETTE_ENTITY_H_
#define GAZETTE_ENTITY_H_

#include <optional>
#include <string>
#include <string_view>

namespace gazette {

enum class EntityType { kPerson, kPlace, kOrg, kGroup };

// The name users type for a type: "person", "place", "org", "group".
std::string_view EntityTypeName(EntityType type);
std::optional<EntityType> ParseEntityType(std::string_view name);

// An entity an indexed article mentions, as search results and facets give
// it: the type, the name for display and the key filters match.
struct ArticleEntity {
  EntityType type = EntityType::kPerson;
  // The name folded (case, accents, dashes): what facets count by and what
  // --person and the other filters accept.
  std::string key;
  // The best full form the article gives, for display: "Ahmed al-Sharaa".
  std::string name;
  // Only implied by the article ("Syrian" implies the place Syria).
  bool derived = false;

  friend bool operator==(const ArticleEntity&, const ArticleEntity&) = default;
};

}  // namespace gazette

#endif  // GAZETTE_ENTITY_H_
