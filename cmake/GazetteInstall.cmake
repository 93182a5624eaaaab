# What `cmake --install` puts in place besides the two programs: the library
# with its public headers and a CMake package (find_package(Gazette)), the
# manual pages and the bash completion.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

# The public headers are the API's entry points and everything they
# include from common/, found by following their #include lines, so a
# header that starts including another cannot leave it uninstalled.
set(GAZETTE_API_HEADERS
  batch_request.h batch_runner.h error.h exit_code.h index_builder.h
  index_database.h index_stats.h result_printer.h search_request.h
  search_result.h searcher.h)
set(pending ${GAZETTE_API_HEADERS})
set(GAZETTE_PUBLIC_HEADERS)
while(pending)
  list(POP_FRONT pending header)
  if(header IN_LIST GAZETTE_PUBLIC_HEADERS OR header STREQUAL "version.h")
    continue()
  endif()
  list(APPEND GAZETTE_PUBLIC_HEADERS ${header})
  file(STRINGS ${PROJECT_SOURCE_DIR}/common/${header} includes
       REGEX "^#include \"common/[a-z_]+\\.h\"")
  foreach(line IN LISTS includes)
    string(REGEX REPLACE "^#include \"common/([a-z_]+\\.h)\".*" "\\1" included "${line}")
    list(APPEND pending ${included})
  endforeach()
endwhile()
list(TRANSFORM GAZETTE_PUBLIC_HEADERS PREPEND ${PROJECT_SOURCE_DIR}/common/)

# Headers go under include/gazette/ so that "common/..." cannot clash with
# another package's headers.
set(GAZETTE_INCLUDE_ROOT ${CMAKE_INSTALL_INCLUDEDIR}/gazette)
install(FILES ${GAZETTE_PUBLIC_HEADERS}
              ${PROJECT_BINARY_DIR}/generated/common/version.h
        DESTINATION ${GAZETTE_INCLUDE_ROOT}/common)
install(TARGETS gazette EXPORT GazetteTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        INCLUDES DESTINATION ${GAZETTE_INCLUDE_ROOT})
set(GAZETTE_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/Gazette)
install(EXPORT GazetteTargets NAMESPACE Gazette:: DESTINATION ${GAZETTE_CMAKE_DIR})
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/GazetteConfig.cmake.in
  ${PROJECT_BINARY_DIR}/GazetteConfig.cmake
  INSTALL_DESTINATION ${GAZETTE_CMAKE_DIR})
# 0.x: a new minor version may change the API.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/GazetteConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/GazetteConfig.cmake
              ${PROJECT_BINARY_DIR}/GazetteConfigVersion.cmake
        DESTINATION ${GAZETTE_CMAKE_DIR})

# Manual pages, generated from --help and --version by help2man so they say
# what the programs say, with the sections --help has no room for from
# docs/man/*.h2m.
option(GAZETTE_MAN "Generate and install the indexer(1) and searcher(1) manual pages (needs help2man)" ON)
if(GAZETTE_MAN)
  find_program(HELP2MAN help2man)
  if(NOT HELP2MAN)
    message(FATAL_ERROR "help2man not found: run scripts/install-deps.sh, "
                        "or configure with -DGAZETTE_MAN=OFF")
  endif()
  set(pages)
  foreach(program indexer searcher)
    set(include ${PROJECT_SOURCE_DIR}/docs/man/${program}.h2m)
    set(page ${PROJECT_BINARY_DIR}/man/${program}.1)
    add_custom_command(OUTPUT ${page}
      COMMAND ${CMAKE_COMMAND} -E make_directory ${PROJECT_BINARY_DIR}/man
      COMMAND ${HELP2MAN} --no-info --section 1 --include ${include}
              --output ${page} $<TARGET_FILE:${program}>
      COMMAND ${CMAKE_COMMAND} -DPAGE=${page} -P ${PROJECT_SOURCE_DIR}/cmake/ManExamples.cmake
      DEPENDS ${program} ${include} ${PROJECT_SOURCE_DIR}/cmake/ManExamples.cmake
      COMMENT "Writing the ${program}(1) manual page")
    list(APPEND pages ${page})
  endforeach()
  add_custom_target(gazette_man ALL DEPENDS ${pages})
  install(FILES ${pages} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
endif()

# Bash completion, where bash-completion looks for it on demand: one file
# per command name, the same script for both.
foreach(program indexer searcher)
  install(FILES ${PROJECT_SOURCE_DIR}/completion/gazette.bash
          DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions
          RENAME ${program})
endforeach()

# The output format specification, which the manual pages point to.
install(FILES ${PROJECT_SOURCE_DIR}/docs/json-format.md ${PROJECT_SOURCE_DIR}/README.md
        DESTINATION ${CMAKE_INSTALL_DOCDIR})
