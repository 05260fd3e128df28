# Included by the find_package(amperity) files Conan's CMakeDeps generates, after they define
# amperity::amperity. When Conan provides Boost and OpenSSL (ConanCenter), their targets exist
# and CMakeDeps has linked them through the recipe's `requires`: nothing to do. When they are
# [platform_requires] (the system's packages, as in our offline tests), CMakeDeps generates
# nothing for them, so they are found here and linked, with the same version floors as the
# recipe. Either way a missing one stops with find_package's message naming it.
set(_amperity_platform_links "")
if(NOT TARGET Boost::json)
    find_package(Boost 1.81 REQUIRED COMPONENTS json)
    list(APPEND _amperity_platform_links Boost::json)
endif()
if(NOT TARGET OpenSSL::SSL)
    find_package(OpenSSL 3 REQUIRED)
    list(APPEND _amperity_platform_links OpenSSL::SSL OpenSSL::Crypto)
endif()
if(_amperity_platform_links AND TARGET amperity::amperity)
    set_property(TARGET amperity::amperity APPEND PROPERTY
        INTERFACE_LINK_LIBRARIES ${_amperity_platform_links})
endif()
unset(_amperity_platform_links)
