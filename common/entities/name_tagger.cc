#include "common/entities/name_tagger.h"

#include <algorithm>
#include <charconv>

#include "common/base/flat_string_map.h"
#include "common/entities/builtin_data.h"

namespace gazette {
namespace {

// Feature templates, mixed into each feature's hash so that the same word
// in two roles hashes apart.
enum Template : uint64_t {
  kBias = 1,
  kWord,
  kWordBefore,
  kWordAfter,
  kWord2Before,
  kWord2After,
  kShape,
  kShapeBefore,
  kShapeAfter,
  kSuffix,
  kStartShape,
  kRule,
  kRuleBefore,
  kRuleAfter,
  kRuleShape,
  kRuleWordBefore,
  kClass,
  kClassBefore,
  kClassAfter,
  kPossessive,
  kStartsName,
  kWordBeforeShape,
  kLineStart,
  kSeenAs,
  kPrev,
  kPrev2,
  kPrevShape,
  kPrevRule,
};

// SplitMix64's finaliser.
uint64_t Mix(uint64_t z) {
  z ^= z >> 30;
  z *= 0xbf58476d1ce4e5b9ull;
  z ^= z >> 27;
  z *= 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

// A feature: its template and up to two values (hashes or small numbers).
// Never 0, which marks a free slot of the weight table.
uint64_t Feature(Template kind, uint64_t a, uint64_t b = 0) {
  const uint64_t h = Mix(Mix(Mix(kind) ^ a) ^ b);
  return h == 0 ? 1 : h;
}

// "Xx", "X.X.", "dd,d": each character's class, runs of one class kept
// once.
std::string WordShape(std::string_view word) {
  std::string shape;
  for (const char ch : word) {
    const auto c = static_cast<unsigned char>(ch);
    char k = c >= 'A' && c <= 'Z'   ? 'X'
             : c >= 'a' && c <= 'z' ? 'x'
             : c >= '0' && c <= '9' ? 'd'
             : c >= 0x80            ? 'u'
                                    : ch;
    if (shape.empty() || shape.back() != k) shape += k;
    if (shape.size() >= 6) break;
  }
  return shape;
}

// What the features read of each token.
struct TokenView {
  uint64_t key = 0;     // hash of the word's key (KeyHash), of the mark of
                        // punctuation
  uint64_t shape = 0;   // hash of the WordShape, or the mark's
  uint64_t suffix = 0;  // hash of the key's last 3 bytes; 0 if it is short
  uint64_t kind = 0;    // the TokenShape
  uint32_t classes = 0;
  bool starts_name = false;
};

// Beyond either end of the text.
constexpr TokenView kEdge{0x5eed, 0x5eed, 0, 99, 0, false};

// The token's key: TokenKey, or, for plain ASCII letters and digits, the
// word in lower case, which is what TokenKey makes of it without the cost.
std::string WordKey(std::string_view word, bool abbreviation) {
  std::string key(word);
  for (char& c : key) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 'A' && u <= 'Z') {
      c = static_cast<char>(u + 32);
    } else if (!((u >= 'a' && u <= 'z') || (u >= '0' && u <= '9'))) {
      return TokenKey(word, abbreviation);
    }
  }
  return key;
}

// Bits per word key hash, in one flat table sized for the text.
class FlatSeen {
 public:
  void Reserve(size_t words) {
    size_t size = 16;
    while (size < 2 * words) size *= 2;
    keys_.assign(size, 0);
    bits_.assign(size, 0);
  }
  void Mark(uint64_t key, uint8_t bit) { bits_[Slot(key)] |= bit; }
  uint8_t Get(uint64_t key) const {
    key = key == 0 ? 1 : key;
    const size_t mask = keys_.size() - 1;
    for (size_t j = key & mask;; j = (j + 1) & mask) {
      if (keys_[j] == key) return bits_[j];
      if (keys_[j] == 0) return 0;
    }
  }

 private:
  size_t Slot(uint64_t key) {
    key = key == 0 ? 1 : key;
    const size_t mask = keys_.size() - 1;
    size_t j = key & mask;
    while (keys_[j] != 0 && keys_[j] != key) j = (j + 1) & mask;
    keys_[j] = key;
    return j;
  }
  std::vector<uint64_t> keys_;
  std::vector<uint8_t> bits_;
};

// The tokens' views, each made when first asked for: the tagger looks only
// around the words it scores. How each word is written elsewhere in the text
// is known for all of them.
class Views {
 public:
  Views(const TaggerInput& input, const Gazetteer& gazetteer)
      : input_(input),
        gazetteer_(gazetteer),
        views_(input.tokens.size()),
        ready_(input.tokens.size(), false),
        keys_(input.tokens.size()) {
    seen_.Reserve(input.tokens.size());
    for (size_t i = 0; i < input.tokens.size(); ++i) {
      const NameToken& t = input.tokens[i];
      keys_[i] = t.is_word()
                     ? HashString(WordKey(t.text(input.text), t.abbreviation))
                     : static_cast<unsigned char>(t.punct);
      if (t.shape == TokenShape::kLower) seen_.Mark(keys_[i], 1);
      if (t.shape == TokenShape::kCapitalised && !t.sentence_start)
        seen_.Mark(keys_[i], 2);
    }
  }

