// The tagger's review of the rules' name mentions (name_tagger.h): where it
// is sure, and what it proposes looks like a name, it completes them.
#ifndef GAZETTE_COMMON_ENTITIES_MENTION_REVIEW_H_
#define GAZETTE_COMMON_ENTITIES_MENTION_REVIEW_H_

#include <span>
#include <string_view>
#include <vector>

#include "common/entities/gazetteer.h"
#include "common/entities/name_finder.h"
#include "common/entities/name_tagger.h"
#include "common/entities/name_tokenizer.h"

namespace gazette {

// How much higher than the other choice a label must score for the tagger
// to change anything (the weights' scale: tools of bench/ner_eval). Chosen
// on the development sets, bench/RESULTS.md "A tagger beside the rules".
inline constexpr float kReviewMargin = 16;

// Changes the rules' mentions of one text (in text order, before
// MergeMentions) where the tagger is sure:
// - a tentative word it labels a name becomes one, of its type, unless the
//   article resolves it as a short form, or it reads as a person's name on
//   its own (left for the corpus to resolve: "Citibank said" reads as a
//   person to the tagger too);
// - a name of shape alone that it reads as a person's becomes a person's
//   (its places and organisations were wrong more often than the rules');
// - a person's name the rules missed is added.
// Lines in capitals and a title line are left to the rules, and what it
// proposes must look like a name: capitalised words, not a figure's label
// in a table, not a first name or a part of a firm's name alone.
void ReviewMentions(std::string_view text, std::span<const NameToken> tokens,
                    const Gazetteer& gazetteer, const NameTagger& tagger,
                    bool first_line_is_title, std::vector<Mention>& mentions,
                    float min_margin = kReviewMargin);

}  // namespace gazette

#endif  // GAZETTE_COMMON_ENTITIES_MENTION_REVIEW_H_
