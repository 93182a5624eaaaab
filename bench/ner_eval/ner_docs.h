// The annotated documents bench/ner_data.py writes, as ner_eval scores them
// and trains on them.
#ifndef GAZETTE_BENCH_NER_EVAL_NER_DOCS_H_
#define GAZETTE_BENCH_NER_EVAL_NER_DOCS_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "gazette/entity.h"

namespace gazette {

// Types scored, and what Gazette calls them; other types (MISC) are not
// scored, and are "O" in training.
inline constexpr const char* kTypes[] = {"PER", "LOC", "ORG"};

// 0, 1, 2 for PER, LOC, ORG; -1 for anything else.
int TypeIndex(std::string_view name);
int TypeIndex(EntityType type);

struct Span {
  size_t begin = 0;  // bytes [begin, end) of the text
  size_t end = 0;
  int type = -1;
  auto operator<=>(const Span&) const = default;
};

struct Doc {
  std::string text;
  std::vector<Span> gold;  // scored types only
};

// One document per line, {"id", "text", "spans": [[BEGIN, END, TYPE]...]}
// with byte offsets. Throws std::runtime_error naming the line it cannot
// read.
std::vector<Doc> ReadDocs(const std::string& path);

}  // namespace gazette

#endif  // GAZETTE_BENCH_NER_EVAL_NER_DOCS_H_
