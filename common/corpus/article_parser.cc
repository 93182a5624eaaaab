#include "common/corpus/article_parser.h"

#include <array>
#include <cctype>

#include "common/base/printable.h"

namespace gazette {
namespace {

bool IsBlank(char c) { return c == ' ' || c == '\t'; }
bool IsSpace(char c) {
  return IsBlank(c) || c == '\n' || c == '\f' || c == '\v';
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

// Case-insensitive match of an ASCII keyword at the start of text.
bool StartsWithKeyword(std::string_view text, std::string_view keyword) {
  if (text.size() < keyword.size()) return false;
  for (size_t i = 0; i < keyword.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[i])) != keyword[i]) {
      return false;
    }
  }
  return true;
}

// "2025-05-28", or the same followed by a time ("2025-05-28T09:30:00Z").
bool LooksLikeDate(std::string_view token) {
  if (token.size() < 10) return false;
  for (size_t i = 0; i < 10; ++i) {
    const bool dash = i == 4 || i == 7;
    if (dash ? token[i] != '-'
             : !std::isdigit(static_cast<unsigned char>(token[i]))) {
      return false;
    }
  }
  return token.size() == 10 || token[10] == 'T' || token[10] == 't';
}

// A date value as a warning quotes it: a header line can be a megabyte
// long, and the warning must stay one short line.
std::string QuotedDate(std::string_view value) { return Printable(value, 40); }

enum class Header { kDate, kTitle, kSource, kUrl };

struct HeaderName {
  std::string_view keyword;
  Header header;
};

constexpr std::array<HeaderName, 4> kHeaders = {{
    {"date", Header::kDate},
    {"title", Header::kTitle},
    {"source", Header::kSource},
    {"url", Header::kUrl},
}};

}  // namespace

ParsedArticle ParseArticle(std::string_view text) {
  ParsedArticle article;
  bool saw_date_header = false;
  size_t pos = 0;
  while (pos < text.size() && IsSpace(text[pos])) ++pos;

  size_t body_start = text.size();
  while (pos < text.size()) {
    const size_t line_end = std::min(text.find('\n', pos), text.size());
    const std::string_view line = text.substr(pos, line_end - pos);
    const HeaderName* match = nullptr;
    for (const auto& h : kHeaders) {
      if (StartsWithKeyword(line, h.keyword)) match = &h;
    }
    if (match == nullptr) {
      body_start = pos;
      break;
    }
    // After the keyword: blanks, an optional colon, blanks.
    size_t i = match->keyword.size();
    const size_t before_blanks = i;
    while (i < line.size() && IsBlank(line[i])) ++i;
    const bool colon = i < line.size() && line[i] == ':';
    if (colon) {
      ++i;
      while (i < line.size() && IsBlank(line[i])) ++i;
    }
    const std::string_view rest = line.substr(i);

    if (match->header != Header::kDate) {
      // Without a colon, "Title" or "Source" is more likely the body's first
      // word than a header.
      if (!colon) {
        body_start = pos;
        break;
      }
      const std::string value(Trim(rest));
      switch (match->header) {
        case Header::kTitle:
          article.title = value;
          break;
        case Header::kSource:
          article.source = value;
          break;
        case Header::kUrl:
          article.url = value;
          break;
        case Header::kDate:
          break;
      }
      pos = line_end + 1;
      continue;
    }

    // The seed format: "date 2025-05-28 Body text..." on one line.
    const size_t token_end = std::min(rest.find_first_of(" \t"), rest.size());
    const std::string_view token = rest.substr(0, token_end);
    if (!colon && (i == before_blanks || !LooksLikeDate(token))) {
      body_start = pos;  // "Date palms grow..." is body, not a header.
      break;
    }
    saw_date_header = true;
    if (LooksLikeDate(token)) {
      if (auto date = ParseIsoDate(token.substr(0, 10))) {
        if (!article.date) article.date = date;
      } else {
        article.warnings.push_back("impossible date '" + QuotedDate(token) +
                                   "'; indexed without a date");
      }
    } else {
      article.warnings.push_back(
          "unreadable date '" + QuotedDate(Trim(rest)) +
          "' (expected YYYY-MM-DD); indexed without a date");
      pos = line_end + 1;
      continue;
    }
    size_t after = token_end;
    while (after < rest.size() && IsBlank(rest[after])) ++after;
    if (after < rest.size()) {
      body_start = pos + i + after;
      break;
    }
    pos = line_end + 1;
  }

  if (!saw_date_header) {
    article.warnings.push_back("no date header; indexed without a date");
  }
  if (body_start < text.size()) {
    article.body = std::string(Trim(text.substr(body_start)));
  }
  return article;
}

std::string DeriveTitle(std::string_view body, size_t max_bytes) {
  body = Trim(body);
  // The first sentence ends at . ! or ? followed by space, or at a line end.
  // A single capital before the dot ("U.S. troops") is an abbreviation.
  size_t end = body.size();
  for (size_t i = 0; i < body.size(); ++i) {
    const char c = body[i];
    if (c == '\n') {
      end = i;
      break;
    }
    if ((c == '.' || c == '!' || c == '?') &&
        (i + 1 == body.size() || IsSpace(body[i + 1]))) {
      const bool abbreviation =
          c == '.' && i >= 1 &&
          std::isupper(static_cast<unsigned char>(body[i - 1])) &&
          (i < 2 || !std::isalpha(static_cast<unsigned char>(body[i - 2])));
      if (!abbreviation) {
        end = c == '.' ? i : i + 1;
        break;
      }
    }
  }
  std::string_view sentence = Trim(body.substr(0, end));
  if (sentence.size() <= max_bytes) return std::string(sentence);
  // Cut at the last space that fits, never inside a UTF-8 sequence.
  size_t cut = sentence.rfind(' ', max_bytes);
  if (cut == std::string_view::npos || cut < max_bytes / 2) {
    cut = max_bytes;
    while (cut > 0 &&
           (static_cast<unsigned char>(sentence[cut]) & 0xC0) == 0x80) {
      --cut;
    }
  }
  std::string_view kept = sentence.substr(0, cut);
  while (!kept.empty() && (IsSpace(kept.back()) || kept.back() == ',' ||
                           kept.back() == ';' || kept.back() == ':')) {
    kept.remove_suffix(1);
  }
  return std::string(kept) + "\u2026";
}

}  // namespace gazette