  const TokenView& At(ptrdiff_t i) {
    if (i < 0 || i >= static_cast<ptrdiff_t>(views_.size())) return kEdge;
    if (!ready_[i]) Make(static_cast<size_t>(i));
    return views_[i];
  }

  // How the word at i is written elsewhere: 1 in lower case, 2 capitalised
  // inside a sentence.
  uint8_t SeenAs(size_t i) const { return seen_.Get(keys_[i]); }

 private:
  void Make(size_t i) {
    ready_[i] = true;
    const NameToken& t = input_.tokens[i];
    TokenView& v = views_[i];
    v.kind = static_cast<uint64_t>(t.shape);
    v.key = keys_[i];
    if (!t.is_word()) {
      v.shape = v.key;
      return;
    }
    const std::string_view word = t.text(input_.text);
    const std::string key = WordKey(word, t.abbreviation);
    v.shape = HashString(WordShape(word));
    if (key.size() > 3) v.suffix = HashString(key.substr(key.size() - 3));
    const Gazetteer::TokenInfo info = gazetteer_.Token(key);
    v.classes = info.classes;
    v.starts_name = info.starts_name;
  }

  const TaggerInput& input_;
  const Gazetteer& gazetteer_;
  std::vector<TokenView> views_;
  std::vector<bool> ready_;
  std::vector<uint64_t> keys_;  // TokenView::key of every token
  FlatSeen seen_;
};

void ClassFeatures(Template kind, uint32_t classes,
                   std::vector<uint64_t>& out) {
  for (uint32_t bit = 0; bit < 32; ++bit) {
    if (classes & (1u << bit)) out.push_back(Feature(kind, bit));
  }
}

void FeaturesOf(const TaggerInput& input, Views& views, size_t i,
                std::vector<uint64_t>& out) {
  const auto n = static_cast<ptrdiff_t>(input.tokens.size());
  auto at = [&](ptrdiff_t k) -> const TokenView& {
    return views.At(static_cast<ptrdiff_t>(i) + k);
  };
  auto rule_at = [&](ptrdiff_t k) -> uint64_t {
    const ptrdiff_t j = static_cast<ptrdiff_t>(i) + k;
    return j < 0 || j >= n ? 0xffff : input.rule_codes[j];
  };
  const TokenView v = views.At(static_cast<ptrdiff_t>(i));
  const NameToken& t = input.tokens[i];
  out.push_back(Feature(kBias, 0));
  out.push_back(Feature(kWord, v.key));
  out.push_back(Feature(kWordBefore, at(-1).key));
  out.push_back(Feature(kWordAfter, at(1).key));
  out.push_back(Feature(kWord2Before, at(-2).key));
  out.push_back(Feature(kWord2After, at(2).key));
  out.push_back(Feature(kShape, v.shape));
  out.push_back(Feature(kShapeBefore, at(-1).shape, v.shape));
  out.push_back(Feature(kShapeAfter, v.shape, at(1).shape));
  if (v.suffix != 0) out.push_back(Feature(kSuffix, v.suffix));
  out.push_back(Feature(kStartShape, t.sentence_start, v.kind));
  const uint64_t rule = rule_at(0);
  out.push_back(Feature(kRule, rule));
  out.push_back(Feature(kRuleBefore, rule_at(-1)));
  out.push_back(Feature(kRuleAfter, rule_at(1)));
  out.push_back(Feature(kRuleShape, rule, v.kind));
  out.push_back(Feature(kRuleWordBefore, rule, at(-1).key));
  ClassFeatures(kClass, v.classes, out);
  ClassFeatures(kClassBefore, at(-1).classes, out);
  ClassFeatures(kClassAfter, at(1).classes, out);
  if (t.possessive) out.push_back(Feature(kPossessive, v.kind));
  if (v.starts_name) out.push_back(Feature(kStartsName, v.kind));
  out.push_back(Feature(kWordBeforeShape, at(-1).key, v.kind));
  if (i == 0 || input.tokens[i - 1].line != t.line)
    out.push_back(Feature(kLineStart, v.kind));
  if (t.is_word()) out.push_back(Feature(kSeenAs, views.SeenAs(i), v.kind));
}

// Whether Tag() scores this token after a token labelled `prev`: a word in
// lower case, a number or a punctuation mark starts no name, so after O it
// is O without a look. (Training scores every token: the model learns from
// them what a name is not.)
bool ScoredToken(const NameToken& token, uint8_t prev) {
  return prev != kTagO || token.is_name_shaped() ||
         token.shape == TokenShape::kOther;
}

}  // namespace

