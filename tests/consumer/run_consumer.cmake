# find_package from an install prefix: installs the build tree to a temporary prefix, checks
# what was installed, then configures, builds and runs tests/consumer/project against it with
# find_package(amperity CONFIG REQUIRED): proves the exported targets, the config file's
# find_dependency calls and the installed headers. Where the build includes the tools, the
# prefix must also hold the CLI, the emulator and amperity::emulator, and a consumer program
# makes calls against amperity::emulator::fixture in process.
# Inputs: BUILD_DIR (the amperity build tree), WORK_DIR (scratch), PROJECT_DIR, CXX,
#         WITH_TOOLS (ON/OFF), VERSION (project version).
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
set(expected
    include/amperity/amperity.hpp include/amperity/version.hpp
    share/cmake/amperity/amperityConfig.cmake share/cmake/amperity/amperityConfigVersion.cmake
    share/pkgconfig/amperity.pc share/doc/amperity/LICENSE)
if(WITH_TOOLS)
    list(APPEND expected bin/amperity bin/amperity-emulator
        include/amperity/emulator/emulator.hpp include/amperity/emulator/fixture.hpp
        share/cmake/amperity/amperityEmulatorTargets.cmake)
endif()
foreach(f IN LISTS expected)
    if(NOT EXISTS "${prefix}/${f}")
        message(FATAL_ERROR "the install did not produce ${f}")
    endif()
endforeach()
if(WITH_TOOLS)
    file(GLOB emulator_lib "${prefix}/lib*/libamperity-emulator.a")
    if(NOT emulator_lib)
        message(FATAL_ERROR "the install did not produce libamperity-emulator.a")
    endif()
    run("${prefix}/bin/amperity" --version)
    if(NOT last_output MATCHES "amperity ${VERSION}")
        message(FATAL_ERROR "installed `amperity --version` printed `${last_output}`, "
                            "expected amperity ${VERSION}")
    endif()
endif()

run(${CMAKE_COMMAND} -S "${PROJECT_DIR}" -B "${WORK_DIR}/build"
    -DCMAKE_PREFIX_PATH=${prefix} -DCMAKE_CXX_COMPILER=${CXX} -DCMAKE_BUILD_TYPE=Debug)
run(${CMAKE_COMMAND} --build "${WORK_DIR}/build")
run("${WORK_DIR}/build/consumer")
if(NOT last_output MATCHES "wf-123456A-78901-2bcd3e scheduled")
    message(FATAL_ERROR "unexpected consumer output:\n${last_output}")
endif()
message(STATUS "consumer output:\n${last_output}")
if(WITH_TOOLS)
    if(NOT EXISTS "${WORK_DIR}/build/consumer_emulator")
        message(FATAL_ERROR "find_package(amperity) did not provide amperity::emulator")
    endif()
    run("${WORK_DIR}/build/consumer_emulator")
    if(NOT last_output MATCHES "emulator started scheduled courier.group/run\nfixture: 503 -> outcome unknown, runs started 2\nfixture: CA file removed")
        message(FATAL_ERROR "unexpected consumer_emulator output:\n${last_output}")
    endif()
    message(STATUS "consumer_emulator output:\n${last_output}")
endif()
