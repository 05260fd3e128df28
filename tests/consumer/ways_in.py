#!/usr/bin/env python3
"""Every way into amperity-cpp but the plain find_package one (run_consumer.cmake), tested as a
user would take it. Each builds and runs a small program and checks what it prints.

    ways_in.py pkg_config         --source S --build B --work W --cxx CXX
    ways_in.py add_subdirectory   ...
    ways_in.py fetchcontent       ...   (from a file:// git clone of the working tree)
    ways_in.py missing_dependency ...   (Boost < 1.81, no OpenSSL, OpenSSL 1.1: the message names
                                         it; and SameMinorVersion compatibility)
    ways_in.py conan              ...   (conan create with ../shared/tools/conan or one on PATH)
    ways_in.py vcpkg              ...   (manifest-mode consumer, ../shared/tools/vcpkg or PATH)

A package-manager way whose client is not found exits 0 after printing "SKIPPED: ..." (ctest
marks it skipped through SKIP_REGULAR_EXPRESSION); everything else that goes wrong fails.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
WAY_PROJECT = HERE / "way"
EXPECTED_OUTPUT = re.compile(
    r'^amperity-cpp (\d+\.\d+\.\d+) wf-123456A-78901-2bcd3e scheduled '
    r'\{"config_id":"cg-123ABc4DE","run_mode":"source"\}$', re.M)


def run(cmd, env=None, cwd=None, expect_fail=False):
    shown = " ".join(str(c) for c in cmd)
    print(f"$ {shown}", flush=True)
    p = subprocess.run([str(c) for c in cmd], env=env, cwd=cwd, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, text=True)
    if (p.returncode != 0) != expect_fail:
        print(p.stdout)
        sys.exit(f"FAILED ({p.returncode}): {shown}")
    return p.stdout


def project_version(source):
    m = re.search(r"project\(\s*amperity\s+VERSION\s+(\d+\.\d+\.\d+)",
                  (source / "CMakeLists.txt").read_text())
    return m.group(1)


def check_program(exe, source):
    out = run([exe])
    m = EXPECTED_OUTPUT.search(out)
    if not m:
        sys.exit(f"unexpected output from {exe}:\n{out}")
    if m.group(1) != project_version(source):
        sys.exit(f"{exe} reports version {m.group(1)}, CMakeLists.txt says "
                 f"{project_version(source)}")
    print(out.strip())


def configure_way(args, way, extra):
    build = args.work / "build"
    run(["cmake", "-S", WAY_PROJECT, "-B", build, f"-DCMAKE_CXX_COMPILER={args.cxx}",
         "-DCMAKE_BUILD_TYPE=Debug", f"-DAMPERITY_WAY={way}", *extra])
    run(["cmake", "--build", build])
    check_program(build / "app", args.source)


def snapshot(source, dest):
    """The working tree (tracked and untracked-but-not-ignored files) copied to dest."""
    files = subprocess.run(["git", "-C", source, "ls-files", "-z", "--cached", "--others",
                            "--exclude-standard"], stdout=subprocess.PIPE, check=True).stdout
    for rel in filter(None, files.decode().split("\0")):
        src = source / rel
        if src.is_file():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / rel)


def way_add_subdirectory(args):
    configure_way(args, "add_subdirectory", [f"-DAMPERITY_SOURCE_DIR={args.source}"])


def way_fetchcontent(args):
    repo = args.work / "amperity-cpp.git"
    repo.mkdir(parents=True)
    snapshot(args.source, repo)
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@localhost",
               GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@localhost")
    run(["git", "init", "-q", "-b", "main", repo], env=env)
    run(["git", "-C", repo, "add", "-A"], env=env)
    run(["git", "-C", repo, "commit", "-q", "-m", "snapshot"], env=env)
    configure_way(args, "fetchcontent", [f"-DAMPERITY_GIT_URL=file://{repo}",
                                         "-DAMPERITY_GIT_TAG=main",
                                         "-DFETCHCONTENT_QUIET=OFF"])


def install_prefix(args):
    prefix = args.work / "prefix"
    run(["cmake", "--install", args.build, "--prefix", prefix])
    return prefix


def way_pkg_config(args):
    prefix = install_prefix(args)
    env = dict(os.environ, PKG_CONFIG_PATH=str(prefix / "share" / "pkgconfig"))
    version = run(["pkg-config", "--modversion", "amperity"], env=env).strip()
    if version != project_version(args.source):
        sys.exit(f"amperity.pc says version {version}")
    flags = run(["pkg-config", "--cflags", "--libs", "amperity"], env=env).split()
    exe = args.work / "app"
    # readme-install-pkg_config: c++ -std=c++20 main.cpp $(pkg-config --cflags --libs amperity)
    run([args.cxx, "-std=c++20", WAY_PROJECT / "main.cpp", *flags, "-o", exe])
    check_program(exe, args.source)


def way_missing_dependency(args):
    prefix = install_prefix(args)
    project = args.work / "project"
    project.mkdir()
    (project / "CMakeLists.txt").write_text(
        "cmake_minimum_required(VERSION 3.20)\nproject(p LANGUAGES CXX)\n"
        "find_package(amperity CONFIG REQUIRED)\n")
    # Boost older than the floor: a BoostConfig that says 1.80.
    old = args.work / "boost-1.80"
    old.mkdir()
    (old / "BoostConfig.cmake").write_text("set(Boost_FOUND TRUE)\n")
    (old / "BoostConfigVersion.cmake").write_text(
        'set(PACKAGE_VERSION "1.80.0")\n'
        'if(PACKAGE_FIND_VERSION VERSION_GREATER PACKAGE_VERSION)\n'
        '  set(PACKAGE_VERSION_COMPATIBLE FALSE)\nelse()\n'
        '  set(PACKAGE_VERSION_COMPATIBLE TRUE)\nendif()\n')
    old_ssl = args.work / "openssl-1.1"
    (old_ssl / "openssl").mkdir(parents=True)
    (old_ssl / "openssl" / "opensslv.h").write_text(
        "#define OPENSSL_VERSION_NUMBER  0x1010117fL\n"
        '#define OPENSSL_VERSION_TEXT    "OpenSSL 1.1.1w  11 Sep 2023"\n')
    cases = [
        ("Boost < 1.81", [f"-DBoost_DIR={old}", "-DBoost_NO_SYSTEM_PATHS=ON"],
         # CMake's words differ by where it looked (config: "dependency Boost could not be
         # found"; FindBoost: "Could NOT find Boost ... at least version "1.81""): both name it.
         r"(?:Could NOT find Boost|dependency Boost could not be found)[\s\S]*1\.81"),
        # No OpenSSL: the directories holding its headers hidden from CMake's search.
        ("no OpenSSL", ["-DCMAKE_IGNORE_PATH=/usr/include;/usr/include/x86_64-linux-gnu;"
                        "/usr/local/include"],
         r"(?:Could NOT find OpenSSL|dependency OpenSSL could not be found)"),
        # OpenSSL 1.1 (Debian 11's) where 3 is required: headers that say 1.1.1w.
        ("OpenSSL 1.1", [f"-DOPENSSL_INCLUDE_DIR={old_ssl}", "-DOPENSSL_SSL_LIBRARY=libssl.so",
                         "-DOPENSSL_CRYPTO_LIBRARY=libcrypto.so"],
         r"(?:Could NOT find OpenSSL|dependency OpenSSL could not be found)[\s\S]*\"3\""),
    ]
    for name, extra, pattern in cases:
        out = run(["cmake", "-S", project, "-B", args.work / ("b-" + name.replace(" ", "-").replace("<", "lt")),
                   f"-DCMAKE_PREFIX_PATH={prefix}", f"-DCMAKE_CXX_COMPILER={args.cxx}", *extra],
                  expect_fail=True)
        if not re.search(pattern, out):
            sys.exit(f"{name}: configure failed, but the message does not match "
                     f"/{pattern}/:\n{out}")
        print(f"{name}: configure fails naming it, as expected")

    # 0.x: only the same minor version is compatible (SameMinorVersion).
    major, minor, _ = project_version(args.source).split(".")
    cases = [(f"{major}.{minor}", True), (f"{major}.{int(minor) + 1}", False),
             (f"{int(major) + 1}.0", False)]
    if int(minor) > 0:  # an older minor: what SameMajorVersion would wrongly accept
        cases.append((f"{major}.{int(minor) - 1}", False))
    for requested, compatible in cases:
        versioned = args.work / f"project-{requested}"
        versioned.mkdir()
        (versioned / "CMakeLists.txt").write_text(
            "cmake_minimum_required(VERSION 3.20)\nproject(p LANGUAGES CXX)\n"
            f"find_package(amperity {requested} CONFIG REQUIRED)\n")
        out = run(["cmake", "-S", versioned, "-B", args.work / f"b-{requested}",
                   f"-DCMAKE_PREFIX_PATH={prefix}", f"-DCMAKE_CXX_COMPILER={args.cxx}"],
                  expect_fail=not compatible)
        if not compatible and "compatible with requested version" not in out:
            sys.exit(f"find_package(amperity {requested}) failed for another reason:\n{out}")
        print(f"find_package(amperity {requested}): "
              f"{'accepted' if compatible else 'refused'}, as expected")


def find_client(name, shared_rel):
    found = shutil.which(name)
    if found:
        return Path(found)
    shared = Path(os.environ.get("AMPERITY_SHARED_DIR", "")) / shared_rel
    if shared.exists():
        return shared
    return None


def debian_version(pkg):
    out = subprocess.run(["dpkg-query", "-W", "-f=${Version}", pkg], stdout=subprocess.PIPE,
                         text=True).stdout
    m = re.match(r"(?:\d+:)?(\d+\.\d+\.\d+)", out)
    return m.group(1) if m else None


def packaging_tree(args):
    """What the recipe and the port see: a snapshot of the working tree (Conan exports sources,
    and vcpkg does not notice a changed local source, so each run gets a fresh copy)."""
    tree = args.work / "src"
    tree.mkdir(parents=True)
    snapshot(args.source, tree)
    return tree


def way_conan(args):
    conan = find_client("conan", "tools/conan/conan")
    if not conan:
        print("SKIPPED: no Conan client (not on PATH, no ../shared/tools/conan)")
        return
    tree = packaging_tree(args)
    home = args.work / "conan-home"
    env = dict(os.environ, CONAN_HOME=str(home), CC="", CXX=str(args.cxx))
    env.pop("CC")
    run([conan, "profile", "detect"], env=env)
    boost = debian_version("libboost1.81-dev") or "1.81.0"
    openssl = debian_version("libssl-dev") or "3.0.0"
    profile = args.work / "profile"
    # Debian's Boost and OpenSSL stand in for ConanCenter's (no remote is reachable); the
    # recipe keeps its normal requires.
    profile.write_text("include(default)\n[settings]\ncompiler.cppstd=20\n"
                       f"[platform_requires]\nboost/{boost}\nopenssl/{openssl}\n")
    # readme-install-conan: conan create packaging/conan --build=missing
    out = run([conan, "create", tree / "packaging" / "conan", "-pr:a", profile, "-nr",
               "--build=missing"], env=env)
    if not EXPECTED_TEST_PACKAGE.search(out):
        sys.exit(f"test_package did not print what it should:\n{out}")
    print(EXPECTED_TEST_PACKAGE.search(out).group(0))
    listing = run([conan, "list", f"amperity-cpp/{project_version(args.source)}:*"], env=env)
    print(listing)


EXPECTED_TEST_PACKAGE = re.compile(
    r'amperity-cpp \d+\.\d+\.\d+: \{"config_id":"cg-123ABc4DE","run_mode":"source"\} wf-1 '
    r'running')


def way_vcpkg(args):
    vcpkg = find_client("vcpkg", "tools/vcpkg/vcpkg")
    if not vcpkg:
        print("SKIPPED: no vcpkg (not on PATH, no ../shared/tools/vcpkg)")
        return
    root = vcpkg.parent if (vcpkg.parent / "scripts" / "buildsystems").exists() else \
        Path(os.environ.get("VCPKG_ROOT", ""))
    tree = packaging_tree(args)
    # The test's own overlay: empty stand-ins for the dependencies, so that Debian's packages
    # serve them (their real ports download sources from GitHub). The real port is unchanged.
    standins = args.work / "standins"
    for dep in ("boost-asio", "boost-beast", "boost-json", "openssl"):
        d = standins / dep
        d.mkdir(parents=True)
        (d / "vcpkg.json").write_text(f'{{"name": "{dep}", "version": "0"}}\n')
        (d / "portfile.cmake").write_text("set(VCPKG_POLICY_EMPTY_PACKAGE enabled)\n")
    consumer = args.work / "consumer"
    consumer.mkdir()
    shutil.copy2(WAY_PROJECT / "main.cpp", consumer / "main.cpp")
    shutil.copy2(WAY_PROJECT / "CMakeLists.txt", consumer / "CMakeLists.txt")
    (consumer / "vcpkg.json").write_text(VCPKG_MANIFEST)
    env = dict(os.environ, VCPKG_ROOT=str(root), VCPKG_FORCE_SYSTEM_BINARIES="1",
               VCPKG_DISABLE_METRICS="1", VCPKG_BINARY_SOURCES="clear",
               VCPKG_DOWNLOADS=str(args.work / "downloads"))
    overlays = f"{tree / 'packaging' / 'vcpkg' / 'ports'};{standins}"
    build = args.work / "build"
    run(["cmake", "-S", consumer, "-B", build, "-G", "Ninja", f"-DCMAKE_CXX_COMPILER={args.cxx}",
         f"-DCMAKE_TOOLCHAIN_FILE={root / 'scripts' / 'buildsystems' / 'vcpkg.cmake'}",
         "-DVCPKG_TARGET_TRIPLET=x64-linux", f"-DVCPKG_OVERLAY_PORTS={overlays}",
         f"-DVCPKG_INSTALL_OPTIONS=--x-buildtrees-root={args.work / 'buildtrees'};"
         f"--x-packages-root={args.work / 'packages'}"], env=env)
    installed = build / "vcpkg_installed" / "x64-linux"
    for f in ("include/amperity/version.hpp", "share/amperity/amperityConfig.cmake",
              "share/amperity-cpp/copyright", "share/amperity-cpp/usage"):
        if not (installed / f).exists():
            sys.exit(f"the vcpkg port did not install {f}")
    run(["cmake", "--build", build], env=env)
    check_program(build / "app", args.source)


# readme-install-vcpkg-manifest
VCPKG_MANIFEST = """{
  "name": "amperity-consumer",
  "version": "0.0.0",
  "dependencies": ["amperity-cpp"]
}
"""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("way", choices=["pkg_config", "add_subdirectory", "fetchcontent",
                                    "missing_dependency", "conan", "vcpkg"])
    ap.add_argument("--source", type=Path, required=True)
    ap.add_argument("--build", type=Path, required=True)
    ap.add_argument("--work", type=Path, required=True)
    ap.add_argument("--cxx", required=True)
    args = ap.parse_args()
    args.source = args.source.resolve()
    shutil.rmtree(args.work, ignore_errors=True)
    args.work.mkdir(parents=True)
    globals()["way_" + args.way](args)
    print(f"{args.way}: OK")


if __name__ == "__main__":
    main()
