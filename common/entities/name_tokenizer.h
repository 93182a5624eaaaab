// Splits article text into the words and punctuation the entity finder
// reasons about: case shape, sentence and quotation starts, possessives,
// abbreviations and hyphenated particles ("al-Sharaa").
#ifndef GAZETTE_COMMON_ENTITIES_NAME_TOKENIZER_H_
#define GAZETTE_COMMON_ENTITIES_NAME_TOKENIZER_H_

#include <cstdint>
#include <string_view>
#include <vector>

namespace gazette {

enum class TokenShape : uint8_t {
  kPunct,        // one punctuation mark; see NameToken::punct
  kLower,        // "talks", "al" (a particle alone)
  kCapitalised,  // "Syria", "McDonald", "al-Sharaa" (particle + name)
  kUpper,        // "HTS", "U.S.", "LONDON": two or more letters, all capitals
  kNumber,       // "1967", "3.5", "1,000"
  kOther,        // letters and digits mixed: "F-16", "4th", "G7"
};

struct NameToken {
  // Byte range in the text. A possessive ending ("'s", "’s", or the bare
  // apostrophe of "Reuters'") is not part of the word: see `possessive`.
  uint32_t begin = 0;
  uint32_t end = 0;
  // Index of the text line the token is on: lines end at '\n', except in
  // hard-wrapped text (see TokenizeNames), where they end at paragraphs.
  uint32_t line = 0;
  TokenShape shape = TokenShape::kPunct;
  // For kPunct: '.', ',', ';', ':', '!', '?', '(', ')', '[', ']', '"' (any
  // quotation mark, straight or curly), '-' (a dash standing alone), '&',
  // '/', or '*' for anything else.
  char punct = 0;
  // The first word of a line, of a sentence, or of a quotation: its
  // capital letter says nothing about whether it is a name.
  bool sentence_start = false;
  // Followed by "'s" or a lone apostrophe (Trump's, Reuters').
  bool possessive = false;
  // The lone apostrophe of a plural: "Workers'" in "Kurdistan Workers'
  // Party", which may be inside a name.
  bool plural_possessive = false;
  // Ends in a dot that is part of it (U.S., Mr., W.), not a full stop.
  bool abbreviation = false;
  // Starts with a lower-case particle and a hyphen: al-Sharaa, bin-Laden.
  bool particle = false;

  bool is_word() const { return shape != TokenShape::kPunct; }
  bool is_name_shaped() const {
    return shape == TokenShape::kCapitalised || shape == TokenShape::kUpper;
  }
  std::string_view text(std::string_view source) const {
    return source.substr(begin, end - begin);
  }
};

// Tokenises UTF-8 text (invalid bytes are treated as punctuation). Offsets
// fit in 32 bits: text longer than 4 GiB is cut there. Text wrapped at a
// fixed width (many line breaks inside sentences) has its single line
// breaks read as spaces; blank and indented lines still start paragraphs.
std::vector<NameToken> TokenizeNames(std::string_view text);

}  // namespace gazette

#endif  // GAZETTE_COMMON_ENTITIES_NAME_TOKENIZER_H_
