#include "bench/rank_eval/collection.h"

#include <strings.h>

#include <array>
#include <cctype>
#include <cstdio>
#include <regex>
#include <sstream>

#include "common/base/text_decoder.h"

namespace gazette::eval {
namespace {

bool StartsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

std::string Trim(std::string_view text) {
  const size_t begin = text.find_first_not_of(" \t\r\n");
  if (begin == std::string_view::npos) return {};
  const size_t end = text.find_last_not_of(" \t\r\n");
  return std::string(text.substr(begin, end - begin + 1));
}

// Joins lines into text with single newlines, dropping blank lines at
// either end (TIME separates every line with a blank one; those go too).
std::string JoinLines(const std::vector<std::string_view>& lines,
                      bool drop_blank) {
  std::string text;
  for (std::string_view line : lines) {
    if (drop_blank && Trim(line).empty()) continue;
    text += line;
    text += '\n';
  }
  return Trim(text);
}

}  // namespace

std::string CollapseSpace(std::string_view text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

std::vector<EvalDocument> ParseTimeDocuments(std::string_view all) {
  // The date is MM/DD/YY; a few headers have a space for the second slash.
  static const std::regex kHeader(
      R"(^\*TEXT\s+\d+\s+(\d\d)/(\d\d)[/ ](\d\d)\b)");
  std::vector<EvalDocument> docs;
  std::vector<std::string_view> body;
  const auto finish = [&] {
    if (!docs.empty()) docs.back().body = JoinLines(body, true);
    body.clear();
  };
  for (std::string_view line : SplitLines(all)) {
    if (StartsWith(line, "*STOP")) break;
    if (!StartsWith(line, "*TEXT")) {
      if (docs.empty() && !Trim(line).empty()) {
        throw FormatError("TIME.ALL: text before the first *TEXT line");
      }
      body.push_back(line);
      continue;
    }
    finish();
    std::match_results<std::string_view::const_iterator> m;
    if (!std::regex_search(line.begin(), line.end(), m, kHeader)) {
      throw FormatError("TIME.ALL: unreadable header '" + std::string(line) +
                        "'");
    }
    EvalDocument doc;
    doc.docno = std::to_string(docs.size() + 1);
    doc.date = "19" + m[3].str() + "-" + m[1].str() + "-" + m[2].str();
    docs.push_back(std::move(doc));
  }
  finish();
  return docs;
}

std::vector<Topic> ParseTimeTopics(std::string_view que) {
  std::vector<Topic> topics;
  std::string text;
  const auto finish = [&] {
    if (!topics.empty()) topics.back().text = CollapseSpace(text);
    text.clear();
  };
  for (std::string_view line : SplitLines(que)) {
    if (StartsWith(line, "*STOP")) break;
    if (!StartsWith(line, "*FIND")) {
      text += line;
      text += ' ';
      continue;
    }
    finish();
    const std::string id = Trim(line.substr(5));
    if (id.empty() || id.find_first_not_of("0123456789") != std::string::npos) {
      throw FormatError("TIME.QUE: unreadable line '" + std::string(line) +
                        "'");
    }
    topics.push_back({id, ""});
  }
  finish();
  return topics;
}

Qrels ParseTimeQrels(std::string_view rel) {
  Qrels qrels;
  for (std::string_view line : SplitLines(rel)) {
    std::istringstream in{std::string(line)};
    std::string topic, doc;
    if (!(in >> topic)) continue;
    Judgments& judgments = qrels[topic];
    while (in >> doc) judgments[doc] = 1;
  }
  return qrels;
}

EvalDocument ParseCacmDocument(std::string docno, std::string_view html) {
  static const std::array<const char*, 12> kMonths = {
      "January", "February", "March",     "April",   "May",      "June",
      "July",    "August",   "September", "October", "November", "December"};
  static const std::regex kDateLine(R"(^CACM\s+([A-Za-z]+),?\s*(\d{4})\s*$)");

  std::vector<std::string_view> lines;
  for (std::string_view line : SplitLines(html)) {
    const std::string tag = Trim(line);
    if (tag == "<html>" || tag == "</html>" || tag == "<pre>" ||
        tag == "</pre>") {
      continue;
    }
    lines.push_back(line);
  }
  size_t i = 0;
  while (i < lines.size() && Trim(lines[i]).empty()) ++i;
  std::vector<std::string_view> title;
  while (i < lines.size() && !Trim(lines[i]).empty())
    title.push_back(lines[i++]);
  if (title.empty()) {
    throw FormatError(docno + ": no title paragraph");
  }

  EvalDocument doc;
  doc.docno = std::move(docno);
  doc.title = CollapseSpace(JoinLines(title, true));
  doc.body = JoinLines({lines.begin() + static_cast<ptrdiff_t>(i), lines.end()},
                       false);
  for (size_t j = i; j < lines.size(); ++j) {
    const std::string line = Trim(lines[j]);
    std::smatch m;
    if (!std::regex_match(line, m, kDateLine)) continue;
    for (size_t month = 0; month < kMonths.size(); ++month) {
      if (strcasecmp(m[1].str().c_str(), kMonths[month]) != 0) continue;
      char date[16];
      std::snprintf(date, sizeof date, "%s-%02zu-01", m[2].str().c_str(),
                    month + 1);
      doc.date = date;
    }
    break;
  }
  return doc;
}

std::vector<Topic> ParseTrecTopics(std::string_view topics) {
  static const std::regex kTopic(
      R"(<DOC>\s*<DOCNO>\s*([^<\s]+)\s*</DOCNO>([\s\S]*?)</DOC>)");
  std::vector<Topic> out;
  const std::string text(topics);
  for (std::sregex_iterator it(text.begin(), text.end(), kTopic), end;
       it != end; ++it) {
    out.push_back({(*it)[1].str(), CollapseSpace((*it)[2].str())});
  }
  return out;
}

Qrels ParseTrecQrels(std::string_view text) {
  Qrels qrels;
  size_t number = 0;
  for (std::string_view line : SplitLines(text)) {
    ++number;
    std::istringstream in{std::string(line)};
    std::string topic, iteration, doc;
    int grade = 0;
    if (!(in >> topic)) continue;
    if (!(in >> iteration >> doc >> grade)) {
      throw FormatError("qrels line " + std::to_string(number) +
                        ": expected 'topic iteration doc grade'");
    }
    qrels[topic][doc] = grade;
  }
  return qrels;
}

std::string ToGazetteArticle(const EvalDocument& doc) {
  std::string out;
  if (!doc.date.empty()) out += "date: " + doc.date + "\n";
  if (!doc.title.empty()) out += "title: " + doc.title + "\n";
  out += "\n";
  out += doc.body;
  out += "\n";
  return out;
}

std::string ToPlainText(const EvalDocument& doc) {
  std::string out;
  if (!doc.date.empty()) out += "date " + doc.date + "\n";
  if (!doc.title.empty()) out += doc.title + "\n\n";
  out += doc.body;
  out += "\n";
  return out;
}

}  // namespace gazette::eval
