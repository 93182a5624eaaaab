#include "gazette/entity.h"

namespace gazette {

std::string_view EntityTypeName(EntityType type) {
  switch (type) {
    case EntityType::kPerson:
      return "person";
    case EntityType::kPlace:
      return "place";
    case EntityType::kOrg:
      return "org";
    case EntityType::kGroup:
      return "group";
  }
  return "person";
}

std::optional<EntityType> ParseEntityType(std::string_view name) {
  for (EntityType t : {EntityType::kPerson, EntityType::kPlace,
                       EntityType::kOrg, EntityType::kGroup}) {
    if (EntityTypeName(t) == name) return t;
  }
  return std::nullopt;
}

}  // namespace gazette
