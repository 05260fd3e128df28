// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.

// The emulator's TLS material, generated at start with OpenSSL 3: a self-signed CA and a leaf
// certificate it signed. Clients trust the CA (server::ca_pem / write_ca) exactly as they would
// trust a private CA in production, so the emulator exercises real certificate verification,
// hostname checks included, instead of "insecure" switches.

#include "certificate.hpp"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <arpa/inet.h>

#include <array>
#include <memory>
#include <stdexcept>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <utility>
#include <vector>

namespace amperity::emulator::detail {

namespace {

template <class T, void (*Free)(T*)>
struct deleter {
    void operator()(T* p) const noexcept { Free(p); }
};
using pkey_ptr = std::unique_ptr<EVP_PKEY, deleter<EVP_PKEY, EVP_PKEY_free>>;
using x509_ptr = std::unique_ptr<X509, deleter<X509, X509_free>>;
using name_ptr = std::unique_ptr<X509_NAME, deleter<X509_NAME, X509_NAME_free>>;
using bio_ptr = std::unique_ptr<BIO, deleter<BIO, BIO_free_all>>;
using bn_ptr = std::unique_ptr<BIGNUM, deleter<BIGNUM, BN_free>>;
using ext_ptr = std::unique_ptr<X509_EXTENSION, deleter<X509_EXTENSION, X509_EXTENSION_free>>;

[[noreturn]] void fail(std::string const& what) {
    std::string msg = "amperity-emulator: certificate generation failed: " + what;
    if (unsigned long e = ERR_get_error(); e != 0) {
        std::array<char, 256> buf{};
        ERR_error_string_n(e, buf.data(), buf.size());
        msg += " (";
        msg += buf.data();
        msg += ")";
    }
    throw std::runtime_error(msg);
}

void check(int ok, char const* what) {
    if (ok != 1)
        fail(what);
}

pkey_ptr make_key() {
    // EVP_EC_gen is a macro with a C-style cast; this is what it expands to.
    pkey_ptr key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
    if (!key)
        fail("EC P-256 key generation");
    return key;
}

bool is_ip_address(std::string const& name) {
    std::array<unsigned char, 16> buf{};
    return inet_pton(AF_INET, name.c_str(), buf.data()) == 1 ||
           inet_pton(AF_INET6, name.c_str(), buf.data()) == 1;
}

/// The names go into an OpenSSL configuration string, so only characters that cannot change
/// its meaning are allowed (no ',' or '@').
void check_name(std::string const& name) {
    bool ok = !name.empty() && name.size() <= 253;
    for (char c : name)
        ok = ok && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '-' || c == ':' || c == '*' || c == '_');
    if (!ok)
        throw std::invalid_argument("amperity-emulator: bad certificate name \"" + name + "\"");
}

name_ptr make_name(std::string const& common_name) {
    name_ptr name(X509_NAME_new());
    if (!name)
        fail("X509_NAME_new");
    auto add = [&](char const* field, std::string const& value) {
        check(X509_NAME_add_entry_by_txt(name.get(), field, MBSTRING_UTF8,
                                         reinterpret_cast<unsigned char const*>(value.c_str()), -1,
                                         -1, 0),
              "X509_NAME_add_entry_by_txt");
    };
    add("O", "amperity-emulator");
    add("CN", common_name);
    return name;
}

void add_extension(X509* cert, X509V3_CTX* ctx, int nid, std::string const& value) {
    ext_ptr ext(X509V3_EXT_conf_nid(nullptr, ctx, nid, value.c_str()));
    if (!ext)
        fail("extension " + value);
    check(X509_add_ext(cert, ext.get(), -1), "X509_add_ext");
}

/// A certificate for `key` named `subject`, signed by `issuer_key` (issuer == nullptr: self).
x509_ptr make_certificate(EVP_PKEY* key, std::string const& subject, X509* issuer,
                          EVP_PKEY* issuer_key,
                          std::vector<std::pair<int, std::string>> const& extensions) {
    x509_ptr cert(X509_new());
    if (!cert)
        fail("X509_new");
    check(X509_set_version(cert.get(), X509_VERSION_3), "X509_set_version");

    // 159 random bits: positive and at most 20 octets, as RFC 5280 requires.
    std::array<unsigned char, 20> serial{};
    check(RAND_bytes(serial.data(), static_cast<int>(serial.size())), "RAND_bytes");
    serial[0] &= 0x7f;
    bn_ptr bn(BN_bin2bn(serial.data(), static_cast<int>(serial.size()), nullptr));
    if (!bn || !BN_to_ASN1_INTEGER(bn.get(), X509_get_serialNumber(cert.get())))
        fail("serial number");

    // An hour of slack for clocks that are a little behind.
    if (!X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600) ||
        !X509_gmtime_adj(X509_getm_notAfter(cert.get()), 24L * 3600))
        fail("validity");
    check(X509_set_pubkey(cert.get(), key), "X509_set_pubkey");
    auto name = make_name(subject);
    check(X509_set_subject_name(cert.get(), name.get()), "X509_set_subject_name");
    check(X509_set_issuer_name(cert.get(), issuer ? X509_get_subject_name(issuer) : name.get()),
          "X509_set_issuer_name");

