#include <nlohmann/json.hpp>

#include "gazette/index_stats.h"
#include "gazette/printers.h"

namespace gazette {

void PrintIndexStats(std::ostream& out, const IndexStats& s,
                     OutputFormat format) {
  const Facets& f = s.entities;
  if (format == OutputFormat::kJson) {
    using json = nlohmann::ordered_json;
    const auto list = [](const std::vector<FacetValue>& values) {
      json items = json::array();
      for (const auto& v : values)
        items.push_back({{"value", v.value}, {"count", v.count}});
      return items;
    };
    json j = {
        {"type", "stats"},
        {"format_version", kJsonFormatVersion},
        {"path", s.path},
        {"articles", s.articles},
        {"undated", s.undated},
        {"first_date",
         s.first_date ? json(s.first_date->ToIso()) : json(nullptr)},
        {"last_date", s.last_date ? json(s.last_date->ToIso()) : json(nullptr)},
        {"bytes", s.bytes},
        {"top",
         {{"person", list(f.persons)},
          {"place", list(f.places)},
          {"org", list(f.orgs)},
          {"group", list(f.groups)}}},
        {"year", list(f.years)},
    };
    out << DumpJsonLine(j) << '\n';
    return;
  }
  out << "index:      " << s.path << '\n';
  out << "articles:   " << s.articles;
  if (s.undated > 0) out << " (" << s.undated << " without a date)";
  out << '\n';
  if (s.first_date) {
    out << "dates:      " << s.first_date->ToIso() << " to "
        << s.last_date->ToIso() << '\n';
  }
  out << "size:       ";
  if (s.bytes + 512 >= 1024 * 1024) {  // never "1024 KB"
    out << (s.bytes + 512 * 1024) / (1024 * 1024) << " MB";
  } else {
    out << (s.bytes + 512) / 1024 << " KB";
  }
  out << " (" << s.bytes << " bytes)\n";
  const auto line = [&](std::string_view label,
                        const std::vector<FacetValue>& values) {
    if (values.empty()) return;
    out << label;
    for (size_t i = 0; i < values.size(); ++i) {
      out << (i == 0 ? "" : ", ") << values[i].value << " (" << values[i].count
          << ')';
    }
    out << '\n';
  };
  line("people:     ", f.persons);
  line("places:     ", f.places);
  line("orgs:       ", f.orgs);
  line("groups:     ", f.groups);
}

}  // namespace gazette
