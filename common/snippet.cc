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

Snippet MakeSnippet(const Xapian::MSet& mset, const std::string& text,
                    const Xapian::Stem& stemmer, size_t bytes) {
  std::string clean;
  const std::string* input = &text;
  // Two find()s are two memchr scans; find_first_of tests byte by byte.
  if (text.find(kOpen) != std::string::npos ||
      text.find(kClose) != std::string::npos) {
    clean = text;
    std::replace(clean.begin(), clean.end(), kOpen, ' ');
    std::replace(clean.begin(), clean.end(), kClose, ' ');
    input = &clean;
  }
  static const std::string kOpenMarker(1, kOpen);
  static const std::string kCloseMarker(1, kClose);
  static const std::string kOmit = "\u2026";
  const std::string marked =
      mset.snippet(*input, bytes, stemmer, Xapian::MSet::SNIPPET_EXHAUSTIVE,
                   kOpenMarker, kCloseMarker, kOmit);
  return DecodeMarkedSnippet(marked, kOpen, kClose);
}

}  // namespace gazette
