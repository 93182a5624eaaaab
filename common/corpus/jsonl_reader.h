// Reads JSON Lines corpus files: one article per line, so that a corpus of a
// million articles needs no million files. README.md, "JSON Lines", specifies
// the format.
#ifndef GAZETTE_COMMON_CORPUS_JSONL_READER_H_
#define GAZETTE_COMMON_CORPUS_JSONL_READER_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/base/expected.h"
#include "common/corpus/article_reader.h"

namespace gazette {

// A run of whole lines of a file, for one worker to read.
struct LineChunk {
  uint64_t offset = 0;  // byte offset of the first line
  uint64_t length = 0;  // bytes, up to and including the last line's '\n'
  size_t first_line = 1;
};

// Splits the file at path into chunks of whole lines of about target_bytes
// each (a longer line makes a chunk of its own), or says why the file
// cannot be read.
Expected<std::vector<LineChunk>> SplitIntoLineChunks(const std::string& path,
                                                     size_t target_bytes);

// Reads `length` bytes at `offset`, or says why not (also when the file is
// now shorter).
Expected<std::string> ReadFileRange(const std::string& path, uint64_t offset,
                                    uint64_t length);

struct JsonLineResult {
  // The article id the line gives: file_id + "#" + its "id" field, else
  // file_id + "#" + its line number (also when the line cannot be parsed).
  std::string id;
  // The article (its id set), or why the line is skipped; warnings name no
  // file or line: the caller adds them.
  ReadResult read;
};

// Parses one line (without its '\n'): a JSON object with "body" and/or
// "title", optional "id" (string or integer), "date" (YYYY-MM-DD, a time
// after it is ignored), "url" and "source", all strings. Unknown fields are
// ignored. A missing or bad date is a warning; anything else wrong skips the
// line.
[[nodiscard]] JsonLineResult ReadJsonLine(std::string_view line,
                                          std::string_view file_id,
                                          size_t line_number,
                                          const std::string& root);

// True for a line with nothing but whitespace: allowed and ignored.
bool IsBlankLine(std::string_view line);

}  // namespace gazette

#endif  // GAZETTE_COMMON_CORPUS_JSONL_READER_H_
