// Joins the mentions of one article into entities: a short form joins the
// full name the article gives, before or after it ("al-Sharaa" -> "Ahmed
// al-Sharaa", "Trump" -> "Donald Trump"), an acronym defined in parentheses
// joins what it abbreviates
// ("Hayat Tahrir al-Sham (HTS)"), gazetteer aliases join their entry ("US" ->
// "United States"), and one name gets one type.
#ifndef GAZETTE_COMMON_ENTITIES_ALIAS_MERGER_H_
#define GAZETTE_COMMON_ENTITIES_ALIAS_MERGER_H_

#include <span>
#include <string_view>
#include <vector>

#include "common/entities/entity.h"
#include "common/entities/name_finder.h"
#include "common/entities/name_tokenizer.h"

namespace gazette {

// Returns the entities in order of first mention, then the places those
// imply that the article does not name (GazetteerEntry::implies), as
// derived: West Germany's Germany. Updates `mentions`: a
// tentative mention that turned out to be a short form takes its entity's
// type, the others are removed (a standalone one still yields an entity
// marked `unresolved`); every mention of an entity gets the entity's type.
// `entity_of`, when given, receives for each remaining mention the index of its
// entity in the result.
std::vector<Entity> MergeMentions(std::string_view text,
                                  std::span<const NameToken> tokens,
                                  std::vector<Mention>& mentions,
                                  std::vector<size_t>* entity_of = nullptr);

}  // namespace gazette

#endif  // GAZETTE_COMMON_ENTITIES_ALIAS_MERGER_H_
