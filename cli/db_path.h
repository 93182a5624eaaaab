// Where the index lives: the rule both programs follow.
#ifndef GAZETTE_CLI_DB_PATH_H_
#define GAZETTE_CLI_DB_PATH_H_

#include <optional>
#include <string>

namespace gazette {

inline constexpr char kDefaultDbPath[] = "./gazette.db";
inline constexpr char kDbEnvVar[] = "GAZETTE_DB";

// --db if given, else $GAZETTE_DB if set and non-empty, else ./gazette.db.
std::string ResolveDbPath(const std::optional<std::string>& flag,
                          const char* env_value);

}  // namespace gazette

#endif  // GAZETTE_CLI_DB_PATH_H_
