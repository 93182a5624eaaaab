#include "common/base/flat_string_map.h"

#include <xxhash.h>

namespace gazette {

uint64_t HashString(std::string_view s) {
  return XXH3_64bits(s.data(), s.size());
}

}  // namespace gazette
