// Corrections by the user: a plain-text file of merges, renames, type
// changes and names to hide, applied to every article's entities as the
// index is built, so an archivist can fix what the extractor gets wrong
// without code. docs/corrections.md describes the format:
//
//   # a comment
//   merge  org    IBM = International Business Machines
//   rename place  WASHINGTON = Washington
//   type   person Smith Barney = org
//   hide   person Qtly Dividend
#ifndef GAZETTE_COMMON_ENTITIES_CORRECTIONS_H_
#define GAZETTE_COMMON_ENTITIES_CORRECTIONS_H_

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/entities/entity.h"
#include "common/entities/entity_extractor.h"

namespace gazette {

class Corrections {
 public:
  // No corrections.
  Corrections() = default;

  // Reads the rules of a corrections file's text; `where` names the file in
  // messages. Throws Error(kUsage) at the first bad line, in one line that
  // names where, the line number, what is wrong and the entry:
  // "fixes.txt:3: unknown correction 'merj' (valid: merge, rename, type,
  // hide) in 'merj org IBM = X'".
  static Corrections Parse(std::string_view text, std::string_view where);

  // Parse() of the file at path. Throws Error(kUsage) when it cannot be
  // read, or at its first bad line.
  static Corrections Load(const std::string& path);

  bool empty() const { return rules_.empty(); }
  size_t size() const { return rules_.size(); }

  // What the rules do, as 16 hex digits ("" for none): equal for files
  // whose rules do the same (comments, spacing, order and the spelling of
  // names that have one key aside), so an index can tell whether the
  // corrections it was built with still hold.
  std::string Fingerprint() const;

  // Applies the rules to an article's entities (as the extractor gives
  // them): hidden ones go; renamed, merged or retyped ones take their new
  // name and type; entities that become one are merged, in the place of
  // the first. The names merged into an entity are aliases of it in every
  // article that names it, so a filter on any of them finds them all
  // (`--org IBM` the articles that say only "International Business
  // Machines" too).
  void Apply(std::vector<Entity>& entities) const;

 private:
  // What becomes of the entity of one type and key, after every rule that
  // follows from it.
  struct Target {
    bool hide = false;
    EntityType type = EntityType::kPerson;
    std::string name;
  };
  using Key = std::pair<EntityType, std::string>;

  std::map<Key, Target> rules_;
  // By the key of a target: the names that rules merge into it.
  std::map<Key, std::vector<std::string>> merged_names_;
};

// An extractor that gives what `inner` finds with `corrections` applied.
// Both must outlive it.
class CorrectingExtractor : public EntityExtractor {
 public:
  CorrectingExtractor(const EntityExtractor& inner,
                      const Corrections& corrections)
      : inner_(inner), corrections_(corrections) {}

  std::vector<Entity> Extract(std::string_view title,
                              std::string_view body) const override;

 private:
  const EntityExtractor& inner_;
  const Corrections& corrections_;
};

}  // namespace gazette

#endif  // GAZETTE_COMMON_ENTITIES_CORRECTIONS_H_
