#include "common/entities/name_tagger.h"

#include <algorithm>
#include <charconv>
#include <unordered_map>

#include "common/base/flat_string_map.h"
#include "common/entities/builtin_data.h"

namespace gazette {
namespace {

// Feature templates: one byte in front of what the feature reads, so that
// the same word in two roles hashes apart.
enum Template : char {
  kBias = 'a',
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
  kPrev = 'A',
  kPrev2,
  kPrevShape,
  kPrevRule,
};

uint64_t Hash(char kind, std::string_view a, std::string_view b = {}) {
  char buf[96];
  size_t n = 0;
  buf[n++] = kind;
  const size_t take_a = std::min(a.size(), sizeof buf / 2 - 1);
  a.copy(buf + n, take_a);
  n += take_a;
  buf[n++] = '\x1f';
  const size_t take_b = std::min(b.size(), sizeof buf - n);
  b.copy(buf + n, take_b);
  n += take_b;
  const uint64_t h = HashString(std::string_view(buf, n));
  return h == 0 ? 1 : h;  // 0 marks a free slot
}

std::string_view Number(uint32_t value, char (&buf)[12]) {
  const auto end = std::to_chars(buf, buf + sizeof buf, value).ptr;
  return std::string_view(buf, end - buf);
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

// What the features read of each token, computed once per text.
struct TokenView {
  std::string key;    // TokenKey of a word; the mark of punctuation
  std::string shape;  // WordShape, or the mark
  char kind = 0;      // the token's TokenShape as a letter
  uint32_t classes = 0;
  bool starts_name = false;
};

std::vector<TokenView> ViewTokens(const TaggerInput& input,
                                  const Gazetteer& gazetteer) {
  std::vector<TokenView> views(input.tokens.size());
  for (size_t i = 0; i < input.tokens.size(); ++i) {
    const NameToken& t = input.tokens[i];
    TokenView& v = views[i];
    v.kind = static_cast<char>('0' + static_cast<int>(t.shape));
    if (!t.is_word()) {
      v.key = std::string(1, t.punct);
      v.shape = v.key;
      continue;
    }
    const std::string_view word = t.text(input.text);
    v.key = TokenKey(word, t.abbreviation);
    v.shape = WordShape(word);
    const Gazetteer::TokenInfo info = gazetteer.Token(v.key);
    v.classes = info.classes;
    v.starts_name = info.starts_name;
  }
  return views;
}

// How a word is written elsewhere in the text: capitalised inside a
// sentence, in lower case.
std::unordered_map<std::string_view, uint8_t> SeenAs(
    const TaggerInput& input, const std::vector<TokenView>& views) {
  std::unordered_map<std::string_view, uint8_t> seen;
  for (size_t i = 0; i < input.tokens.size(); ++i) {
    const NameToken& t = input.tokens[i];
    if (t.shape == TokenShape::kLower) seen[views[i].key] |= 1;
    if (t.shape == TokenShape::kCapitalised && !t.sentence_start)
      seen[views[i].key] |= 2;
  }
  return seen;
}

std::string_view RuleText(uint16_t code, char (&buf)[12]) {
  return Number(code, buf);
}

void ClassFeatures(char kind, uint32_t classes, std::vector<uint64_t>& out) {
  for (uint32_t bit = 0; bit < 32; ++bit) {
    if (!(classes & (1u << bit))) continue;
    char buf[12];
    out.push_back(Hash(kind, Number(bit, buf)));
  }
}

void FeaturesOf(const TaggerInput& input, const std::vector<TokenView>& views,
                const std::unordered_map<std::string_view, uint8_t>& seen,
                size_t i, std::vector<uint64_t>& out) {
  const size_t n = views.size();
  static const TokenView kEdge{"<s>", "<s>", 'e', 0, false};
  auto at = [&](ptrdiff_t k) -> const TokenView& {
    const ptrdiff_t j = static_cast<ptrdiff_t>(i) + k;
    return j < 0 || j >= static_cast<ptrdiff_t>(n) ? kEdge : views[j];
  };
  auto rule_at = [&](ptrdiff_t k) -> uint16_t {
    const ptrdiff_t j = static_cast<ptrdiff_t>(i) + k;
    return j < 0 || j >= static_cast<ptrdiff_t>(n) ? 0xffff
                                                   : input.rule_codes[j];
  };
  const TokenView& v = views[i];
  const NameToken& t = input.tokens[i];
  const std::string_view kind(&v.kind, 1);
  char b1[12], b2[12];
  out.push_back(Hash(kBias, {}));
  out.push_back(Hash(kWord, v.key));
  out.push_back(Hash(kWordBefore, at(-1).key));
  out.push_back(Hash(kWordAfter, at(1).key));
  out.push_back(Hash(kWord2Before, at(-2).key));
  out.push_back(Hash(kWord2After, at(2).key));
  out.push_back(Hash(kShape, v.shape));
  out.push_back(Hash(kShapeBefore, at(-1).shape, v.shape));
  out.push_back(Hash(kShapeAfter, v.shape, at(1).shape));
  if (v.key.size() > 3)
    out.push_back(
        Hash(kSuffix, std::string_view(v.key).substr(v.key.size() - 3)));
  out.push_back(Hash(kStartShape, t.sentence_start ? "s" : "-", kind));
  const std::string_view rule = RuleText(rule_at(0), b1);
  out.push_back(Hash(kRule, rule));
  out.push_back(Hash(kRuleBefore, RuleText(rule_at(-1), b2)));
  out.push_back(Hash(kRuleAfter, RuleText(rule_at(1), b2)));
  out.push_back(Hash(kRuleShape, rule, kind));
  out.push_back(Hash(kRuleWordBefore, rule, at(-1).key));
  ClassFeatures(kClass, v.classes, out);
  ClassFeatures(kClassBefore, at(-1).classes, out);
  ClassFeatures(kClassAfter, at(1).classes, out);
  if (t.possessive) out.push_back(Hash(kPossessive, kind));
  if (v.starts_name) out.push_back(Hash(kStartsName, kind));
  out.push_back(Hash(kWordBeforeShape, at(-1).key, kind));
  if (i == 0 || input.tokens[i - 1].line != t.line)
    out.push_back(Hash(kLineStart, kind));
  if (t.is_word()) {
    const auto it = seen.find(v.key);
    const uint8_t as = it == seen.end() ? 0 : it->second;
    const char code = static_cast<char>('0' + as);
    out.push_back(Hash(kSeenAs, std::string_view(&code, 1), kind));
  }
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

bool ScoredToken(const NameToken& token, uint8_t prev) {
  return prev != kTagO || token.is_name_shaped() ||
         token.shape == TokenShape::kOther;
}

std::vector<std::vector<uint64_t>> AllTokenFeatures(
    const TaggerInput& input, const Gazetteer& gazetteer) {
  const std::vector<TokenView> views = ViewTokens(input, gazetteer);
  const auto seen = SeenAs(input, views);
  std::vector<std::vector<uint64_t>> all(views.size());
  for (size_t i = 0; i < views.size(); ++i)
    FeaturesOf(input, views, seen, i, all[i]);
  return all;
}

void LabelFeatures(const TaggerInput& input, size_t i, uint8_t prev,
                   uint8_t prev2, std::vector<uint64_t>& out) {
  char b1[12], b2[12];
  const std::string_view p = Number(prev, b1);
  const char kind =
      static_cast<char>('0' + static_cast<int>(input.tokens[i].shape));
  out.push_back(Hash(kPrev, p));
  out.push_back(Hash(kPrev2, p, Number(prev2, b2)));
  out.push_back(Hash(kPrevShape, p, std::string_view(&kind, 1)));
  out.push_back(Hash(kPrevRule, p, Number(input.rule_codes[i], b2)));
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
  const size_t size = keys_.empty() ? 1024 : keys_.size() * 2;
  std::vector<uint64_t> keys(size, 0);
  std::vector<uint32_t> slots(size, 0);
  for (size_t i = 0; i < keys_.size(); ++i) {
    if (keys_[i] == 0) continue;
    size_t j = keys_[i] & (size - 1);
    while (keys[j] != 0) j = (j + 1) & (size - 1);
    keys[j] = keys_[i];
    slots[j] = slots_[i];
  }
  keys_ = std::move(keys);
  slots_ = std::move(slots);
}

void NameTagger::Set(uint64_t feature, const Weights& weights) {
  if ((values_.size() + 1) * 2 > keys_.size()) Grow();
  const size_t mask = keys_.size() - 1;
  size_t j = feature & mask;
  while (keys_[j] != 0 && keys_[j] != feature) j = (j + 1) & mask;
  if (keys_[j] == feature) {
    values_[slots_[j]] = weights;
    return;
  }
  keys_[j] = feature;
  slots_[j] = static_cast<uint32_t>(values_.size());
  values_.push_back(weights);
}

const NameTagger::Weights* NameTagger::Find(uint64_t feature) const {
  if (keys_.empty()) return nullptr;
  const size_t mask = keys_.size() - 1;
  for (size_t j = feature & mask;; j = (j + 1) & mask) {
    if (keys_[j] == feature) return &values_[slots_[j]];
    if (keys_[j] == 0) return nullptr;
  }
}

uint8_t NameTagger::Best(std::span<const uint64_t> features, uint8_t prev,
                         float* margin) const {
  Weights score{};
  for (const uint64_t f : features) {
    if (const Weights* w = Find(f)) {
      for (int l = 0; l < kTagLabels; ++l) score[l] += (*w)[l];
    }
  }
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

NameTagger::Tags NameTagger::Tag(const TaggerInput& input,
                                 const Gazetteer& gazetteer) const {
  Tags tags;
  tags.labels.assign(input.tokens.size(), kTagO);
  tags.margins.assign(input.tokens.size(), 0);
  if (empty()) return tags;
  std::vector<uint8_t>& labels = tags.labels;
  const std::vector<TokenView> views = ViewTokens(input, gazetteer);
  const auto seen = SeenAs(input, views);
  std::vector<uint64_t> features;
  uint8_t prev = kTagO, prev2 = kTagO;
  const std::vector<bool> capitals = CapitalLines(input.tokens);
  for (size_t i = 0; i < labels.size(); ++i) {
    // Lines in capitals are left to the rules (ReviewMentions).
    if (!ScoredToken(input.tokens[i], prev) || capitals[input.tokens[i].line]) {
      tags.margins[i] = 1e30f;
      prev2 = prev;
      prev = kTagO;
      continue;
    }
    features.clear();
    FeaturesOf(input, views, seen, i, features);
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
