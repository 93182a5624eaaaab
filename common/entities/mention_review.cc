#include "common/entities/mention_review.h"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "common/entities/alias_merger.h"

namespace gazette {
namespace {

// A name the tagger labelled: tokens [first, end).
struct Span {
  uint32_t first = 0, end = 0;
  EntityType type = EntityType::kPerson;
};

std::vector<Span> Spans(const std::vector<uint8_t>& labels) {
  std::vector<Span> spans;
  for (uint32_t i = 0; i < labels.size(); ++i) {
    const uint8_t l = labels[i];
    if (l == kTagO) continue;
    if (l == BeginLabel(TagType(l)) || spans.empty() || spans.back().end != i ||
        spans.back().type != TagType(l)) {
      spans.push_back({i, i + 1, TagType(l)});
    } else {
      spans.back().end = i + 1;
    }
  }
  return spans;
}

std::string_view TextOf(std::string_view text, const Mention& m) {
  return text.substr(m.begin, m.end - m.begin);
}

// Words written with a bare apostrophe ("Bojangles' restaurants"): plurals
// and names ending in s, rarely a person's.
bool BareApostrophe(std::string_view text, const NameToken& t) {
  if (t.plural_possessive) return true;
  if (!t.possessive) return false;
  const std::string_view after = text.substr(t.end, 4);
  const bool s = (after.starts_with("'") && after.substr(1, 1) == "s") ||
                 (after.starts_with("\u2019") && after.substr(3, 1) == "s");
  return !s;
}

class Review {
 public:
  Review(std::string_view text, std::span<const NameToken> tokens,
         const Gazetteer& gazetteer, bool first_line_is_title, float min_margin)
      : text_(text),
        tokens_(tokens),
        gazetteer_(gazetteer),
        title_line_(first_line_is_title ? static_cast<int64_t>(tokens[0].line)
                                        : -1),
        min_margin_(min_margin),
        capitals_(CapitalLines(tokens)) {}

  // Reviews `mentions` and merges them; returns the entities.
  std::vector<Entity> Run(const NameTagger& tagger,
                          std::vector<Mention>& mentions) {
    std::vector<Mention> merged = mentions;
    std::vector<Entity> entities = MergeMentions(text_, tokens_, merged);
    const std::vector<uint16_t> codes = RuleCodes(tokens_, mentions, merged);
    const std::vector<uint8_t> fixed = FixedLabels(tokens_.size(), merged);
    tags_ = tagger.Tag({text_, tokens_, codes, fixed}, gazetteer_);
    Learn(merged);
    // The words given a type, with it: every other mention of one, still
    // tentative, takes it too (the merger joins them, and the first one's
    // type would win).
    std::unordered_map<std::string_view, EntityType> typed;
    const std::vector<Span> spans = Spans(tags_.labels);
    size_t s = 0;
    for (Mention& m : mentions) {
      while (s < spans.size() && spans[s].end <= m.first_token) ++s;
      bool changed = s < spans.size() && spans[s].first == m.first_token &&
                     spans[s].end == m.end_token && Confirm(m, spans[s].type);
      if (m.tentative) changed = Coordinate(m) || changed;
      if (changed) typed.emplace(TextOf(text_, m), m.type);
    }
    if (typed.empty()) {  // what the rules found, merged once
      mentions = std::move(merged);
      return entities;
    }
    for (Mention& m : mentions) {
      const auto it = typed.find(TextOf(text_, m));
      if (m.tentative && it != typed.end()) m.type = it->second;
    }
    return MergeMentions(text_, tokens_, mentions);
  }

