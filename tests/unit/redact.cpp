// Included first: proves the header is self-contained.
#include <amperity/detail/redact.hpp>

#include <boost/test/unit_test.hpp>

#include <string>

namespace amperity_unit {

namespace {

using amperity::secret;
using amperity::detail::redactor;

std::string const token = "eyJhbGciOiJIUzI1NiJ9.payload-of-the-token.signature-part";

redactor with_token() {
    redactor r;
    r.add_permanent(secret(token));
    return r;
}

/// Whether any `n`-character piece of `s` occurs in `text`.
bool has_piece(std::string const& text, std::string const& s, std::size_t n = 12) {
    for (std::size_t i = 0; i + n <= s.size(); ++i)
        if (text.find(s.substr(i, n)) != std::string::npos) return true;
    return false;
}

} // namespace

BOOST_AUTO_TEST_SUITE(redact)

BOOST_AUTO_TEST_CASE(whole_secret_is_blanked) {
    auto r = with_token();
    BOOST_TEST(r.scrub("Authorization: Bearer " + token + " rejected") ==
               "Authorization: Bearer [redacted] rejected");
    BOOST_TEST(r.scrub(token + token) == "[redacted]");
}

BOOST_AUTO_TEST_CASE(twelve_character_piece_is_blanked_eleven_is_not) {
    auto r = with_token();
    auto const twelve = token.substr(20, 12);
    auto const eleven = token.substr(20, 11);
    BOOST_TEST(r.scrub("[" + twelve + "]") == "[[redacted]]");
    BOOST_TEST(r.scrub("[" + eleven + "]") == "[" + eleven + "]");
    // A prefix and a suffix, as a server that cut the token would echo them.
    auto const out = r.scrub("starts " + token.substr(0, 30) + "... ends ..." + token.substr(40));
    BOOST_TEST(!has_piece(out, token));
    BOOST_TEST(out == "starts [redacted]... ends ...[redacted]");
}

BOOST_AUTO_TEST_CASE(text_without_secrets_is_unchanged) {
    auto r = with_token();
    std::string const text = "workflow wf-1 not found (request_id 5f1d)";
    BOOST_TEST(r.scrub(text) == text);
    BOOST_TEST(redactor{}.scrub(text) == text);
}

BOOST_AUTO_TEST_CASE(scrubbed_before_the_cut) {
    auto r = with_token();
    // The token straddles byte 512: cutting first would leave a 20-character prefix.
    std::string const body = std::string(492, 'x') + token + " tail";
    auto const excerpt = r.scrub_prefix(body, 512);
    BOOST_TEST(excerpt.size() <= 512u);
    BOOST_TEST(!has_piece(excerpt, token, 4));
    BOOST_TEST(excerpt.substr(0, 492) == std::string(492, 'x'));
    BOOST_TEST(excerpt.substr(492).starts_with("[redacted]"));
}

BOOST_AUTO_TEST_CASE(short_secrets_are_matched_whole) {
    redactor r;
    r.add_permanent(secret(std::string("s3cr3t")));
    r.add_permanent(secret(std::string("abc"))); // below min_secret_length: ignored
    BOOST_TEST(r.scrub("pw=s3cr3t; abc") == "pw=[redacted]; abc");
}

BOOST_AUTO_TEST_CASE(issued_tokens_past_and_present_up_to_the_history_bound) {
    redactor r;
    std::vector<std::string> issued;
    for (int i = 0; i < 10; ++i) {
        issued.push_back("issued-token-number-" + std::to_string(i) + "-abcdefgh");
        r.add_issued(secret(issued.back()));
    }
    // The last max_history are held; older ones have expired long ago.
    for (std::size_t i = 10 - redactor::max_history; i < 10; ++i)
        BOOST_TEST(r.scrub(issued[i]) == "[redacted]");
    BOOST_TEST(r.scrub(issued[0]) != "[redacted]");
}

BOOST_AUTO_TEST_CASE(large_text_is_scrubbed) {
    auto r = with_token();
    std::string big(4u << 20, 'a');
    big.replace(3u << 20, token.size(), token);
    auto const out = r.scrub(big);
    BOOST_TEST(!has_piece(out, token));
    BOOST_TEST(out.size() == big.size() - token.size() + redactor::marker.size());
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace amperity_unit
