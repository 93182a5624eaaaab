// The text printer: a ranked list for people reading a terminal.
#include <string>

#include "common/base/printable.h"
#include "common/output/timeline_chart.h"
#include "gazette/printers.h"

namespace gazette {
namespace {

constexpr char kBold[] = "\x1b[1m";
constexpr char kDim[] = "\x1b[2m";
constexpr char kReset[] = "\x1b[0m";

class TextPrinter : public ResultPrinter {
 public:
  TextPrinter(std::ostream& out, TextStyle style)
      : out_(out), style_(std::move(style)) {}

  void Print(const SearchResult& result) override {
    const bool collapsed =
        result.request.collapse && !result.request.similar_to;
    for (const Hit& hit : result.hits) PrintHit(hit, collapsed);
    PrintSummary(result);
    if (result.related) PrintRelated(*result.related);
    if (result.suggestion) PrintSuggestion(*result.suggestion);
    if (result.facets) PrintFacets(*result.facets);
    if (result.timeline) out_ << '\n' << TimelineChart(*result.timeline);
    out_.flush();
  }

 private:
  std::string Styled(std::string_view text, const char* code) const {
    if (style_.highlight != Highlight::kAnsi) return std::string(text);
    return code + std::string(text) + kReset;
  }

  std::string Highlighted(std::string_view word) const {
    switch (style_.highlight) {
      case Highlight::kNone:
        return std::string(word);
      case Highlight::kAnsi:
        return kBold + std::string(word) + kReset;
      case Highlight::kMarkers:
        return style_.open + std::string(word) + style_.close;
    }
    return std::string(word);
  }

  std::string ShownPath(const std::string& path) const {
    const std::string& base = style_.path_base;
    if (!base.empty() && path.size() > base.size() + 1 &&
        path.compare(0, base.size(), base) == 0 && path[base.size()] == '/') {
      return path.substr(base.size() + 1);
    }
    return path;
  }

  // "#a7" for an article from a JSON Lines file, whose path is the file's
  // and whose id adds the line's key; empty for an article file.
  static std::string LineKey(const Hit& hit) {
    const size_t hash = hit.id.rfind('#');
    const bool own_file = hit.path.size() >= hit.id.size() &&
                          hit.path.compare(hit.path.size() - hit.id.size(),
                                           hit.id.size(), hit.id) == 0;
    return hash == std::string::npos || own_file ? "" : hit.id.substr(hash);
  }

  // "golan, talks" or "Ahmed al-Sharaa (person), Syria (place)".
  static std::string TermList(const std::vector<RelatedTerm>& terms) {
    std::string list;
    for (const RelatedTerm& t : terms) {
      list += (list.empty() ? "" : ", ") + Printable(t.text);
      if (t.type) list += " (" + std::string(EntityTypeName(*t.type)) + ")";
    }
    return list;
  }

  // 'Like "2025/golan.txt" by: golan, talks, ...'.
  void PrintRelated(const Related& r) {
    out_ << (r.by_entities ? "Sharing entities with \"" : "Like \"")
         << Printable(r.seed) << "\" by: "
         << (r.terms.empty() ? "(nothing to go by)" : TermList(r.terms))
         << '\n';
  }

  void PrintHit(const Hit& hit, bool collapsed) {
    // Titles, paths and texts come from the corpus: whatever control
    // characters they hold are shown as escapes, never sent to the terminal.
    out_ << hit.rank << ". " << Styled(Printable(hit.title), kBold) << '\n';
    std::string meta = hit.date ? hit.date->ToIso() : "(no date)";
    meta += "  " + Printable(ShownPath(hit.path) + LineKey(hit));
    out_ << "   " << Styled(meta, kDim) << '\n';
    if (!hit.shared.empty())
      out_ << "   " << Styled("shares: " + TermList(hit.shared), kDim) << '\n';
    out_ << "   ";
    const Snippet& s = hit.snippet;
    size_t pos = 0;
    for (const auto& [begin, end] : s.highlights) {
      out_ << Printable(std::string_view(s.text).substr(pos, begin - pos))
           << Highlighted(Printable(
                  std::string_view(s.text).substr(begin, end - begin)));
      pos = end;
    }
    out_ << Printable(std::string_view(s.text).substr(pos)) << '\n';
    // The near duplicates a collapsed list leaves out for this one.
    if (collapsed && hit.similar > 0) {
      out_ << "   "
           << Styled("and " + std::to_string(hit.similar) +
                         " similar: " + "--similar-to " + Printable(hit.id),
                     kDim)
           << '\n';
    }
    out_ << '\n';
  }

  // "36 articles matched", or, when counting stopped before the end, "at
  // least 10000": never Xapian's estimate, which after looking at a page's
  // worth of matches can be off many times over.
  void PrintSummary(const SearchResult& result) {
    const Totals& t = result.totals;
    const auto& q = result.request;
    if (t.exact()) {
      out_ << t.lower << (t.lower == 1 ? " article" : " articles");
    } else {
      out_ << "at least " << t.lower << " articles";
    }
    out_ << " matched";
    if (!q.query.empty()) out_ << " \"" << Printable(q.query) << '"';
    std::string notes;
    if (!result.hits.empty()) {
      notes = "showing " + std::to_string(result.hits.front().rank) + "-" +
              std::to_string(result.hits.back().rank);
    }
    if (!t.exact()) {
      notes += notes.empty() ? "" : "; ";
      notes += q.exact_total || q.facets ? "counting stopped at the time limit"
                                         : "--exact counts them all";
    }
    if (!notes.empty()) out_ << " (" << notes << ")";
    out_ << ".\n";
  }

  // One line: 'Did you mean "golan talks"? (12 articles)'.
  void PrintSuggestion(const Suggestion& s) {
    out_ << "Did you mean \"" << Styled(Printable(s.query), kBold) << "\"? ("
         << s.total << (s.total == 1 ? " article" : " articles") << ")\n";
  }

  void PrintFacetLine(std::string_view label,
                      const std::vector<FacetValue>& values) {
    if (values.empty()) return;
    out_ << Styled(label, kBold) << ':';
    for (size_t i = 0; i < values.size(); ++i) {
      out_ << (i == 0 ? " " : ", ") << Printable(values[i].value) << " ("
           << values[i].count << ')';
    }
    out_ << '\n';
  }

  void PrintFacets(const Facets& f) {
    out_ << '\n';
    PrintFacetLine("People", f.persons);
    PrintFacetLine("Places", f.places);
    PrintFacetLine("Organisations", f.orgs);
    PrintFacetLine("Groups", f.groups);
    PrintFacetLine("Years", f.years);
    PrintFacetLine("Months", f.months);
    if (f.sample) {
      out_ << "(facet values chosen from a sample of " << f.sample->counted
           << " of " << f.sample->matches
           << " matching articles: the counts shown are exact, a value the "
              "sample missed may be missing)\n";
    } else if (!f.exact) {
      out_ << "(facet counts are estimates)\n";
    }
  }

  std::ostream& out_;
  TextStyle style_;
};

}  // namespace

std::unique_ptr<ResultPrinter> MakeTextPrinter(std::ostream& out,
                                               TextStyle style) {
  return std::make_unique<TextPrinter>(out, std::move(style));
}

}  // namespace gazette
