// The key of an entity's name: what the index stores, facets count by and
// filters match, made by this one function at index and at query time, so
// that the forms of one name are one entity ("U.S." and "US"; "Texaco Inc",
// "Texaco Inc." and "Texaco").
#ifndef GAZETTE_COMMON_ENTITIES_ENTITY_KEY_H_
#define GAZETTE_COMMON_ENTITIES_ENTITY_KEY_H_

#include <string>
#include <string_view>

#include "gazette/entity.h"

namespace gazette {

// The name folded (FoldName: case, accents, dashes, spaces) without its
// dots ("u.s." -> "us", "st. louis" -> "st louis"), "&" read as "and"; an
// organisation's also without its legal form at the end ("Inc", "Corp.",
// "Co", "Ltd", "Plc", "and Co"...; never down to nothing), "Bros" as
// "brothers" and British "-isation" as "-ization".
// EntityKey(kOrg, "Salomon Brothers Inc.") == "salomon brothers".
std::string EntityKey(EntityType type, std::string_view name);

// The start of a key as a user types it, for completion: folded, without
// dots; nothing removed from its end, which may be a word not yet finished.
std::string EntityKeyPrefix(std::string_view typed);

}  // namespace gazette

#endif  // GAZETTE_COMMON_ENTITIES_ENTITY_KEY_H_
