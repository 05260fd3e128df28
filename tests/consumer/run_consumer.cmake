# Inputs: BUILD_DIR (the amperity build tree), WORK_DIR (scratch), PROJECT_DIR, CXX.
file(REMOVE_RECURSE "${WORK_DIR}")
set(prefix "${WORK_DIR}/prefix")

function(run)
    execute_process(COMMAND ${ARGV} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
    if(NOT rc EQUAL 0)
        message(FATAL_ERROR "failed (${rc}): ${ARGV}\n${out}\n${err}")
    endif()
    set(last_output "${out}" PARENT_SCOPE)
endfunction()

run(${CMAKE_COMMAND} --install "${BUILD_DIR}" --prefix "${prefix}")
if(NOT EXISTS "${prefix}/include/amperity/amperity.hpp" OR
   NOT EXISTS "${prefix}/share/cmake/amperity/amperityConfig.cmake")
    message(FATAL_ERROR "install did not produce the headers and the package config")
endif()
run(${CMAKE_COMMAND} -S "${PROJECT_DIR}" -B "${WORK_DIR}/build"
    -DCMAKE_PREFIX_PATH=${prefix} -DCMAKE_CXX_COMPILER=${CXX} -DCMAKE_BUILD_TYPE=Release)
run(${CMAKE_COMMAND} --build "${WORK_DIR}/build")
run("${WORK_DIR}/build/consumer")
if(NOT last_output MATCHES "wf-123456A-78901-2bcd3e scheduled")
    message(FATAL_ERROR "unexpected consumer output:\n${last_output}")
endif()
message(STATUS "consumer output:\n${last_output}")
