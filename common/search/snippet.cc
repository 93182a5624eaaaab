#include "common/search/snippet.h"

#include <xapian/unicode.h>

#include <algorithm>
#include <array>
#include <cmath>

#include "common/base/stop_words.h"
#include "common/index/schema.h"

namespace gazette {
namespace {

constexpr std::string_view kEllipsis = "\u2026";
// Longer "words" (base64, URLs run together) are never query words.
constexpr size_t kMaxWordBytes = 64;

bool IsSpace(char c) {
  return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' ||
         c == '\v';
}

bool IsUpperAscii(char c) { return c >= 'A' && c <= 'Z'; }

bool IsAsciiAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9');
}

// The text word an index term stands for: "talks" and "Ztalk" as they are,
// title terms "Sgolan" and "ZSgolan" as "golan" and "Zgolan". Empty for
// filter terms (Q, D, M, Y, X... prefixes), which are not words of the text.
std::string TextTerm(std::string_view term) {
  if (term.empty() || !IsUpperAscii(term[0])) return std::string(term);
  const bool stem = term[0] == 'Z';
  if (stem) term.remove_prefix(1);
  if (term.starts_with(schema::kTitlePrefix)) {
    term.remove_prefix(schema::kTitlePrefix.size());
  }
  if (term.empty() || IsUpperAscii(term[0])) return {};
  std::string text_term = stem ? "Z" : "";
  text_term += term;
  return text_term;
}

// Xapian has no accessor for a wildcard's pattern; its description is
// "Query(WILDCARD <op> <pattern>)" and a pattern has no spaces.
std::string WildcardPattern(const Xapian::Query& query) {
  std::string d = query.get_description();
  if (d.ends_with(")")) d.pop_back();
  const size_t space = d.rfind(' ');
  return space == std::string::npos ? std::string() : d.substr(space + 1);
}

// The MSet's weight for a term of the query; 0 if it has none.
double TermWeight(const Xapian::MSet& mset, const std::string& term) {
  try {
    return mset.get_termweight(term);
  } catch (const Xapian::Error&) {
    return 0;
  }
}

void CollectTerms(const Xapian::Query& query, const Xapian::MSet& mset,
                  std::unordered_map<std::string, double>& terms,
                  std::vector<std::pair<std::string, double>>& prefixes) {
  switch (query.get_type()) {
    case Xapian::Query::LEAF_TERM: {
      const std::string term = *query.get_terms_begin();
      const std::string word = TextTerm(term);
      if (word.empty()) return;
      double& weight = terms[word];
      weight = std::max(weight, TermWeight(mset, term));
      return;
    }
    case Xapian::Query::OP_WILDCARD: {
      const std::string prefix = TextTerm(WildcardPattern(query));
      if (!prefix.empty() && prefix[0] != 'Z') prefixes.emplace_back(prefix, 0);
      return;
    }
    default:
      for (size_t i = 0; i < query.get_num_subqueries(); ++i) {
        CollectTerms(query.get_subquery(i), mset, terms, prefixes);
      }
  }
}

// Which ASCII characters Xapian counts as word characters, asked of Xapian
// once, so that the common case needs no UTF-8 decoding.
const std::array<bool, 128> kAsciiWordChar = [] {
  std::array<bool, 128> table{};
  for (unsigned ch = 0; ch < table.size(); ++ch) {
    table[ch] = Xapian::Unicode::is_wordchar(ch);
  }
  return table;
}();

// The character at text[pos] and its length in bytes, decoded as
// Xapian::Utf8Iterator decodes it (a byte that is not valid UTF-8 stands for
// itself).
// GCC cannot see that the iterator is never empty here (pos < size), and
// warns that Utf8Iterator's state for an empty range is uninitialised.
// (Clang has no such warning, and warns about the unknown name.)
#if !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
std::pair<unsigned, size_t> CharAt(std::string_view text, size_t pos) {
  const auto byte = static_cast<unsigned char>(text[pos]);
  if (byte < 0x80) return {byte, 1};
  Xapian::Utf8Iterator it(text.data() + pos, text.size() - pos);
  const unsigned ch = *it;
  ++it;
  return {ch, static_cast<size_t>(it.raw() - (text.data() + pos))};
}
#if !defined(__clang__)
#pragma GCC diagnostic pop
#endif

bool IsWordChar(unsigned ch) {
  return ch < 0x80 ? kAsciiWordChar[ch] : Xapian::Unicode::is_wordchar(ch);
}

// Calls f(begin, end) for each word of text, split as Xapian's
// TermGenerator splits words: runs of word characters, with an apostrophe
// or ampersand inside a word kept ("don't", "AT&T").
template <typename F>
void ForEachWord(std::string_view text, F f) {
  size_t word_begin = std::string_view::npos;
  for (size_t pos = 0; pos < text.size();) {
    // ASCII word characters, the most common case, without decoding.
    if (word_begin != std::string_view::npos) {
      while (pos < text.size() &&
             static_cast<unsigned char>(text[pos]) < 0x80 &&
             kAsciiWordChar[static_cast<unsigned char>(text[pos])])
        ++pos;
      if (pos == text.size()) break;
    }
    const auto [ch, length] = CharAt(text, pos);
    const size_t next = pos + length;
    if (IsWordChar(ch)) {
      if (word_begin == std::string_view::npos) word_begin = pos;
      pos = next;
      continue;
    }
    if (word_begin != std::string_view::npos) {
      if ((ch == '\'' || ch == 0x2019 || ch == '&') && next < text.size() &&
          IsWordChar(CharAt(text, next).first)) {
        pos = next;
        continue;
      }
      f(word_begin, pos);
      word_begin = std::string_view::npos;
    }
    pos = next;
  }
  if (word_begin != std::string_view::npos) f(word_begin, text.size());
}

// `word` in lower case, with the typographic apostrophe written as the
// indexer writes it, into `out`.
void NormaliseWord(std::string_view word, std::string& out) {
  out.resize(word.size());
  for (size_t i = 0; i < word.size(); ++i) {
    const char c = word[i];
    if (static_cast<unsigned char>(c) >= 0x80) {
      out = Xapian::Unicode::tolower(std::string(word));
      for (size_t p; (p = out.find("\u2019")) != std::string::npos;) {
        out[p] = '\'';
        out.erase(p + 1, 2);
      }
      return;
    }
    // What Xapian::Unicode::tolower does to ASCII, without decoding.
    out[i] = IsUpperAscii(c) ? static_cast<char>(c - 'A' + 'a') : c;
  }
}

// A query of filters alone has no words to show: the words of the names
// its entity filters (person:, --place and the like) ask for stand in, so
// that the snippet is the passage mentioning them. Stop words ("of" in
// "Bank of England") are left out.
void CollectNameWords(const Xapian::Query& query,
                      std::unordered_map<std::string, double>& words) {
  if (query.get_type() != Xapian::Query::LEAF_TERM) {
    for (size_t i = 0; i < query.get_num_subqueries(); ++i)
      CollectNameWords(query.get_subquery(i), words);
    return;
  }
  const std::string term = *query.get_terms_begin();
  for (const EntityType type : {EntityType::kPerson, EntityType::kPlace,
                                EntityType::kOrg, EntityType::kGroup}) {
    const std::string_view prefix = schema::EntityPrefix(type);
    if (!term.starts_with(prefix)) continue;
    const std::string_view name = std::string_view(term).substr(prefix.size());
    std::string word;
    ForEachWord(name, [&](size_t begin, size_t end) {
      NormaliseWord(name.substr(begin, end - begin), word);
      if (!IsStopWord(word)) words[word] = 1;
    });
    return;
  }
}

struct Match {
  size_t begin;
  size_t end;
  double weight;
  size_t key;  // index of the query term matched
};

// Where a passage whose first match is at `begin` should start: at the
// start of that match's sentence (after . ! or ?, perhaps with a closing
// quote, or after a blank line) when it is at most `slack` bytes before,
// else a third of the slack before the match, at a word boundary.
size_t PassageStart(std::string_view text, size_t begin, size_t slack) {
  const size_t limit = begin > slack ? begin - slack : 0;
  for (size_t s = begin; s > limit; --s) {
    if (!IsSpace(text[s - 1]) || IsSpace(text[s])) continue;
    size_t k = s - 1;
    int newlines = 0;
    while (k > 0 && IsSpace(text[k])) {
      if (text[k] == '\n') ++newlines;
      --k;
    }
    char last = text[k];
    if ((last == '"' || last == '\'' || last == ')') && k > 0) {
      last = text[k - 1];
    }
    if (last == '.' || last == '!' || last == '?' || newlines >= 2) return s;
  }
  if (limit == 0) return 0;
  size_t start = begin - slack / 3;
  while (start < begin && !IsSpace(text[start])) ++start;
  while (start < begin && IsSpace(text[start])) ++start;
  return start;
}

// Copies text[begin, end) with whitespace runs collapsed, moving the
// highlights' offsets along.
Snippet Render(std::string_view text, size_t begin, size_t end,
               const std::vector<Match>& matches, bool omitted_before,
               bool omitted_after) {
  Snippet snippet;
  std::string& out = snippet.text;
  if (omitted_before) out += kEllipsis;
  auto next = std::lower_bound(
      matches.begin(), matches.end(), begin,
      [](const Match& m, size_t pos) { return m.begin < pos; });
  size_t highlight_start = 0;
  bool in_space = false;
  for (size_t i = begin; i < end; ++i) {
    if (next != matches.end() && next->begin == i) {
      if (in_space) out += ' ';
      in_space = false;
      highlight_start = out.size();
    }
    if (IsSpace(text[i])) {
      in_space = true;
    } else {
      if (in_space) out += ' ';
      in_space = false;
      out += text[i];
    }
    if (next != matches.end() && next->end == i + 1) {
      snippet.highlights.emplace_back(highlight_start, out.size());
      ++next;
    }
  }
  if (omitted_after) out += kEllipsis;
  return snippet;
}

}  // namespace

