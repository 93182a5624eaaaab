#include "common/base/cached_stemmer.h"

namespace gazette {

StemCache::StemCache(const Xapian::Stem& base, size_t max_words)
    : base_(base), max_words_(max_words) {}

const std::string& StemCache::operator()(std::string_view word) {
  if (const std::string* stem = cache_.Find(word)) return *stem;
  if (cache_.size() >= max_words_) cache_ = {};
  std::string& stem = cache_[word];
  stem = base_(std::string(word));
  return stem;
}

namespace {

class CachedStem : public Xapian::StemImplementation {
 public:
  CachedStem(const Xapian::Stem& base, size_t max_words)
      : stems_(base, max_words) {}

  std::string operator()(const std::string& word) override {
    return stems_(word);
  }

  std::string get_description() const override {
    return "cached " + stems_.base().get_description();
  }

 private:
  StemCache stems_;
};

}  // namespace

Xapian::Stem MakeCachedStemmer(const Xapian::Stem& base, size_t max_words) {
  return Xapian::Stem(new CachedStem(base, max_words));
}

}  // namespace gazette
