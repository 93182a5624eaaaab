#include "common/index/spelling.h"

#include <doctest/doctest.h>

#include <map>

#include "tests/support/test_support.h"

namespace gazette {
namespace {

std::map<std::string, Xapian::doccount> Spelling(const Xapian::Database& db) {
  std::map<std::string, Xapian::doccount> words;
  for (auto w = db.spellings_begin(); w != db.spellings_end(); ++w)
    words[*w] = w.get_termfreq();
  return words;
}

TEST_CASE("spelling words are text terms of three letters or more") {
  CHECK(IsSpellingWord("talks"));
  CHECK(IsSpellingWord("gorbachev"));
  CHECK(IsSpellingWord("sûr"));     // three characters, four bytes
  CHECK(IsSpellingWord("москва"));  // other scripts are words too
  CHECK_FALSE(IsSpellingWord("oi"));
  CHECK_FALSE(IsSpellingWord("é"));  // one character, two bytes
  CHECK_FALSE(IsSpellingWord("1987"));
  CHECK_FALSE(IsSpellingWord("g7s"));    // a digit makes a token
  CHECK_FALSE(IsSpellingWord("Ztalk"));  // stems and fields are prefixed
  CHECK_FALSE(IsSpellingWord("Sgolan"));
  CHECK_FALSE(IsSpellingWord("don't"));
  CHECK_FALSE(IsSpellingWord(std::string(kMaxSpellingBytes + 1, 'a')));
  CHECK(IsSpellingWord(std::string(kMaxSpellingBytes, 'a')));
}

TEST_CASE(
    "spelling data counts each word once per document, and removing a "
    "document takes its words away") {
  testing::TempDir dir;
  Xapian::WritableDatabase db(dir / "db", Xapian::DB_CREATE);
  Xapian::Document a;
  a.add_term("talks", 3);  // wdf 3, still one article
  a.add_term("golan");
  a.add_term("Ztalk");
  a.add_term("1987");
  Xapian::Document b;
  b.add_term("talks");
  SpellingChanges changes;
  changes.Add(a);
  changes.Add(b);
  changes.Apply(db);
  CHECK(changes.empty());
  db.commit();
  CHECK(Spelling(db) ==
        std::map<std::string, Xapian::doccount>{{"golan", 1}, {"talks", 2}});
  changes.Remove(a);
  changes.Apply(db);
  db.commit();
  CHECK(Spelling(db) == std::map<std::string, Xapian::doccount>{{"talks", 1}});
  // A document replaced by itself in one batch changes nothing; one
  // replaced by another takes its words along.
  changes.Remove(b);
  changes.Add(b);
  changes.Remove(b);
  changes.Add(a);
  changes.Apply(db);
  db.commit();
  CHECK(Spelling(db) ==
        std::map<std::string, Xapian::doccount>{{"golan", 1}, {"talks", 1}});
  changes.Remove(a);
  changes.Apply(db);
  db.commit();
  CHECK(Spelling(db).empty());
}

TEST_CASE(
    "syncing the spelling data makes it the text terms' article counts, "
    "whatever it held") {
  testing::TempDir dir;
  Xapian::WritableDatabase db(dir / "db", Xapian::DB_CREATE);
  for (int i = 0; i < 3; ++i) {
    Xapian::Document doc;
    doc.add_term("talks", 2);
    if (i == 0) doc.add_term("golan");
    doc.add_term("Ztalk");
    doc.add_term("1987");
    db.add_document(doc);
  }
  db.add_spelling("talks", 7);  // a wrong count
  db.add_spelling("gone");      // a word no article has
  db.commit();
  SyncSpelling(db);
  db.commit();
  CHECK(Spelling(db) ==
        std::map<std::string, Xapian::doccount>{{"golan", 1}, {"talks", 3}});
  // Uncommitted articles count too.
  Xapian::Document more;
  more.add_term("golan");
  db.add_document(more);
  SyncSpelling(db);
  db.commit();
  CHECK(Spelling(db) ==
        std::map<std::string, Xapian::doccount>{{"golan", 2}, {"talks", 3}});
}

TEST_CASE(
    "syncing the spelling data in committed batches gives what one pass "
    "gives") {
  testing::TempDir dir;
  Xapian::WritableDatabase db(dir / "db", Xapian::DB_CREATE);
  // Words of 1 to 3 articles, with terms that are no spelling word between
  // them, and spelling data that is partly right, partly wrong, partly
  // words no article has, interleaved with the articles' words.
  std::map<std::string, Xapian::doccount> want;
  for (int i = 0; i < 3; ++i) {
    Xapian::Document doc;
    for (char c = 'a'; c <= 'k'; ++c) {
      const std::string word = std::string("wor") + c;
      if ((c - 'a') % 3 > i) continue;
      doc.add_term(word);
      ++want[word];
      doc.add_term("Z" + word);
      doc.add_term(word + "1");
    }
    db.add_document(doc);
  }
  REQUIRE(want.size() == 11);
  db.add_spelling("worb", want["worb"]);  // right already
  db.add_spelling("worc", 5);             // wrong
  db.add_spelling("word", 1);             // short
  db.add_spelling("worbb", 2);            // no article has them
  db.add_spelling("wordd");
  db.add_spelling("zzzz");
  db.commit();
  for (const size_t batch : {size_t{1}, size_t{2}, size_t{3}, size_t{1000}}) {
    CAPTURE(batch);
    Xapian::WritableDatabase again(dir / ("b" + std::to_string(batch)),
                                   Xapian::DB_CREATE);
    for (auto d = db.postlist_begin(""); d != db.postlist_end(""); ++d)
      again.add_document(db.get_document(*d));
    for (auto w = db.spellings_begin(); w != db.spellings_end(); ++w)
      again.add_spelling(*w, w.get_termfreq());
    again.commit();
    const Xapian::rev before = again.get_revision();
    SyncSpelling(again, batch);
    CHECK(Spelling(again) == want);
    // Committed once per batch of the words that change: all 11 but
    // "worb", and the 3 no article has.
    CHECK(again.get_revision() - before == (13 + batch - 1) / batch);
  }
  SyncSpelling(db);
  db.commit();
  CHECK(Spelling(db) == want);
}

}  // namespace
}  // namespace gazette