SnippetTerms::SnippetTerms(const Xapian::Query& query,
                           const Xapian::MSet& mset) {
  std::unordered_map<std::string, double> terms;
  std::vector<std::pair<std::string, double>> prefixes;
  CollectTerms(query, mset, terms, prefixes);
  if (terms.empty() && prefixes.empty()) CollectNameWords(query, terms);
  double heaviest = 0;
  for (const auto& [term, weight] : terms) {
    heaviest = std::max(heaviest, weight);
  }
  if (heaviest <= 0) heaviest = 1;
  for (auto& [term, weight] : terms) {
    if (weight <= 0) weight = heaviest;
  }
  for (auto& [prefix, weight] : prefixes) weight = heaviest;
  Index(terms, prefixes);
}

SnippetTerms SnippetTerms::FromWeights(
    std::unordered_map<std::string, double> terms,
    std::vector<std::pair<std::string, double>> prefixes) {
  SnippetTerms result;
  result.Index(terms, prefixes);
  return result;
}

void SnippetTerms::Index(
    const std::unordered_map<std::string, double>& terms,
    const std::vector<std::pair<std::string, double>>& prefixes) {
  for (const auto& [term, weight] : terms) {
    if (term.starts_with('Z')) {
      stems_[std::string_view(term).substr(1)] = {weight, key_count_++};
      if (term.size() > 1)
        stem_starts_.set(static_cast<unsigned char>(term[1]));
    } else {
      words_[term] = {weight, key_count_++};
      if (!term.empty()) starts_.set(static_cast<unsigned char>(term[0]));
    }
  }
  starts_ |= stem_starts_;
  // A prefix given twice is one term.
  std::unordered_map<std::string, size_t> prefix_keys;
  for (const auto& [prefix, weight] : prefixes) {
    const size_t key = prefix_keys.emplace(prefix, key_count_).first->second;
    if (key == key_count_) ++key_count_;
    prefixes_.emplace_back(prefix, Term{weight, key});
    if (prefix.empty()) {
      starts_.set();
    } else {
      starts_.set(static_cast<unsigned char>(prefix[0]));
    }
  }
}

