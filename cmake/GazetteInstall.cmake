# What `cmake --install` puts in place besides the two programs: the library
# with its public headers and a CMake package (find_package(Gazette)), the
# manual pages and the bash completion.
include(CMakePackageConfigHelpers)

# The public API is the folder common/include/gazette/, installed as it is
# (with the generated version.h): nothing else of common/ is installed, and
# the install test checks that each header compiles alone, without Xapian's.
install(DIRECTORY ${PROJECT_SOURCE_DIR}/common/include/gazette
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
        FILES_MATCHING PATTERN "*.h")
install(FILES ${PROJECT_BINARY_DIR}/generated/gazette/version.h
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/gazette)
install(TARGETS gazette EXPORT GazetteTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})
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
