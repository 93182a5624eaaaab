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

namespace {

// The vocabulary's spelling words and the spelling data walked side by
// side, both in byte order, from `from` on: the changes that make the data
// what the vocabulary says, at most `batch` of them (0: all). Returns the
// word the next batch starts at, or "" when the walk is done.
std::string SpellingDifferences(Xapian::WritableDatabase& db,
                                const std::string& from, size_t batch,
                                SpellingChanges& changes) {
  Xapian::TermIterator t = db.allterms_begin();
  Xapian::TermIterator w = db.spellings_begin();
  const Xapian::TermIterator t_end = db.allterms_end();
  const Xapian::TermIterator w_end = db.spellings_end();
  if (!from.empty()) {
    t.skip_to(from);
    w.skip_to(from);
  }
  const auto next_word = [&] {
    while (t != t_end && !IsSpellingWord(*t)) ++t;
  };
  next_word();
  while (t != t_end || w != w_end) {
    std::string word;
    int64_t change = 0;
    const std::string term = t != t_end ? *t : std::string();
    const std::string spelt = w != w_end ? *w : std::string();
    if (w == w_end || (t != t_end && term < spelt)) {
      word = term;
      change = t.get_termfreq();
    } else if (t == t_end || spelt < term) {
      word = spelt;
      change = -static_cast<int64_t>(w.get_termfreq());
    } else {
      word = term;
      change = static_cast<int64_t>(t.get_termfreq()) - w.get_termfreq();
    }
    if (change != 0) {
      if (batch != 0 && changes.size() == batch) return word;
      changes.Change(word, change);
    }
    if (t != t_end && term == word) {
      ++t;
      next_word();
    }
    if (w != w_end && spelt == word) ++w;
  }
  return "";
}

}  // namespace

void SyncSpelling(Xapian::WritableDatabase& db, size_t batch) {
  std::string from;
  do {
    SpellingChanges changes;
    from = SpellingDifferences(db, from, batch, changes);
    changes.Apply(db);
    if (batch != 0) db.commit();
  } while (!from.empty());
}

}  // namespace gazette