 private:
  // What the article says of its words, for Plausible().
  void Learn(const std::vector<Mention>& merged) {
    resolved_.assign(tokens_.size(), false);
    in_name_.assign(tokens_.size(), false);
    strong_at_.assign(tokens_.size(), nullptr);
    for (const Mention& m : merged) {
      resolved_[m.first_token] = true;
      if (m.evidence == Evidence::kGazetteer && !m.derived) {
        strong_at_[m.first_token] = &m;
        strong_at_[m.end_token - 1] = &m;
      }
      for (uint32_t i = m.first_token; i < m.end_token; ++i) in_name_[i] = true;
      if (!m.derived) rule_types_.emplace(TextOf(text_, m), m.type);
      if (m.end_token - m.first_token < 2) continue;
      for (uint32_t i = m.first_token; i < m.end_token; ++i) {
        if (tokens_[i].is_name_shaped())
          in_longer_name_.insert(tokens_[i].text(text_));
      }
    }
    for (const NameToken& t : tokens_) {
      if (BareApostrophe(text_, t)) bare_apostrophe_.insert(t.text(text_));
      if (t.shape == TokenShape::kCapitalised && !t.sentence_start)
        mid_sentence_.insert(t.text(text_));
      if (t.shape == TokenShape::kLower) lower_.insert(t.text(text_));
    }
  }

  // A mention the tagger labels alike, span for span, as `type`; returns
  // whether it changed.
  bool Confirm(Mention& m, EntityType type) const {
    if (m.evidence != Evidence::kShape || m.capitals || m.derived ||
        RuledOut(m.first_token, m.end_token))
      return false;
    const bool promote = m.tentative && !resolved_[m.first_token] &&
                         !(m.standalone && type == EntityType::kPerson);
    // One name gets one type, and the rules' would win in the merger.
    const auto typed = rule_types_.find(TextOf(text_, m));
    const bool agrees = typed == rule_types_.end() || typed->second == type;
    if (!promote || !agrees || !Sure(m.first_token, m.end_token) ||
        !Plausible(m.first_token, m.end_token, type))
      return false;
    m.rule = "model";
    m.type = type;
    if (type == EntityType::kPerson && m.end_token - m.first_token == 1) {
      // A surname alone, with no full name in the article: a person the
      // corpus may name (CorpusAliases), filterable, not yet a facet.
      m.standalone = true;
    } else {
      m.tentative = false;
    }
    return true;
  }

  // A tentative word listed with a name the gazetteer knows takes its
  // type, for organisations and places: "Huawei" of "Huawei, Twitter and
  // Samsung", "Ghent" of "Brussels and Ghent". Returns whether it did.
  bool Coordinate(Mention& m) const {
    if (m.capitals || RuledOut(m.first_token, m.end_token) ||
        resolved_[m.first_token])
      return false;
    const auto partner = [&](size_t j) -> const Mention* {
      if (j >= tokens_.size()) return nullptr;
      const Mention* p = strong_at_[j];
      return p && (p->type == EntityType::kOrg || p->type == EntityType::kPlace)
                 ? p
                 : nullptr;
    };
    // A comma lists only where the list goes on ("Huawei, Twitter and"),
    // not in "Fort Lauderdale, Fl" or "Peru, Chamicuro".
    const bool and_before = m.first_token >= 2 && IsAnd(m.first_token - 1);
    const bool and_after = IsAnd(m.end_token);
    const bool comma_before =
        m.first_token >= 2 && tokens_[m.first_token - 1].punct == ',';
    const bool comma_after =
        m.end_token < tokens_.size() && tokens_[m.end_token].punct == ',';
    const Mention* p = nullptr;
    if (and_before || (comma_before && (and_after || comma_after)))
      p = partner(m.first_token - 2);
    if (!p && (and_after || (comma_after && (and_before || comma_before))))
      p = partner(m.end_token + 1);
    if (!p || Mixed(*p, m) || !Plausible(m.first_token, m.end_token, p->type))
      return false;
    m.rule = "listed";
    m.type = p->type;
    m.tentative = false;
    return true;
  }

