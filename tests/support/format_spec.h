// docs/json-format.md read as data: the tables of fields and columns that
// specify Gazette's machine output, so tests check real output against the
// document rather than against strings of their own.
#ifndef GAZETTE_TESTS_FORMAT_SPEC_H_
#define GAZETTE_TESTS_FORMAT_SPEC_H_

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace gazette::testing {

struct FieldSpec {
  std::string name;
  // JSON types the document allows: "integer", "number", "string",
  // "boolean", "array", "object", "null".
  std::vector<std::string> types;
  // The type said "(only ...)": the field may be absent.
  bool optional = false;
};

using FieldTable = std::vector<FieldSpec>;

// Every table in the document that follows a `<!-- fields: NAME -->` or
// `<!-- columns: NAME -->` marker, by NAME, rows in document order. A row
// naming several fields ("`since`, `until`") gives one FieldSpec each.
// Throws std::runtime_error if a row cannot be read.
std::map<std::string, FieldTable> ReadFormatSpec(const std::string& path);

// What is wrong with `object` as an instance of `fields`: each required
// field missing, each field of a type not documented, each field the table
// does not list. Empty when it conforms.
std::vector<std::string> SpecViolations(const nlohmann::json& object,
                                        const FieldTable& fields);

// True if `value` has the documented type ("integer" also means >= 0).
bool HasSpecType(const nlohmann::json& value, const std::string& type);

// Tables joined, for objects documented as "these fields, plus those".
FieldTable Join(std::initializer_list<FieldTable> tables);
// The table without the named fields.
FieldTable Without(const FieldTable& table,
                   std::initializer_list<std::string> names);

}  // namespace gazette::testing

#endif  // GAZETTE_TESTS_FORMAT_SPEC_H_
