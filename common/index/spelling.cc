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

void SpellingChanges::Count(const Xapian::Document& doc, int64_t change) {
  for (auto it = doc.termlist_begin(); it != doc.termlist_end(); ++it) {
    const std::string term = *it;
    if (IsSpellingWord(term)) counts_[term] += change;
  }
}

void SpellingChanges::Apply(Xapian::WritableDatabase& db) {
  for (const auto& [word, count] : counts_) {
    if (count > 0) {
      db.add_spelling(word, static_cast<Xapian::termcount>(count));
    } else if (count < 0) {
      db.remove_spelling(word, static_cast<Xapian::termcount>(-count));
    }
  }
  counts_.clear();
}

void SyncSpelling(Xapian::WritableDatabase& db) {
  SpellingChanges changes;
  for (auto t = db.allterms_begin(); t != db.allterms_end(); ++t) {
    const std::string term = *t;
    if (IsSpellingWord(term)) changes.Change(term, t.get_termfreq());
  }
  for (auto w = db.spellings_begin(); w != db.spellings_end(); ++w)
    changes.Change(*w, -static_cast<int64_t>(w.get_termfreq()));
  changes.Apply(db);
}

}  // namespace gazette
