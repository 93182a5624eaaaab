// Finds the people, places, organisations and groups an article mentions.
#ifndef GAZETTE_COMMON_ENTITIES_ENTITY_EXTRACTOR_H_
#define GAZETTE_COMMON_ENTITIES_ENTITY_EXTRACTOR_H_

#include <memory>
#include <string_view>
#include <vector>

#include "common/entities/entity.h"

namespace gazette {

class EntityExtractor {
 public:
  virtual ~EntityExtractor() = default;

  // Returns each entity of the article once, aliases merged, in order of
  // first mention. Must be safe to call from several threads at once.
  virtual std::vector<Entity> Extract(std::string_view title,
                                      std::string_view body) const = 0;
};

class Gazetteer;
class NameTagger;

// The extractor the indexer uses: the built-in gazetteer and tagger.
std::unique_ptr<EntityExtractor> MakeDefaultEntityExtractor();
// The same with other lists or another tagger (evaluation, tests); both
// must outlive it.
std::unique_ptr<EntityExtractor> MakeEntityExtractor(const Gazetteer& gazetteer,
                                                     const NameTagger& tagger);

}  // namespace gazette

#endif  // GAZETTE_COMMON_ENTITIES_ENTITY_EXTRACTOR_H_