  // Whether the list that `known` is in has a capitalised word besides
  // `listed` that the gazetteer does not give its type, next to it: "Spear" of
  // "Spear, Leeds and Kellogg", a firm of partners rather than a list of towns.
  bool Mixed(const Mention& known, const Mention& listed) const {
    const auto other = [&](size_t j) {
      return j < tokens_.size() && tokens_[j].is_name_shaped() &&
             (j < listed.first_token || j >= listed.end_token) &&
             !(strong_at_[j] && strong_at_[j]->type == known.type);
    };
    const bool before = known.first_token >= 2 &&
                        tokens_[known.first_token - 1].punct == ',' &&
                        other(known.first_token - 2);
    const bool after = known.end_token + 1 < tokens_.size() &&
                       tokens_[known.end_token].punct == ',' &&
                       other(known.end_token + 1);
    return before || after;
  }

  bool IsAnd(size_t j) const {
    if (j >= tokens_.size()) return false;
    const std::string_view w = tokens_[j].text(text_);
    return w == "and" || w == "or";
  }

  bool RuledOut(uint32_t first, uint32_t end) const {
    for (uint32_t i = first; i < end; ++i) {
      const uint32_t line = tokens_[i].line;
      if (capitals_[line] || line == title_line_) return true;
    }
    return false;
  }

  // The tagger's least sure token of [first, end) is sure enough.
  bool Sure(uint32_t first, uint32_t end) const {
    for (uint32_t i = first; i < end; ++i) {
      if (tags_.margins[i] < min_margin_) return false;
    }
    return true;
  }

  uint32_t Classes(const NameToken& t) const {
    return gazetteer_.WordClasses(TokenKey(t.text(text_), t.abbreviation));
  }

  // Capitalised words (an organisation's "of" aside), not a figure's label
  // in a table ("Deposits 3.60 billion"), with at least one word more than
  // an ordinary word, a title or a generic part of a name ("National
  // Bank").
  bool Plausible(uint32_t first, uint32_t end, EntityType type) const {
    if (!tokens_[first].is_name_shaped() || !tokens_[end - 1].is_name_shaped())
      return false;
    if ((end < tokens_.size() && tokens_[end].shape == TokenShape::kNumber) ||
        (first > 0 && tokens_[first - 1].shape == TokenShape::kNumber))
      return false;
    if (end - first == 1 && !LoneWordPlausible(first, type)) return false;
    constexpr uint32_t kOrdinary = kCommonWord | kOrgWord | kGenericWord |
                                   kPlaceWord | kNotName | kTitleWord |
                                   kTitleModifier | kMonth | kPlaceNoun |
                                   kEventWord | kDealWord | kOrgStart;
    bool distinctive = false;
    for (uint32_t i = first; i < end; ++i) {
      const uint32_t c = Classes(tokens_[i]);
      if (!tokens_[i].is_name_shaped()) {
        if (!(c & (kOrgConnector | kNameConnector))) return false;
        continue;
      }
      if (i == first && (c & kNotName)) return false;
      distinctive = distinctive || !(c & kOrdinary);
    }
    return distinctive;
  }

