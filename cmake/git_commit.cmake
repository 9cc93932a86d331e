# Run at every build (src/util/CMakeLists.txt): writes OUT, a .cpp defining aca::util::build::git_commit, with the
# source tree's commit, "-dirty" appended when tracked files differ from it. A commit read at configure time would
# go stale on the next `cmake --build`, and a manifest would name a commit that did not produce its numbers.
# The file is rewritten only when its text changes, so an unchanged tree recompiles nothing.
set(commit "unknown")
if(GIT AND EXISTS "${SOURCE_DIR}/.git")
  execute_process(COMMAND "${GIT}" rev-parse --short=12 HEAD WORKING_DIRECTORY "${SOURCE_DIR}"
                  OUTPUT_VARIABLE head OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET RESULT_VARIABLE head_rc)
  if(head_rc EQUAL 0 AND NOT head STREQUAL "")
    set(commit "${head}")
    # Exit status 1 means differences; anything else is an error, which says nothing about the tree.
    execute_process(COMMAND "${GIT}" diff --quiet HEAD -- WORKING_DIRECTORY "${SOURCE_DIR}"
                    RESULT_VARIABLE diff_rc OUTPUT_QUIET ERROR_QUIET)
    if(diff_rc EQUAL 1)
      string(APPEND commit "-dirty")
    endif()
  endif()
endif()
set(text "// Generated at build time by cmake/git_commit.cmake.\n#include \"util/build_info.hpp\"\n\nnamespace aca::util::build {\nconst char* const git_commit = \"${commit}\";\n}  // namespace aca::util::build\n")
set(old "")
if(EXISTS "${OUT}")
  file(READ "${OUT}" old)
endif()
if(NOT old STREQUAL text)
  file(WRITE "${OUT}" "${text}")
endif()
