#include "common/cached_stemmer.h"

#include <string>
#include <unordered_map>

namespace gazette {
namespace {

class CachedStem : public Xapian::StemImplementation {
 public:
  CachedStem(const Xapian::Stem& base, size_t max_words)
      : base_(base), max_words_(max_words) {}

  std::string operator()(const std::string& word) override {
    if (const auto it = cache_.find(word); it != cache_.end()) {
      return it->second;
    }
    std::string stem = base_(word);
    if (cache_.size() >= max_words_) cache_.clear();
    cache_.emplace(word, stem);
    return stem;
  }

  std::string get_description() const override {
    return "cached " + base_.get_description();
  }

 private:
  Xapian::Stem base_;
  size_t max_words_;
  std::unordered_map<std::string, std::string> cache_;
};

}  // namespace

Xapian::Stem MakeCachedStemmer(const Xapian::Stem& base, size_t max_words) {
  return Xapian::Stem(new CachedStem(base, max_words));
}

}  // namespace gazette
