# amperity-cpp is header-only: one release configuration installs the headers, the configured
# <amperity/version.hpp>, the CMake package (find_package(amperity)) and amperity.pc.
#
# Source: this port ships inside the amperity-cpp repository (packaging/vcpkg/ports, used as an
# overlay port) and builds the tree it is in. For a registry, the next line becomes
#   vcpkg_from_github(OUT_SOURCE_PATH SOURCE_PATH REPO <org>/amperity-cpp REF "v${VERSION}" SHA512 ...)
get_filename_component(SOURCE_PATH "${CMAKE_CURRENT_LIST_DIR}/../../../.." ABSOLUTE)
if(NOT EXISTS "${SOURCE_PATH}/include/amperity/amperity.hpp")
    message(FATAL_ERROR "amperity-cpp: no source tree at ${SOURCE_PATH}")
endif()

set(VCPKG_BUILD_TYPE release) # header-only: nothing differs in a debug configuration

vcpkg_cmake_configure(
    SOURCE_PATH "${SOURCE_PATH}"
    OPTIONS
        -DAMPERITY_BUILD_TESTS=OFF
        -DAMPERITY_BUILD_TOOLS=OFF
        -DAMPERITY_BUILD_BENCH=OFF
        -DAMPERITY_INSTALL=ON
)
vcpkg_cmake_install()
vcpkg_cmake_config_fixup(PACKAGE_NAME amperity CONFIG_PATH share/cmake/amperity)
vcpkg_fixup_pkgconfig()

file(REMOVE_RECURSE "${CURRENT_PACKAGES_DIR}/share/doc")
file(INSTALL "${CMAKE_CURRENT_LIST_DIR}/usage" DESTINATION "${CURRENT_PACKAGES_DIR}/share/${PORT}")
vcpkg_install_copyright(FILE_LIST "${SOURCE_PATH}/LICENSE")