EntityType TagType(uint8_t label) {
  switch ((label + 1) / 2) {
    case 1:
      return EntityType::kPerson;
    case 2:
      return EntityType::kPlace;
    default:
      return EntityType::kOrg;
  }
}

uint8_t BeginLabel(EntityType type) {
  switch (type) {
    case EntityType::kPerson:
      return kTagBPer;
    case EntityType::kPlace:
      return kTagBLoc;
    case EntityType::kOrg:
      return kTagBOrg;
    case EntityType::kGroup:
      return kTagO;
  }
  return kTagO;
}

bool TagFollows(uint8_t prev, uint8_t next) {
  if (next == kTagO || next % 2 == 1) return true;
  return prev != kTagO && (prev + 1) / 2 == (next + 1) / 2;
}

std::vector<bool> CapitalLines(std::span<const NameToken> tokens) {
  const uint32_t lines = tokens.empty() ? 0 : tokens.back().line + 1;
  std::vector<uint32_t> words(lines), upper(lines);
  for (const NameToken& t : tokens) {
    if (!t.is_word() || t.shape == TokenShape::kNumber) continue;
    ++words[t.line];
    if (t.shape == TokenShape::kUpper) ++upper[t.line];
  }
  std::vector<bool> capitals(lines);
  for (uint32_t l = 0; l < lines; ++l)
    capitals[l] = upper[l] * 2 > words[l] && words[l] >= 2;
  return capitals;
}

std::vector<uint16_t> RuleCodes(std::span<const NameToken> tokens,
                                std::span<const Mention> found,
                                std::span<const Mention> merged) {
  std::vector<uint16_t> codes(tokens.size(), 0);
  for (const Mention& m : found) {
    if (!m.tentative) continue;
    for (uint32_t i = m.first_token; i < m.end_token && i < codes.size(); ++i)
      codes[i] = m.standalone ? 2 : 1;
  }
  for (const Mention& m : merged) {
    for (uint32_t i = m.first_token; i < m.end_token && i < codes.size(); ++i) {
      codes[i] = static_cast<uint16_t>(16 + static_cast<int>(m.type) * 32 +
                                       static_cast<int>(m.evidence) * 4 +
                                       (i == m.first_token ? 2 : 0) +
                                       (m.derived ? 1 : 0));
    }
  }
  return codes;
}

std::vector<std::vector<uint64_t>> AllTokenFeatures(
    const TaggerInput& input, const Gazetteer& gazetteer) {
  Views views(input, gazetteer);
  std::vector<std::vector<uint64_t>> all(input.tokens.size());
  for (size_t i = 0; i < all.size(); ++i) FeaturesOf(input, views, i, all[i]);
  return all;
}

std::vector<uint8_t> FixedLabels(size_t tokens,
                                 std::span<const Mention> merged) {
  std::vector<uint8_t> fixed(tokens, kTagFree);
  for (const Mention& m : merged) {
    if (m.evidence == Evidence::kShape || m.derived ||
        m.type == EntityType::kGroup)
      continue;
    const uint8_t begin = BeginLabel(m.type);
    for (uint32_t i = m.first_token; i < m.end_token && i < tokens; ++i)
      fixed[i] = i == m.first_token ? begin : static_cast<uint8_t>(begin + 1);
  }
  return fixed;
}

void LabelFeatures(const TaggerInput& input, size_t i, uint8_t prev,
                   uint8_t prev2, std::vector<uint64_t>& out) {
  const auto kind = static_cast<uint64_t>(input.tokens[i].shape);
  out.push_back(Feature(kPrev, prev));
  out.push_back(Feature(kPrev2, prev, prev2));
  out.push_back(Feature(kPrevShape, prev, kind));
  out.push_back(Feature(kPrevRule, prev, input.rule_codes[i]));
}

NameTagger::NameTagger(std::string_view model,
                       std::vector<std::string>* problems) {
  size_t line_no = 0;
  while (!model.empty()) {
    const size_t eol = std::min(model.find('\n'), model.size());
    const std::string_view line = model.substr(0, eol);
    model.remove_prefix(std::min(eol + 1, model.size()));
    ++line_no;
    if (line.empty() || line[0] == '#') continue;
    uint64_t feature = 0;
    auto [p, ec] =
        std::from_chars(line.data(), line.data() + line.size(), feature, 16);
    Weights w{};
    bool ok = ec == std::errc() && feature != 0 &&
              p < line.data() + line.size() && *p == '\t';
    const char* end = line.data() + line.size();
    while (ok && p < end) {
      ++p;  // the tab or the comma
      unsigned label = 0;
      float weight = 0;
      auto r1 = std::from_chars(p, end, label);
      ok = r1.ec == std::errc() && label < kTagLabels && r1.ptr < end &&
           *r1.ptr == ':';
      if (!ok) break;
      auto r2 = std::from_chars(r1.ptr + 1, end, weight);
      ok = r2.ec == std::errc() && (r2.ptr == end || *r2.ptr == ',');
      w[label] = weight;
      p = r2.ptr;
    }
    if (!ok) {
      if (problems)
        problems->push_back("ner model line " + std::to_string(line_no) +
                            ": not HASH<TAB>LABEL:WEIGHT,...");
      continue;
    }
    Set(feature, w);
  }
}

