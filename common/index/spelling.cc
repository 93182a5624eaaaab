#include "common/index/spelling.h"

namespace gazette {
namespace {

// UTF-8 characters in `term`: its bytes that do not continue a character.
size_t CharCount(std::string_view term) {
  size_t chars = 0;
  for (const char c : term)
    chars += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return chars;
}

template <typename Change>
void ForEachSpellingWord(const Xapian::Document& doc, Change change) {
  for (auto it = doc.termlist_begin(); it != doc.termlist_end(); ++it) {
    const std::string term = *it;
    if (IsSpellingWord(term)) change(term);
  }
}

}  // namespace

bool IsSpellingWord(std::string_view term) {
  if (term.empty() || term.size() > kMaxSpellingBytes) return false;
  for (const char c : term) {
    const auto byte = static_cast<unsigned char>(c);
    // Non-ASCII bytes are letters of other scripts or accented ones; of
    // ASCII, only lower-case letters: a capital starts a prefixed term, and
    // digits and punctuation make tokens rather than words.
    if (byte < 0x80 && !(byte >= 'a' && byte <= 'z')) return false;
  }
  return CharCount(term) >= kMinSpellingLength;
}

void AddSpelling(Xapian::WritableDatabase& db, const Xapian::Document& doc) {
  ForEachSpellingWord(doc,
                      [&](const std::string& word) { db.add_spelling(word); });
}

void RemoveSpelling(Xapian::WritableDatabase& db, const Xapian::Document& doc) {
  ForEachSpellingWord(
      doc, [&](const std::string& word) { db.remove_spelling(word); });
}

}  // namespace gazette
