# Conan 2 recipe for amperity-cpp: a header-only library (package_id cleared), its version read
# from project(VERSION) in the top-level CMakeLists.txt, the one place it is written.
#
#     conan create packaging/conan --build=missing
#
# The package holds what `cmake --install` of a header-only configuration installs (headers,
# the configured <amperity/version.hpp>, the CMake package and amperity.pc); consumers use the
# files Conan generates (CMakeDeps: find_package(amperity) -> amperity::amperity).
import os
import re

from conan import ConanFile
from conan.tools.build import check_min_cppstd
from conan.tools.cmake import CMake, CMakeToolchain, cmake_layout
from conan.tools.files import copy, load

required_conan_version = ">=2.0"


class AmperityConan(ConanFile):
    name = "amperity-cpp"
    description = "Header-only C++20 SDK for the Amperity API"
    license = "BSL-1.0"
    url = "https://docs.amperity.com/api/"
    topics = ("amperity", "rest", "sdk", "asio", "beast", "header-only")
    package_type = "header-library"
    settings = "os", "arch", "compiler", "build_type"
    no_copy_source = True

    def set_version(self):
        cmakelists = load(self, os.path.join(self._source_root, "CMakeLists.txt"))
        m = re.search(r"project\(\s*amperity\s+VERSION\s+(\d+\.\d+\.\d+)", cmakelists)
        if not m:
            raise ValueError("no project(amperity VERSION x.y.z) in CMakeLists.txt")
        self.version = m.group(1)

    @property
    def _source_root(self):
        # In the repository the recipe sits in packaging/conan; once exported, its sources sit
        # beside it (export_sources below).
        here = self.recipe_folder
        exported = os.path.join(here, "CMakeLists.txt")
        return here if os.path.exists(exported) else os.path.join(here, "..", "..")

    def export_sources(self):
        root = os.path.join(self.recipe_folder, "..", "..")
        for pattern in ("CMakeLists.txt", "cmake/*", "include/*", "LICENSE"):
            copy(self, pattern, src=root, dst=self.export_sources_folder)
        copy(self, "amperity-platform-deps.cmake", src=self.recipe_folder,
             dst=self.export_sources_folder)

    def requirements(self):
        # Boost: Asio, Beast and JSON (1.81 is the floor); OpenSSL 3 for TLS.
        self.requires("boost/[>=1.81 <2]")
        self.requires("openssl/[>=3 <4]")

    def validate(self):
        check_min_cppstd(self, 20)

    def package_id(self):
        self.info.clear()

    def layout(self):
        cmake_layout(self)

    def generate(self):
        tc = CMakeToolchain(self)
        # Only the library: no tests, tools, benchmarks or examples.
        tc.cache_variables["AMPERITY_BUILD_TESTS"] = False
        tc.cache_variables["AMPERITY_BUILD_TOOLS"] = False
        tc.cache_variables["AMPERITY_BUILD_BENCH"] = False
        tc.cache_variables["AMPERITY_INSTALL"] = True
        tc.generate()

    def build(self):
        cmake = CMake(self)
        cmake.configure()

    def package(self):
        cmake = CMake(self)
        cmake.install()
        copy(self, "amperity-platform-deps.cmake", src=self.source_folder,
             dst=os.path.join(self.package_folder, self._module_dir))

    _module_dir = os.path.join("share", "conan", "amperity")

    def package_info(self):
        self.cpp_info.bindirs = []
        self.cpp_info.libdirs = []
        self.cpp_info.set_property("cmake_file_name", "amperity")
        self.cpp_info.set_property("cmake_target_name", "amperity::amperity")
        self.cpp_info.set_property("pkg_config_name", "amperity")
        # What users link: Boost's headers (Asio, Beast) and Boost.JSON's library, OpenSSL's
        # ssl and crypto, threads.
        self.cpp_info.requires = ["boost::headers", "boost::json", "openssl::ssl", "openssl::crypto"]
        self.cpp_info.builddirs = [self._module_dir]
        self.cpp_info.set_property(
            "cmake_build_modules", [os.path.join(self._module_dir, "amperity-platform-deps.cmake")])
        if self.settings.os in ("Linux", "FreeBSD"):
            self.cpp_info.system_libs = ["pthread"]