    X509V3_CTX ctx{};
    X509V3_set_ctx(&ctx, issuer ? issuer : cert.get(), cert.get(), nullptr, nullptr, 0);
    for (auto const& [nid, value] : extensions)
        add_extension(cert.get(), &ctx, nid, value);

    if (X509_sign(cert.get(), issuer_key, EVP_sha256()) <= 0)
        fail("X509_sign");
    return cert;
}

std::string read_all(BIO* bio) {
    char* data = nullptr;
    // BIO_get_mem_data is a macro with a C-style cast; this is what it expands to.
    long const n = BIO_ctrl(bio, BIO_CTRL_INFO, 0, static_cast<void*>(&data));
    if (n <= 0 || !data)
        fail("BIO_get_mem_data");
    return std::string(data, static_cast<std::size_t>(n));
}

std::string to_pem(X509* cert) {
    bio_ptr bio(BIO_new(BIO_s_mem()));
    if (!bio)
        fail("BIO_new");
    check(PEM_write_bio_X509(bio.get(), cert), "PEM_write_bio_X509");
    return read_all(bio.get());
}

std::string to_pem(EVP_PKEY* key) {
    bio_ptr bio(BIO_new(BIO_s_mem()));
    if (!bio)
        fail("BIO_new");
    check(PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr),
          "PEM_write_bio_PrivateKey");
    return read_all(bio.get());
}

} // namespace

tls_material make_tls_material(std::vector<std::string> const& names) {
    if (names.empty())
        throw std::invalid_argument("amperity-emulator: cert_names is empty");
    std::string san;
    for (auto const& name : names) {
        check_name(name);
        if (!san.empty())
            san += ',';
        san += (is_ip_address(name) ? "IP:" : "DNS:") + name;
    }

    auto ca_key = make_key();
    auto ca = make_certificate(ca_key.get(), "amperity-emulator CA", nullptr, ca_key.get(),
                               {{NID_basic_constraints, "critical,CA:TRUE,pathlen:0"},
                                {NID_key_usage, "critical,keyCertSign,cRLSign"},
                                {NID_subject_key_identifier, "hash"}});

    auto leaf_key = make_key();
    auto leaf = make_certificate(leaf_key.get(), names.front(), ca.get(), ca_key.get(),
                                 {{NID_basic_constraints, "critical,CA:FALSE"},
                                  {NID_key_usage, "critical,digitalSignature"},
                                  {NID_ext_key_usage, "serverAuth"},
                                  {NID_subject_key_identifier, "hash"},
                                  {NID_authority_key_identifier, "keyid:always"},
                                  {NID_subject_alt_name, san}});

    return {to_pem(ca.get()), to_pem(leaf.get()), to_pem(leaf_key.get())};
}

tls_material load_or_make_tls_material(std::string const& dir,
                                       std::vector<std::string> const& names) {
    if (dir.empty()) return make_tls_material(names);
    namespace fs = std::filesystem;
    fs::path const d(dir);
    auto read = [](fs::path const& p) {
        std::ifstream in(p, std::ios::binary);
        if (!in) throw std::runtime_error("amperity-emulator: cannot read " + p.string());
        return std::string((std::istreambuf_iterator<char>(in)), {});
    };
    if (fs::exists(d / "ca.pem") && fs::exists(d / "cert.pem") && fs::exists(d / "key.pem"))
        return tls_material{read(d / "ca.pem"), read(d / "cert.pem"), read(d / "key.pem")};
    auto m = make_tls_material(names);
    std::error_code ec;
    fs::create_directories(d, ec);
    auto write = [](fs::path const& p, std::string const& text) {
        std::ofstream out(p, std::ios::binary | std::ios::trunc);
        if (!(out << text)) throw std::runtime_error("amperity-emulator: cannot write " + p.string());
    };
    write(d / "ca.pem", m.ca_pem);
    write(d / "cert.pem", m.cert_pem);
    write(d / "key.pem", "");
    fs::permissions(d / "key.pem", fs::perms::owner_read | fs::perms::owner_write,
                    fs::perm_options::replace, ec);
    write(d / "key.pem", m.key_pem);
    return m;
}

} // namespace amperity::emulator::detail