void NameTagger::Grow() {
  std::vector<Slot> old = std::move(slots_);
  slots_.assign(old.empty() ? 1024 : old.size() * 2, Slot{});
  const size_t mask = slots_.size() - 1;
  for (const Slot& slot : old) {
    if (slot.feature == 0) continue;
    size_t j = slot.feature & mask;
    while (slots_[j].feature != 0) j = (j + 1) & mask;
    slots_[j] = slot;
  }
}

void NameTagger::Set(uint64_t feature, const Weights& weights) {
  if ((size_ + 1) * 2 > slots_.size()) Grow();
  const size_t mask = slots_.size() - 1;
  size_t j = feature & mask;
  while (slots_[j].feature != 0 && slots_[j].feature != feature)
    j = (j + 1) & mask;
  if (slots_[j].feature == 0) ++size_;
  slots_[j] = {feature, weights};
}

const NameTagger::Weights* NameTagger::Find(uint64_t feature) const {
  if (slots_.empty()) return nullptr;
  const size_t mask = slots_.size() - 1;
  for (size_t j = feature & mask;; j = (j + 1) & mask) {
    if (slots_[j].feature == feature) return &slots_[j].weights;
    if (slots_[j].feature == 0) return nullptr;
  }
}

uint8_t BestLabel(const TagWeights& score, uint8_t prev, float* margin) {
  uint8_t best = kTagO;
  for (uint8_t l = 1; l < kTagLabels; ++l) {
    if (TagFollows(prev, l) && score[l] > score[best]) best = l;
  }
  if (margin && best != kTagO) {
    *margin = score[best] - score[kTagO];
  } else if (margin) {
    float name = -1e30f;
    for (uint8_t l = 1; l < kTagLabels; ++l) {
      if (TagFollows(prev, l)) name = std::max(name, score[l]);
    }
    *margin = score[kTagO] - name;
  }
  return best;
}

uint8_t NameTagger::Best(std::span<const uint64_t> features, uint8_t prev,
                         float* margin) const {
  Weights score{};
  for (const uint64_t f : features) {
    if (const Weights* w = Find(f)) {
      for (int l = 0; l < kTagLabels; ++l) score[l] += (*w)[l];
    }
  }
  return BestLabel(score, prev, margin);
}

NameTagger::Tags NameTagger::Tag(const TaggerInput& input,
                                 const Gazetteer& gazetteer) const {
  Tags tags;
  tags.labels.assign(input.tokens.size(), kTagO);
  tags.margins.assign(input.tokens.size(), 0);
  if (empty()) return tags;
  std::vector<uint8_t>& labels = tags.labels;
  Views views(input, gazetteer);
  std::vector<uint64_t> features;
  uint8_t prev = kTagO, prev2 = kTagO;
  const std::vector<bool> capitals = CapitalLines(input.tokens);
  for (size_t i = 0; i < labels.size(); ++i) {
    if (!input.fixed.empty() && input.fixed[i] != kTagFree) {
      labels[i] = input.fixed[i];
      tags.margins[i] = 1e30f;
      prev2 = prev;
      prev = labels[i];
      continue;
    }
    // Lines in capitals are left to the rules (ReviewAndMerge).
    if (!ScoredToken(input.tokens[i], prev) || capitals[input.tokens[i].line]) {
      tags.margins[i] = 1e30f;
      prev2 = prev;
      prev = kTagO;
      continue;
    }
    features.clear();
    FeaturesOf(input, views, i, features);
    LabelFeatures(input, i, prev, prev2, features);
    labels[i] = Best(features, prev, &tags.margins[i]);
    prev2 = prev;
    prev = labels[i];
  }
  return tags;
}

const NameTagger& NameTagger::BuiltIn() {
  static const NameTagger* const built_in = [] {
    for (const DataFile& file : BuiltInDataFiles()) {
      // Checked by tests; a bad line is skipped.
      if (file.name == kNerModelFile)
        return new NameTagger(file.content, nullptr);
    }
    return new NameTagger;
  }();
  return *built_in;
}

}  // namespace gazette
