// The default entity extractor: tokenise, find name mentions with the
// built-in gazetteer, merge aliases.
#include <string>

#include "common/entities/alias_merger.h"
#include "common/entities/entity_extractor.h"
#include "common/entities/gazetteer.h"
#include "common/entities/name_finder.h"
#include "common/entities/name_tokenizer.h"

namespace gazette {
namespace {

class GazetteerEntityExtractor : public EntityExtractor {
 public:
  explicit GazetteerEntityExtractor(const Gazetteer& gazetteer)
      : gazetteer_(gazetteer) {}

  std::vector<Entity> Extract(std::string_view title,
                              std::string_view body) const override {
    // The title is the first line, so a title in title case is read as a
    // headline; a title that is the body's first sentence is read twice,
    // which changes nothing once aliases are merged.
    std::string text;
    text.reserve(title.size() + 1 + body.size());
    text += title;
    text += "\n\n";  // a paragraph of its own, even in wrapped text
    text += body;
    const std::vector<NameToken> tokens = TokenizeNames(text);
    std::vector<Mention> mentions =
        FindNameMentions(text, tokens, gazetteer_, !title.empty());
    return MergeMentions(text, tokens, mentions);
  }

 private:
  const Gazetteer& gazetteer_;
};

}  // namespace

std::unique_ptr<EntityExtractor> MakeDefaultEntityExtractor() {
  return std::make_unique<GazetteerEntityExtractor>(Gazetteer::BuiltIn());
}

}  // namespace gazette