bool SnippetTerms::MayMatchWordStartingWith(char first) const {
  // Words are matched in lower case; other bytes (UTF-8, apostrophes) may
  // fold to anything.
  if (IsUpperAscii(first)) first = static_cast<char>(first - 'A' + 'a');
  return !IsAsciiAlnum(first) ||
         starts_.test(static_cast<unsigned char>(first));
}

double SnippetTerms::Match(std::string_view word, StemCache& stems,
                           size_t* key) const {
  double best = 0;
  if (const Term* term = words_.Find(word)) {
    best = term->weight;
    *key = term->key;
  }
  if (stems_.size() > 0 && !word.empty() &&
      (!IsAsciiAlnum(word[0]) ||
       stem_starts_.test(static_cast<unsigned char>(word[0])))) {
    if (const Term* term = stems_.Find(stems(word));
        term && term->weight > best) {
      best = term->weight;
      *key = term->key;
    }
  }
  for (const auto& [prefix, term] : prefixes_) {
    if (word.starts_with(prefix) && term.weight > best) {
      best = term.weight;
      *key = term.key;
    }
  }
  return best;
}

Snippet MakeSnippet(const SnippetTerms& terms, std::string_view text,
                    StemCache& stems, size_t bytes) {
  size_t text_begin = 0;
  while (text_begin < text.size() && IsSpace(text[text_begin])) ++text_begin;
  size_t text_end = text.size();
  while (text_end > text_begin && IsSpace(text[text_end - 1])) --text_end;
  text = text.substr(0, text_end);

  std::vector<Match> matches;
  if (!terms.empty()) {
    std::string word;
    size_t key = 0;
    ForEachWord(text, [&](size_t begin, size_t end) {
      if (end - begin > kMaxWordBytes ||
          !terms.MayMatchWordStartingWith(text[begin]))
        return;
      NormaliseWord(text.substr(begin, end - begin), word);
      const double weight = terms.Match(word, stems, &key);
      if (weight <= 0) return;
      matches.push_back({begin, end, weight, key});
    });
  }

  // The window of matches within `bytes` that weighs most: each distinct
  // term fully, each repeat half the one before, so a passage with several
  // of the query's words beats one that repeats a single word.
  size_t best_first = 0, best_last = 0;  // [first, last) of matches
  double best_score = 0;
  std::vector<int> counts(terms.key_count(), 0);
  double score = 0;
  for (size_t first = 0, last = 0; first < matches.size(); ++first) {
    while (
        last < matches.size() &&
        (last == first || matches[last].end - matches[first].begin <= bytes)) {
      const Match& m = matches[last++];
      score += m.weight * std::ldexp(1.0, -counts[m.key]++);
    }
    if (score > best_score) {
      best_score = score;
      best_first = first;
      best_last = last;
    }
    const Match& m = matches[first];
    score -= m.weight * std::ldexp(1.0, -(--counts[m.key]));
  }

  size_t begin = text_begin;
  size_t end = text.size();
  if (end - begin > bytes) {
    size_t span_end = begin;
    if (best_last > best_first) {
      const size_t span_begin = matches[best_first].begin;
      span_end = matches[best_last - 1].end;
      const size_t span = span_end - span_begin;
      begin = std::max(
          text_begin,
          PassageStart(text, span_begin, bytes > span ? bytes - span : 0));
    }
    end = std::min(text.size(), std::max(begin + bytes, span_end));
    // End at a word boundary.
    if (end < text.size() && !IsSpace(text[end])) {
      size_t cut = end;
      while (cut > span_end && !IsSpace(text[cut - 1])) --cut;
      if (cut > span_end) end = cut;
    }
    while (end > begin && IsSpace(text[end - 1])) --end;
  }
  return Render(text, begin, end, matches, begin > text_begin,
                end < text.size());
}

}  // namespace gazette
