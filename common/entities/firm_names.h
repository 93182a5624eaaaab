// Firms whose names read as people's: brokerages and banks named after
// their founders ("Smith Barney", "E.F. Hutton", "Dean Witter", "Shearson
// Lehman"). Nothing in the words tells them from a person; the article
// around them does.
#ifndef GAZETTE_COMMON_ENTITIES_FIRM_NAMES_H_
#define GAZETTE_COMMON_ENTITIES_FIRM_NAMES_H_

#include <span>
#include <string_view>
#include <vector>

#include "common/entities/name_finder.h"
#include "common/entities/name_tokenizer.h"

namespace gazette {

// Makes organisations of the people's names (of two words or more, that no
// title vouched for) that the article uses as a firm's, and of their every
// other mention in it:
// - before a market job: "Smith Barney analyst Jane Doe";
// - after one, or a kind of firm: "an analyst with E.F. Hutton",
//   "brokerage house Dean Witter", "securities firm Drexel Burnham";
// - after a person and "of": "Jane Doe of Shearson Lehman";
// - as the first words of an organisation's name the article gives:
//   "Dean Witter" of "Dean Witter Reynolds Inc".
// `tokens` is TokenizeNames(text); mentions are FindNameMentions'.
void RetypeFirms(std::string_view text, std::span<const NameToken> tokens,
                 std::vector<Mention>& mentions);

}  // namespace gazette

#endif  // GAZETTE_COMMON_ENTITIES_FIRM_NAMES_H_