  bool LoneWordPlausible(uint32_t i, EntityType type) const {
    const NameToken& t = tokens_[i];
    const std::string_view word = t.text(text_);
    // An initial, an abbreviation, part of a longer name in the article
    // ("Hutton" beside "E.F. Hutton Group", "Chang" beside "Chang
    // Chi-Cheng"), a hyphened prefix ("Pre-tax"): no name of its own.
    if (t.abbreviation || t.end - t.begin < 2 ||
        in_longer_name_.contains(word) || NextToName(i))
      return false;
    // Written in lower case elsewhere in the text: an ordinary word
    // ("Currency").
    std::string lower(word);
    for (char& c : lower) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    if (lower_.contains(lower)) return false;
    // A word between "the" and a noun names what the noun belongs to, no
    // organisation by that alone: "the Reagan administration" is the
    // President's.
    if (type == EntityType::kOrg && i > 0 && i + 1 < tokens_.size() &&
        tokens_[i + 1].shape == TokenShape::kLower) {
      const std::string_view before = tokens_[i - 1].text(text_);
      if (before == "the" || before == "The") return false;
    }
    const bool glued = i + 1 < tokens_.size() && tokens_[i + 1].begin == t.end;
    const char after = glued ? tokens_[i + 1].punct : 0;
    if (after == '-') return false;
    // No person: a word with a bare apostrophe, a first name before
    // another name ("Alex. Brown and Sons", "Paul, Weiss, Rifkind"), a
    // name joined to names by "and" as firms of partners are ("Pratt and
    // Whitney", "Welsh, Carson, Anderson and Stowe").
    if (type == EntityType::kPerson && Partners(i)) return false;
    const bool name_after = (after == ',' || after == '.') &&
                            i + 2 < tokens_.size() &&
                            tokens_[i + 2].is_name_shaped();
    if (type == EntityType::kPerson &&
        (bare_apostrophe_.contains(word) ||
         (name_after && (Classes(t) & kFirstName))))
      return false;
    // A word opening a sentence is capitalised whatever it is: it needs the
    // same word capitalised inside a sentence somewhere, or a tagger three
    // times as sure and no figure after it ("Pretax profit 505 mln").
    if (!t.sentence_start || mid_sentence_.contains(word)) return true;
    if (tags_.margins[i] < 3 * min_margin_) return false;
    for (size_t j = i + 1; j < i + 4 && j < tokens_.size(); ++j) {
      if (tokens_[j].shape == TokenShape::kNumber ||
          tokens_[j].shape == TokenShape::kOther)  // "3.95p"
        return false;
    }
    return true;
  }

  // Whether the word at i touches a name the rules found ("Heinl" of
  // "Heinl's Nursery Inc"): it would be part of it, not a name of its own.
  bool NextToName(size_t i) const {
    return (i > 0 && in_name_[i - 1]) ||
           (i + 1 < tokens_.size() && in_name_[i + 1]);
  }

  // Whether the word at i stands in a list of capitalised names that "and"
  // or "&" ends: "Lufkin" of "Donaldson, Lufkin and Jenrette".
  bool Partners(size_t i) const {
    auto is_and = [&](size_t j) {
      if (j >= tokens_.size()) return false;
      const std::string_view w = tokens_[j].text(text_);
      return w == "and" || w == "&" || tokens_[j].punct == '&';
    };
    auto name = [&](size_t j) {
      return j < tokens_.size() && tokens_[j].is_name_shaped();
    };
    if (is_and(i + 1) && name(i + 2)) return true;
    if (i >= 2 && name(i - 2) && (is_and(i - 1) || tokens_[i - 1].punct == ','))
      return is_and(i - 1) || (is_and(i + 1) || tokens_[i + 1].punct == ',');
    return false;
  }

  std::string_view text_;
  std::span<const NameToken> tokens_;
  const Gazetteer& gazetteer_;
  int64_t title_line_;
  float min_margin_;
  std::vector<bool> capitals_;
  NameTagger::Tags tags_;
  std::vector<bool> resolved_;  // by first token: a mention after merging
  std::vector<bool> in_name_;   // by token: inside a mention after merging
  // By token: the merged mention the gazetteer knows that starts or ends
  // there (pointing into the merged list of Run()).
  std::vector<const Mention*> strong_at_;
  std::unordered_map<std::string_view, EntityType> rule_types_;
  std::unordered_set<std::string_view> in_longer_name_;
  std::unordered_set<std::string_view> bare_apostrophe_;
  std::unordered_set<std::string_view> mid_sentence_;
  std::unordered_set<std::string_view> lower_;  // words in lower case
};

}  // namespace

std::vector<Entity> ReviewAndMerge(std::string_view text,
                                   std::span<const NameToken> tokens,
                                   const Gazetteer& gazetteer,
                                   const NameTagger& tagger,
                                   bool first_line_is_title,
                                   std::vector<Mention>& mentions,
                                   float min_margin) {
  if (tagger.empty() || tokens.empty())
    return MergeMentions(text, tokens, mentions);
  return Review(text, tokens, gazetteer, first_line_is_title, min_margin)
      .Run(tagger, mentions);
}

}  // namespace gazette
