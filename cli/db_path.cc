#include "cli/db_path.h"

namespace gazette {

std::string ResolveDbPath(const std::optional<std::string>& flag,
                          const char* env_value) {
  if (flag) return *flag;
  if (env_value != nullptr && *env_value != '\0') return env_value;
  return kDefaultDbPath;
}

}  // namespace gazette
