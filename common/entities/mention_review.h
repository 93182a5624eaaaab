// The tagger's review of the rules' name mentions (name_tagger.h): where it
// is sure, and what it proposes looks like a name, it completes them.
#ifndef GAZETTE_COMMON_ENTITIES_MENTION_REVIEW_H_
#define GAZETTE_COMMON_ENTITIES_MENTION_REVIEW_H_

#include <span>
#include <string_view>
#include <vector>

#include "common/entities/entity.h"
#include "common/entities/gazetteer.h"
#include "common/entities/name_finder.h"
#include "common/entities/name_tagger.h"
#include "common/entities/name_tokenizer.h"

namespace gazette {

// How much higher than the other choice (in the model's weight units) a
// label must score for the tagger to change anything. Chosen on the
// development sets: bench/RESULTS.md, "A tagger beside the rules".
inline constexpr float kReviewMargin = 16;

// Gives the rules' tentative words (mentions in text order, before
// MergeMentions) the type the tagger is sure of, where the article does not
// resolve them as short forms already. A lone word it reads as a person's
// stays unresolved, for the corpus to name (CorpusAliases): filterable, not
// a facet, since a surname alone is ambiguous ("Li") and "Citibank said"
// reads as a person to the tagger too. A tentative word listed with a place
// or an organisation the gazetteer knows takes its type ("Frankfurt, Basle
// and Zurich"). Lines in capitals and a title line
// are left to the rules, and a word must look like a name of its own: not
// a figure's label in a table ("Deposits 3.60 billion"), not written in
// lower case elsewhere, not part of or beside a longer name ("Hutton" of
// "E.F. Hutton Group"), not a first name or a partner of a firm ("Pratt
// and Whitney") taken for a person. The tagger's additions and retypings
// were measured and left out: they were wrong about as often as right
// (bench/RESULTS.md, "A tagger beside the rules").
//
// Then merges them (MergeMentions) and returns the entities; the mentions
// are left as MergeMentions leaves them.
std::vector<Entity> ReviewAndMerge(std::string_view text,
                                   std::span<const NameToken> tokens,
                                   const Gazetteer& gazetteer,
                                   const NameTagger& tagger,
                                   bool first_line_is_title,
                                   std::vector<Mention>& mentions,
                                   float min_margin = kReviewMargin);

}  // namespace gazette

#endif  // GAZETTE_COMMON_ENTITIES_MENTION_REVIEW_H_
