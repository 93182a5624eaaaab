// Short forms of folded name keys ("ahmed al-sharaa"): the last word, the
// word without its glued particle, and whether one key is another's short
// form. Shared by the in-article and the corpus alias merging.
#ifndef GAZETTE_COMMON_ENTITIES_NAME_KEYS_H_
#define GAZETTE_COMMON_ENTITIES_NAME_KEYS_H_

#include <string_view>

namespace gazette {

// "al-assad" -> "assad"; a key without a short particle is returned whole.
inline std::string_view WithoutParticle(std::string_view key) {
  const size_t hyphen = key.find('-');
  if (hyphen == std::string_view::npos || hyphen > 4) return key;
  return key.substr(hyphen + 1);
}

// "ahmed al-sharaa" -> "al-sharaa".
inline std::string_view LastWord(std::string_view key) {
  const size_t space = key.rfind(' ');
  return space == std::string_view::npos ? key : key.substr(space + 1);
}

// Whether `short_key` is the surname of the full name `full_key`, with or
// without its particle: "al-sharaa" and "sharaa" of "ahmed al-sharaa".
inline bool IsShortFormOf(std::string_view short_key,
                          std::string_view full_key) {
  if (full_key.find(' ') == std::string_view::npos) return false;
  const std::string_view last = LastWord(full_key);
  return last == short_key || WithoutParticle(last) == short_key;
}

}  // namespace gazette

#endif  // GAZETTE_COMMON_ENTITIES_NAME_KEYS_H_
