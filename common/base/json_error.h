// What went wrong parsing a line of JSON, said for a user: the batch
// requests of `searcher --batch` and the lines of JSON Lines corpus files.
#ifndef GAZETTE_COMMON_BASE_JSON_ERROR_H_
#define GAZETTE_COMMON_BASE_JSON_ERROR_H_

#include <string>
#include <string_view>

namespace gazette {

// Turns the what() of an nlohmann::json exception thrown by json::parse on
// one line into "parse error at column 7: syntax error ...": without the
// "[json.exception.parse_error.101]" id or the line number, and with the
// input the message quotes (nlohmann quotes the whole token, which may be a
// megabyte of bytes that are not UTF-8) cut to 40 bytes and escaped. The
// result is always one line of valid UTF-8 of at most 300 bytes.
std::string DescribeJsonError(std::string_view what);

}  // namespace gazette

#endif  // GAZETTE_COMMON_BASE_JSON_ERROR_H_
