// Data files compiled into the library (common/data/*.tsv): the gazetteers
// and the name tagger's model.
#ifndef GAZETTE_COMMON_ENTITIES_BUILTIN_DATA_H_
#define GAZETTE_COMMON_ENTITIES_BUILTIN_DATA_H_

#include <span>
#include <string_view>

namespace gazette {

struct DataFile {
  std::string_view name;  // file name under common/data/
  std::string_view content;
};

// The one file that is not a gazetteer: the name tagger's weights.
inline constexpr std::string_view kNerModelFile = "ner_model.tsv";

// Defined in a source generated at build time by tools/embed_data.cc.
std::span<const DataFile> BuiltInDataFiles();

}  // namespace gazette

#endif  // GAZETTE_COMMON_ENTITIES_BUILTIN_DATA_H_
