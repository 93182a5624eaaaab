#include "common/search/query_syntax.h"

#include <algorithm>
#include <vector>

#include "common/base/printable.h"

namespace gazette {
namespace {

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
         c == '\v';
}

// A piece of the query between spaces, with the brackets at its ends split
// off, as Xapian's lexer sees words and operators.
struct Token {
  size_t begin;  // offsets into the query
  size_t end;
  bool in_phrase;  // inside a quoted phrase, or holding a quote
  // Inside quotes that give a field its value, as in person:"Donald
  // Trump": a name, which a filter takes whole, rather than a phrase.
  bool field_value = false;
};

// The query's tokens, in order; brackets at either end of a piece are
// tokens of their own.
std::vector<Token> Tokens(std::string_view query) {
  std::vector<Token> tokens;
  bool in_phrase = false;
  bool field_value = false;
  size_t pos = 0;
  while (pos < query.size()) {
    while (pos < query.size() && IsSpace(query[pos])) ++pos;
    size_t end = pos;
    while (end < query.size() && !IsSpace(query[end])) ++end;
    if (end == pos) break;
    const std::string_view piece = query.substr(pos, end - pos);
    const size_t quotes = std::count(piece.begin(), piece.end(), '"');
    size_t begin = pos;
    size_t stop = end;
    if (quotes == 0 && !in_phrase) {
      for (; begin < stop && query[begin] == '('; ++begin)
        tokens.push_back({begin, begin + 1, false});
      size_t closing = stop;
      while (closing > begin && query[closing - 1] == ')') --closing;
      if (closing > begin) tokens.push_back({begin, closing, false});
      for (; closing < stop; ++closing)
        tokens.push_back({closing, closing + 1, false});
    } else {
      if (!in_phrase) field_value = piece.find(":\"") != std::string_view::npos;
      tokens.push_back({begin, stop, true, field_value});
    }
    if (quotes % 2 == 1) in_phrase = !in_phrase;
    pos = end;
  }
  return tokens;
}

// NEAR, ADJ, NEAR/5, ADJ/12: the operators Xapian takes between words.
bool IsNearOperator(std::string_view word) {
  for (std::string_view op : {"NEAR", "ADJ"}) {
    if (!word.starts_with(op)) continue;
    const std::string_view rest = word.substr(op.size());
    if (rest.empty()) return true;
    return rest.size() > 1 && rest[0] == '/' &&
           std::all_of(rest.begin() + 1, rest.end(),
                       [](char c) { return c >= '0' && c <= '9'; });
  }
  return false;
}

// NEAR or ADJ as a user meant it, well formed or not ("NEAR/x").
bool LooksLikeNearOperator(std::string_view word) {
  return word == "NEAR" || word == "ADJ" || word.starts_with("NEAR/") ||
         word.starts_with("ADJ/");
}

bool IsBooleanOperator(std::string_view word) {
  return word == "AND" || word == "OR" || word == "NOT" || word == "XOR";
}

// A single word Xapian can take as an operand of NEAR: no phrase, bracket,
// operator, or + or - in front.
bool IsNearOperand(std::string_view query, const Token& t) {
  const std::string_view word = query.substr(t.begin, t.end - t.begin);
  return !t.in_phrase && word != "(" && word != ")" && !IsNearOperator(word) &&
         !IsBooleanOperator(word) && !word.starts_with('-') &&
         !word.starts_with('+');
}

std::string_view Text(std::string_view query, const Token& t) {
  return query.substr(t.begin, t.end - t.begin);
}

}  // namespace

std::string BracketNearRuns(std::string_view query) {
  const std::vector<Token> tokens = Tokens(query);
  // [first, last] token of each run "word OP word (OP word)...".
  std::vector<std::pair<size_t, size_t>> runs;
  for (size_t i = 0; i + 2 < tokens.size();) {
    size_t last = i;
    while (last + 2 < tokens.size() && IsNearOperand(query, tokens[last]) &&
           !tokens[last + 1].in_phrase &&
           IsNearOperator(Text(query, tokens[last + 1])) &&
           IsNearOperand(query, tokens[last + 2])) {
      last += 2;
    }
    if (last > i) {
      runs.emplace_back(i, last);
      i = last + 1;
    } else {
      ++i;
    }
  }
  std::string out(query);
  // From the end, so that the offsets before stay valid.
  for (auto run = runs.rbegin(); run != runs.rend(); ++run) {
    out.insert(tokens[run->second].end, ")");
    out.insert(tokens[run->first].begin, "(");
  }
  return out;
}

std::string UnsupportedSyntax(std::string_view query) {
  for (const Token& t : Tokens(query)) {
    if (!t.in_phrase) continue;
    std::string_view word = Text(query, t);
    while (!word.empty() && (word.back() == '"' || word.back() == ')'))
      word.remove_suffix(1);
    if (word.ends_with('*')) {
      return "a wildcard cannot be part of a phrase ('" + Printable(word, 40) +
             "' inside quotes): write the words without quotes, or the "
             "phrase without the wildcard";
    }
  }
  return {};
}

bool HasOperators(std::string_view query) {
  // Words in quotes in a row: two make a phrase. ("golan", one word in
  // quotes, is a word as written; a lone quote is nothing.)
  size_t quoted_words = 0;
  for (const Token& t : Tokens(query)) {
    const std::string_view word = Text(query, t);
    if (t.in_phrase) {
      if (!t.field_value &&
          word.find_first_not_of("\"()") != std::string_view::npos &&
          ++quoted_words >= 2)
        return true;
      continue;
    }
    quoted_words = 0;
    if (LooksLikeNearOperator(word) || IsBooleanOperator(word)) return true;
    if (word.size() > 1 && word.starts_with('-')) return true;
    if (word.size() > 1 && word.ends_with('*')) return true;
  }
  return false;
}

bool HasNearOrAdj(std::string_view query) {
  for (const Token& t : Tokens(query)) {
    if (!t.in_phrase && LooksLikeNearOperator(Text(query, t))) return true;
  }
  return false;
}

}  // namespace gazette
