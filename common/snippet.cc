#include "common/snippet.h"

#include <algorithm>
#include <array>
#include <string>

namespace gazette {
namespace {

// Control bytes never left in article text (MakeSnippet blanks them), so
// they can delimit highlights unambiguously.
constexpr char kOpen = '\x02';
constexpr char kClose = '\x03';

struct HtmlEntity {
  std::string_view escaped;
  char plain;
};
constexpr std::array<HtmlEntity, 5> kEntities = {{
    {"&amp;", '&'},
    {"&lt;", '<'},
    {"&gt;", '>'},
    {"&quot;", '"'},
    {"&#39;", '\''},
}};

bool IsSpace(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; }

}  // namespace

Snippet DecodeMarkedSnippet(std::string_view marked, char open, char close) {
  Snippet snippet;
  std::string& out = snippet.text;
  out.reserve(marked.size());
  size_t highlight_start = 0;
  bool in_highlight = false;
  for (size_t i = 0; i < marked.size(); ++i) {
    const char c = marked[i];
    if (c == open) {
      highlight_start = out.size();
      in_highlight = true;
      continue;
    }
    if (c == close) {
      if (in_highlight && out.size() > highlight_start) {
        snippet.highlights.emplace_back(highlight_start, out.size());
      }
      in_highlight = false;
      continue;
    }
    if (IsSpace(c)) {
      if (!out.empty() && out.back() != ' ') out += ' ';
      continue;
    }
    if (c == '&') {
      const auto it = std::find_if(
          kEntities.begin(), kEntities.end(), [&](const HtmlEntity& e) {
            return marked.substr(i, e.escaped.size()) == e.escaped;
          });
      if (it != kEntities.end()) {
        out += it->plain;
        i += it->escaped.size() - 1;
        continue;
      }
    }
    out += c;
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return snippet;
}

Snippet MakeSnippet(const Xapian::MSet& mset, std::string_view text,
                    const Xapian::Stem& stemmer, size_t bytes) {
  std::string clean;
  if (text.find_first_of(std::string_view("\x02\x03", 2)) !=
      std::string_view::npos) {
    clean.assign(text);
    std::replace(clean.begin(), clean.end(), kOpen, ' ');
    std::replace(clean.begin(), clean.end(), kClose, ' ');
    text = clean;
  }
  const std::string marked = mset.snippet(
      std::string(text), bytes, stemmer, Xapian::MSet::SNIPPET_EXHAUSTIVE,
      std::string(1, kOpen), std::string(1, kClose), "\u2026");
  return DecodeMarkedSnippet(marked, kOpen, kClose);
}

}  // namespace gazette
