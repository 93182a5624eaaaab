#include "tests/support/format_spec.h"

#include <algorithm>
#include <regex>
#include <set>
#include <sstream>
#include <stdexcept>

#include "tests/support/test_support.h"

namespace gazette::testing {
namespace {

std::vector<std::string> SplitCells(const std::string& row) {
  std::vector<std::string> cells;
  std::string cell;
  // Rows look like "| a | b | c |"; drop the outer bars.
  for (size_t i = 1; i + 1 < row.size(); ++i) {
    if (row[i] == '|') {
      cells.push_back(cell);
      cell.clear();
    } else {
      cell += row[i];
    }
  }
  cells.push_back(cell);
  for (auto& c : cells) {
    const size_t b = c.find_first_not_of(' ');
    const size_t e = c.find_last_not_of(' ');
    c = b == std::string::npos ? "" : c.substr(b, e - b + 1);
  }
  return cells;
}

// "`since`, `until`" -> {"since", "until"}
std::vector<std::string> FieldNames(const std::string& cell) {
  std::vector<std::string> names;
  static const std::regex kName("`([^`]+)`");
  for (std::sregex_iterator it(cell.begin(), cell.end(), kName), end; it != end;
       ++it) {
    names.push_back((*it)[1]);
  }
  return names;
}

// "string or null", "object (only with `--facets`)"
FieldSpec ParseType(const std::string& cell) {
  static const std::set<std::string> kTypes = {
      "integer", "number", "string", "boolean", "array", "object", "null"};
  FieldSpec spec;
  std::string types = cell;
  const size_t paren = types.find(" (only");
  if (paren != std::string::npos) {
    spec.optional = true;
    types.erase(paren);
  }
  std::istringstream words(types);
  std::string word;
  while (words >> word) {
    if (word == "or") continue;
    if (!kTypes.count(word))
      throw std::runtime_error("unknown type '" + word + "' in '" + cell + "'");
    spec.types.push_back(word);
  }
  if (spec.types.empty()) throw std::runtime_error("no type in '" + cell + "'");
  return spec;
}

}  // namespace

std::map<std::string, FieldTable> ReadFormatSpec(const std::string& path) {
  std::istringstream doc(ReadFile(path));
  if (doc.str().empty()) throw std::runtime_error("cannot read " + path);
  static const std::regex kMarker(R"(<!-- (fields|columns): (.+) -->)");
  std::map<std::string, FieldTable> tables;
  std::string line;
  FieldTable* current = nullptr;
  int row = 0;
  while (std::getline(doc, line)) {
    std::smatch m;
    if (std::regex_match(line, m, kMarker)) {
      current = &tables[m[2]];
      row = 0;
      continue;
    }
    if (current == nullptr) continue;
    if (line.empty() || line[0] != '|') {
      if (row > 0) current = nullptr;  // the table ended
      continue;
    }
    // Skip the header and the |---| line.
    if (++row <= 2) continue;
    const auto cells = SplitCells(line);
    if (cells.size() != 3) throw std::runtime_error("bad row: " + line);
    const FieldSpec type = ParseType(cells[1]);
    for (const std::string& name : FieldNames(cells[0])) {
      FieldSpec spec = type;
      spec.name = name;
      current->push_back(std::move(spec));
    }
  }
  return tables;
}

bool HasSpecType(const nlohmann::json& value, const std::string& type) {
  if (type == "integer")
    return value.is_number_unsigned() ||
           (value.is_number_integer() && value.get<int64_t>() >= 0);
  if (type == "number") return value.is_number();
  if (type == "string") return value.is_string();
  if (type == "boolean") return value.is_boolean();
  if (type == "array") return value.is_array();
  if (type == "object") return value.is_object();
  if (type == "null") return value.is_null();
  return false;
}

std::vector<std::string> SpecViolations(const nlohmann::json& object,
                                        const FieldTable& fields) {
  std::vector<std::string> problems;
  if (!object.is_object()) return {"not an object: " + object.dump()};
  for (const FieldSpec& f : fields) {
    if (!object.contains(f.name)) {
      if (!f.optional) problems.push_back("missing field '" + f.name + "'");
      continue;
    }
    const auto& value = object[f.name];
    if (std::none_of(f.types.begin(), f.types.end(), [&](const std::string& t) {
          return HasSpecType(value, t);
        }))
      problems.push_back("field '" + f.name +
                         "' has undocumented type: " + value.dump());
  }
  for (const auto& item : object.items()) {
    // Not a structured binding: clang 14 (the fuzz and sanitizer builds)
    // cannot capture one in a lambda.
    const std::string& key = item.key();
    if (std::none_of(fields.begin(), fields.end(),
                     [&](const FieldSpec& f) { return f.name == key; }))
      problems.push_back("undocumented field '" + key + "'");
  }
  return problems;
}

FieldTable Join(std::initializer_list<FieldTable> tables) {
  FieldTable all;
  for (const FieldTable& t : tables) all.insert(all.end(), t.begin(), t.end());
  return all;
}

FieldTable Without(const FieldTable& table,
                   std::initializer_list<std::string> names) {
  FieldTable out;
  for (const FieldSpec& f : table) {
    if (std::find(names.begin(), names.end(), f.name) == names.end())
      out.push_back(f);
  }
  return out;
}

}  // namespace gazette::testing
