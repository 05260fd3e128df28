# Runs one compile-fail case twice:
#   1. without AMPERITY_COMPILE_FAIL: must compile to an object file (proves the case is
#      otherwise well-formed, so the failure below comes from the line under test and not from a
#      typo; code generation runs too, because clang 14 crashed there on valid consteval code);
#   2. with AMPERITY_COMPILE_FAIL: must fail, and the diagnostic must match the case's
#      `// expect: <regex>` line, or `// expect-clang: <regex>` / `// expect-gnu: <regex>` where
#      that compiler words it differently.
# Inputs: CXX, COMPILER_ID (GNU, Clang), SOURCE, INCLUDE_DIRS (;-list), STD_FLAG, WORK_DIR,
#         PCH_FLAGS (;-list, optional: how to use the precompiled <amperity/model.hpp>).
string(TOLOWER "${COMPILER_ID}" compiler)
file(STRINGS "${SOURCE}" expect_lines REGEX "^// expect-${compiler}: ")
set(prefix "^// expect-${compiler}: ")
list(LENGTH expect_lines n)
if(n EQUAL 0)
    file(STRINGS "${SOURCE}" expect_lines REGEX "^// expect: ")
    set(prefix "^// expect: ")
    list(LENGTH expect_lines n)
endif()
if(NOT n EQUAL 1)
    message(FATAL_ERROR "${SOURCE}: needs exactly one `// expect: <regex>` line (or one "
                        "`// expect-${compiler}: <regex>`)")
endif()
string(REGEX REPLACE "${prefix}" "" expect "${expect_lines}")

set(includes "")
foreach(dir IN LISTS INCLUDE_DIRS)
    list(APPEND includes "-I${dir}")
endforeach()
get_filename_component(name "${SOURCE}" NAME_WE)
file(MAKE_DIRECTORY "${WORK_DIR}")
set(cmd "${CXX}" ${STD_FLAG} ${PCH_FLAGS} ${includes} "${SOURCE}")

execute_process(COMMAND ${cmd} -c -o "${WORK_DIR}/${name}.o"
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "control build (without AMPERITY_COMPILE_FAIL) failed; the case is "
                        "broken, not the check:\n${err}")
endif()

execute_process(COMMAND ${cmd} -fsyntax-only -DAMPERITY_COMPILE_FAIL RESULT_VARIABLE rc
                OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(rc EQUAL 0)
    message(FATAL_ERROR "expected a compile error matching `${expect}`, but it compiled")
endif()
if(NOT err MATCHES "${expect}")
    message(FATAL_ERROR "compile failed, but the diagnostic does not match `${expect}`:\n${err}")
endif()
message(STATUS "rejected as expected (`${expect}`)")
