// One entity the extractor found in an article, with the surface forms
// that referred to it, before the index records it (ArticleEntity).
#ifndef GAZETTE_COMMON_ENTITIES_ENTITY_H_
#define GAZETTE_COMMON_ENTITIES_ENTITY_H_

#include <string>
#include <vector>

#include "gazette/entity.h"

namespace gazette {

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

#endif  // GAZETTE_COMMON_ENTITIES_ENTITY_H_
