#include "common/base/free_memory.h"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace gazette {

void ReturnFreedMemory() {
#if defined(__GLIBC__)
  (void)malloc_trim(0);
#endif
}

}  // namespace gazette
