// A program that fails the way Xapian 1.4 fails when the disk fills up
// inside a commit: std::terminate(), with or without an exception in flight.
// The crash tests run it to check RunMain's terminate handler, since a real
// full disk reaches that path only at some moments.
#include <cerrno>
#include <cstring>
#include <exception>
#include <string>

#include "cli/command_line.h"
#include "gazette/error.h"

namespace {

const gazette::ProgramInfo kInfo = {gazette::Program::kIndexer, "probe", "", "",
                                    ""};

void Throw() {
  throw gazette::Error(gazette::ErrorKind::kIndexWrite,
                       "writing failed: disk full");
}
// Through a volatile pointer, so the compiler cannot see that the noexcept
// function below always throws (and -Werror stays quiet).
void (*volatile g_throw)() = Throw;

void ThrowFromNoexcept() noexcept { g_throw(); }

}  // namespace

int main(int argc, char** argv) {
  const std::string how = argc > 1 ? argv[1] : "";
  return gazette::RunMain(kInfo, [&](gazette::FdOutputStream&) {
    errno = ENOSPC;
    if (how == "noexcept") ThrowFromNoexcept();
    if (how == "terminate") std::terminate();
    return 0;
  });
}
