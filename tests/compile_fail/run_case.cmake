# Runs one compile-fail case twice:
#   1. without AMPERITY_COMPILE_FAIL: must compile (proves the case is otherwise well-formed,
#      so the failure below comes from the line under test and not from a typo);
#   2. with AMPERITY_COMPILE_FAIL: must fail, and the diagnostic must match the case's
#      `// expect: <regex>` line.
# Inputs: CXX, SOURCE, INCLUDE_DIRS (;-list), STD_FLAG.
file(STRINGS "${SOURCE}" expect_lines REGEX "^// expect: ")
list(LENGTH expect_lines n)
if(NOT n EQUAL 1)
    message(FATAL_ERROR "${SOURCE}: needs exactly one `// expect: <regex>` line")
endif()
string(REGEX REPLACE "^// expect: " "" expect "${expect_lines}")

set(includes "")
foreach(dir IN LISTS INCLUDE_DIRS)
    list(APPEND includes "-I${dir}")
endforeach()
set(cmd "${CXX}" ${STD_FLAG} -fsyntax-only ${includes} "${SOURCE}")

execute_process(COMMAND ${cmd} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "control build (without AMPERITY_COMPILE_FAIL) failed; the case is "
                        "broken, not the check:\n${err}")
endif()

execute_process(COMMAND ${cmd} -DAMPERITY_COMPILE_FAIL RESULT_VARIABLE rc
                OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(rc EQUAL 0)
    message(FATAL_ERROR "expected a compile error matching `${expect}`, but it compiled")
endif()
if(NOT err MATCHES "${expect}")
    message(FATAL_ERROR "compile failed, but the diagnostic does not match `${expect}`:\n${err}")
endif()
message(STATUS "rejected as expected (`${expect}`)")
