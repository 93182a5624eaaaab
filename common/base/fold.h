// Folding of names for matching: the one normalisation used for entity keys at
// index time and for entity filters at query time.
#ifndef GAZETTE_COMMON_BASE_FOLD_H_
#define GAZETTE_COMMON_BASE_FOLD_H_

#include <string>
#include <string_view>

namespace gazette {

// Returns the matching key of a name: lower case, Latin diacritics removed
// ("Ş" -> "s", "ß" -> "ss"), typographic apostrophes and dashes made ASCII,
// and runs of whitespace collapsed to one space, trimmed.
// FoldName("  Ahmed  AL‑Sharaa ") == "ahmed al-sharaa".
std::string FoldName(std::string_view name);

}  // namespace gazette

#endif  // GAZETTE_COMMON_BASE_FOLD_H_
