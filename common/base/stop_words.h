// English function words that carry no topic (the, of, would), dropped from
// plain-text queries and never chosen as expansion terms.
#ifndef GAZETTE_COMMON_BASE_STOP_WORDS_H_
#define GAZETTE_COMMON_BASE_STOP_WORDS_H_

#include <xapian.h>

#include <string_view>

namespace gazette {

// `word` in lower case, unstemmed.
bool IsStopWord(std::string_view word);

// A Xapian::Stopper over IsStopWord, for TermGenerator and QueryParser.
class StopWords : public Xapian::Stopper {
 public:
  bool operator()(const std::string& word) const override {
    return IsStopWord(word);
  }
};

}  // namespace gazette

#endif  // GAZETTE_COMMON_BASE_STOP_WORDS_H_
