// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.
#ifndef AMPERITY_OBSERVERS_HPP
#define AMPERITY_OBSERVERS_HPP

// Ready observers (observer.hpp) for logging and metrics, and a fan-out to use several:
//
//     auto metrics = std::make_shared<amperity::metrics_observer>();
//     opts.observer = std::make_shared<amperity::observer_list>(
//         std::vector<std::shared_ptr<amperity::observer>>{
//             std::make_shared<amperity::json_lines_observer>(
//                 [](std::string_view line) { std::clog << line << '\n'; }),
//             metrics});
//     ...
//     http_reply(metrics->to_prometheus()); // from any thread
//
// One client_options::observer, and observer_list to combine: the client stays with one
// pointer to test for (zero cost when null), and the order of the observers is the caller's.

#include <amperity/condition.hpp>
#include <amperity/error.hpp>
#include <amperity/observer.hpp>

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <boost/system/error_code.hpp>

#include <array>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace amperity {

/// The snake_case name of a condition ("outcome_unknown", "api_server_error", ...), as the
/// adapters below write it.
constexpr std::string_view condition_name(condition c) noexcept {
    switch (c) {
    case condition::none: return "none";
    case condition::configuration: return "configuration";
    case condition::validation: return "validation";
    case condition::transport: return "transport";
    case condition::decode: return "decode";
    case condition::api_client_error: return "api_client_error";
    case condition::api_server_error: return "api_server_error";
    case condition::outcome_unknown: return "outcome_unknown";
    case condition::cancelled: return "cancelled";
    case condition::deadline: return "deadline";
    case condition::limit_reached: return "limit_reached";
    case condition::other: return "other";
    }
    return "other";
}

namespace detail {

/// `s` as valid UTF-8: each byte that does not start a well-formed sequence (RFC 3629: no
/// overlongs, no surrogates, nothing past U+10FFFF) becomes U+FFFD. A JSON text must be UTF-8,
/// and the serializer copies bytes as they are.
inline std::string valid_utf8(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    std::size_t i = 0;
    while (i < s.size()) {
        auto const b = static_cast<unsigned char>(s[i]);
        std::size_t n = 0;
        unsigned char lo = 0x80, hi = 0xBF;
        if (b < 0x80) n = 1;
        else if (b >= 0xC2 && b <= 0xDF) n = 2;
        else if (b >= 0xE0 && b <= 0xEF) {
            n = 3;
            if (b == 0xE0) lo = 0xA0;
            if (b == 0xED) hi = 0x9F;
        } else if (b >= 0xF0 && b <= 0xF4) {
            n = 4;
            if (b == 0xF0) lo = 0x90;
            if (b == 0xF4) hi = 0x8F;
        }
        bool ok = n != 0 && i + n <= s.size();
        for (std::size_t k = 1; ok && k < n; ++k) {
            auto const c = static_cast<unsigned char>(s[i + k]);
            ok = k == 1 ? (c >= lo && c <= hi) : (c >= 0x80 && c <= 0xBF);
        }
        if (ok) {
            out.append(s.substr(i, n));
            i += n;
        } else {
            out.append("\xEF\xBF\xBD");
            ++i;
        }
    }
    return out;
}

} // namespace detail

/// Calls every observer of a list in order; one that throws does not keep the others from
/// seeing the event. Immutable after construction, so safe to share between clients.
class observer_list final : public observer {
public:
    /// The observers, called in this order.
    explicit observer_list(std::vector<std::shared_ptr<observer>> observers)
        : observers_(std::move(observers)) {}
    /// @copydoc observer_list(std::vector<std::shared_ptr<observer>>)
    observer_list(std::initializer_list<std::shared_ptr<observer>> observers)
        : observers_(observers) {}

    void on_attempt(attempt_event const& e) override { each(&observer::on_attempt, e); }
    void on_response(response_event const& e) override { each(&observer::on_response, e); }
    void on_retry(retry_event const& e) override { each(&observer::on_retry, e); }
    void on_outcome(outcome_event const& e) override { each(&observer::on_outcome, e); }

private:
    template <class Event>
    void each(void (observer::*hook)(Event const&), Event const& e) noexcept {
        for (auto const& o : observers_) {
            if (!o) continue;
            try {
                (o.get()->*hook)(e);
            } catch (...) {
            }
        }
    }

    std::vector<std::shared_ptr<observer>> observers_;
};

/// One JSON object per event, on one line (no newline added), handed to `sink`:
///
///     {"event":"attempt","operation":"get-workflow","call_id":7,"attempt":1,"method":"GET",
///      "path":"/workflow/runs/{workflow-id}","target":"/api/workflow/runs/wf-1"}
///     {"event":"response","operation":"get-workflow","call_id":7,"attempt":1,"status":503,
///      "error":"503 Service Unavailable","kind":"api_server_error","latency_ms":1.9,
///      "bytes":87,"request_id":"req-42","connection_reused":true}
///     {"event":"retry","operation":"get-workflow","call_id":7,"attempt":1,
///      "reason":"503 Service Unavailable","kind":"api_server_error",
///      "text":"the server answered 503","delay_ms":120}
///     {"event":"outcome","operation":"get-workflow","call_id":7,"attempts":2,"status":200,
///      "kind":"none","latency_ms":130.4}
///
/// Written with Boost.JSON's serializer: every line is valid JSON, whatever the strings hold.
/// No secret can appear: the events carry none (observer.hpp). Empty strings, and connection
/// flags that are false or zero, are left out.
/// The sink runs on the client's executor; one shared by clients on several threads must
/// synchronise itself. A sink that throws is ignored like any observer.
class json_lines_observer final : public observer {
public:
    /// Receives each line (one JSON object, no newline).
    using sink_type = std::function<void(std::string_view line)>;
    /// Writes every event to `sink`.
    explicit json_lines_observer(sink_type sink) : sink_(std::move(sink)) {}

    void on_attempt(attempt_event const& e) override {
        auto o = start("attempt", e);
        o["attempt"] = e.attempt;
        o["method"] = detail::valid_utf8(e.method);
        o["path"] = detail::valid_utf8(e.path_template);
        o["target"] = detail::valid_utf8(e.target);
        if (!e.traceparent.empty()) o["traceparent"] = detail::valid_utf8(e.traceparent);
        emit(o);
    }
    void on_response(response_event const& e) override {
        auto o = start("response", e);
        o["attempt"] = e.attempt;
        o["status"] = e.status;
        add_error(o, "error", e.error, e.status);
        o["latency_ms"] = milliseconds(e.latency);
        o["bytes"] = e.bytes;
        if (!e.request_id.empty()) o["request_id"] = detail::valid_utf8(e.request_id);
        if (!e.trace_id.empty()) o["trace_id"] = detail::valid_utf8(e.trace_id);
        if (e.connection.reused) o["connection_reused"] = true;
        if (e.connection.tls_resumed) o["tls_resumed"] = true;
        if (e.connection.replaced != 0) o["connection_replaced"] = e.connection.replaced;
        emit(o);
    }
    void on_retry(retry_event const& e) override {
        auto o = start("retry", e);
        o["attempt"] = e.attempt;
        o["reason"] = detail::valid_utf8(e.reason.message());
        o["kind"] = condition_name(e.kind);
        if (!e.text.empty()) o["text"] = detail::valid_utf8(e.text);
        o["delay_ms"] = e.delay.count();
        emit(o);
    }
    void on_outcome(outcome_event const& e) override {
        auto o = start("outcome", e);
        o["attempts"] = e.attempts;
        o["status"] = e.status;
        add_error(o, "error", e.error, e.status);
        o["kind"] = condition_name(e.kind);
        o["latency_ms"] = milliseconds(e.latency);
        emit(o);
    }

private:
    static boost::json::object start(std::string_view event, call_event_base const& e) {
        boost::json::object o;
        o["event"] = event;
        o["operation"] = detail::valid_utf8(e.operation);
        o["call_id"] = e.call_id;
        return o;
    }
    static void add_error(boost::json::object& o, std::string_view key,
                          boost::system::error_code ec, unsigned status) {
        if (!ec) return;
        o[key] = detail::valid_utf8(ec.message());
        o["kind"] = condition_name(classify(ec, status));
    }
    static double milliseconds(std::chrono::microseconds d) {
        return static_cast<double>(d.count()) / 1000.0;
    }
    void emit(boost::json::object const& o) {
        if (sink_) sink_(boost::json::serialize(o));
    }

    sink_type sink_;
};

/// Counters and a latency histogram of a client's calls, safe to read from any thread while
/// calls run (relaxed atomics: each counter is exact, a snapshot is not one instant across
/// counters). Share one between clients to count them together.
///
///     auto m = std::make_shared<amperity::metrics_observer>();
///     opts.observer = m;
///     ...
///     auto s = m->snapshot();          // s.calls, s.retries, s.outcome_unknown, ...
///     std::string text = m->to_prometheus();
class metrics_observer final : public observer {
public:
    /// Upper bounds (inclusive, milliseconds) of the call-latency histogram buckets; a last
    /// bucket (+Inf) takes the rest. Fixed, so dashboards can rely on them.
    static constexpr std::array<std::int64_t, 12> latency_bounds_ms{
        5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000};
    /// The retry reasons counted apiece; any other reason counts as "other".
    static constexpr std::array<errc, 8> retry_reasons{
        errc::connection_failed,        errc::connection_lost,      errc::invalid_response,
        errc::http_unauthorized,        errc::http_too_many_requests, errc::http_bad_gateway,
        errc::http_service_unavailable, errc::http_gateway_timeout};
    /// The names of retry_reasons, then "other": the label values of the retries counter.
    static constexpr std::array<std::string_view, 9> retry_reason_names{
        "connection_failed",        "connection_lost",      "invalid_response",
        "http_unauthorized",        "http_too_many_requests", "http_bad_gateway",
        "http_service_unavailable", "http_gateway_timeout", "other"};
    /// How many amperity::condition values there are.
    static constexpr std::size_t condition_count = static_cast<std::size_t>(condition::other) + 1;

    /// The counters at one moment (each read atomically).
    struct snapshot_type {
        std::uint64_t calls = 0;           ///< calls completed (outcome events)
        std::uint64_t failed_calls = 0;    ///< of which ended in an error
        std::uint64_t attempts = 0;        ///< attempts started
        std::uint64_t retries = 0;         ///< retries decided (sum of retries_by_reason)
        std::uint64_t outcome_unknown = 0; ///< calls ended in condition::outcome_unknown
        /// Indexed like retry_reason_names.
        std::array<std::uint64_t, retry_reason_names.size()> retries_by_reason{};
        /// Failed calls by condition, indexed by the condition's value (none stays 0).
        std::array<std::uint64_t, condition_count> errors_by_condition{};
        /// Calls per latency bucket (not cumulative), indexed like latency_bounds_ms, plus +Inf.
        std::array<std::uint64_t, latency_bounds_ms.size() + 1> latency_buckets{};
        std::uint64_t latency_sum_us = 0; ///< the latencies of all calls, summed
        /// Attempts sent on a pooled keep-alive connection (response_event::connection).
        std::uint64_t connections_reused = 0;
        /// Attempts on a new connection whose TLS session was resumed.
        std::uint64_t tls_resumptions = 0;
        /// Pooled connections found closed by the server and replaced within an attempt.
        std::uint64_t connections_replaced = 0;

        /// Failed calls of kind `c`.
        std::uint64_t errors(condition c) const noexcept {
            return errors_by_condition[static_cast<std::size_t>(c)];
        }
        /// Retries for `reason` (one of retry_reasons; any other gives the "other" count).
        std::uint64_t retries_for(errc reason) const noexcept {
            return retries_by_reason[reason_index(reason)];
        }
    };

    void on_attempt(attempt_event const&) override { add(attempts_); }
    void on_response(response_event const& e) override {
        if (e.connection.reused) add(connections_reused_);
        if (e.connection.tls_resumed) add(tls_resumptions_);
        if (e.connection.replaced != 0)
            connections_replaced_.fetch_add(e.connection.replaced, std::memory_order_relaxed);
    }
    void on_retry(retry_event const& e) override {
        add(retries_);
        errc reason = errc::ok;
        if (e.reason.category() == error_category()) reason = static_cast<errc>(e.reason.value());
        add(retries_by_reason_[reason_index(reason)]);
    }
    void on_outcome(outcome_event const& e) override {
        add(calls_);
        if (e.error) {
            add(failed_calls_);
            add(errors_by_condition_[static_cast<std::size_t>(e.kind)]);
        }
        if (e.kind == condition::outcome_unknown) add(outcome_unknown_);
        auto const us = e.latency.count() < 0 ? 0 : e.latency.count();
        std::size_t b = 0;
        while (b < latency_bounds_ms.size() && us > latency_bounds_ms[b] * 1000) ++b;
        add(latency_buckets_[b]);
        latency_sum_us_.fetch_add(static_cast<std::uint64_t>(us), std::memory_order_relaxed);
    }

    /// The counters now; safe to call from any thread while calls run.
    snapshot_type snapshot() const noexcept {
        snapshot_type s;
        s.calls = get(calls_);
        s.failed_calls = get(failed_calls_);
        s.attempts = get(attempts_);
        s.retries = get(retries_);
        s.outcome_unknown = get(outcome_unknown_);
        for (std::size_t i = 0; i < s.retries_by_reason.size(); ++i)
            s.retries_by_reason[i] = get(retries_by_reason_[i]);
        for (std::size_t i = 0; i < s.errors_by_condition.size(); ++i)
            s.errors_by_condition[i] = get(errors_by_condition_[i]);
        for (std::size_t i = 0; i < s.latency_buckets.size(); ++i)
            s.latency_buckets[i] = get(latency_buckets_[i]);
        s.latency_sum_us = get(latency_sum_us_);
        s.connections_reused = get(connections_reused_);
        s.tls_resumptions = get(tls_resumptions_);
        s.connections_replaced = get(connections_replaced_);
        return s;
    }

    /// The counters in the Prometheus text exposition format (version 0.0.4):
    /// amperity_calls_total, amperity_call_errors_total{condition}, amperity_attempts_total,
    /// amperity_retries_total{reason}, amperity_outcome_unknown_total, the histogram
    /// amperity_call_duration_seconds (buckets le = latency_bounds_ms / 1000, +Inf), and
    /// amperity_connections_reused_total, amperity_tls_resumptions_total and
    /// amperity_connections_replaced_total.
    std::string to_prometheus() const {
        auto const s = snapshot();
        std::string out;
        auto metric = [&](std::string_view name, std::string_view type, std::string_view help) {
            out.append("# HELP ").append(name).append(" ").append(help).append("\n");
            out.append("# TYPE ").append(name).append(" ").append(type).append("\n");
        };
        auto sample = [&](std::string_view name, std::string_view labels, std::uint64_t v) {
            out.append(name);
            if (!labels.empty()) out.append("{").append(labels).append("}");
            out.append(" ").append(std::to_string(v)).append("\n");
        };
        metric("amperity_calls_total", "counter", "Amperity API calls completed.");
        sample("amperity_calls_total", "", s.calls);
        metric("amperity_call_errors_total", "counter",
               "Amperity API calls that ended in an error, by condition.");
        for (std::size_t i = 1; i < s.errors_by_condition.size(); ++i)
            sample("amperity_call_errors_total",
                   "condition=\"" + std::string(condition_name(static_cast<condition>(i))) + "\"",
                   s.errors_by_condition[i]);
        metric("amperity_attempts_total", "counter", "HTTP attempts started.");
        sample("amperity_attempts_total", "", s.attempts);
        metric("amperity_retries_total", "counter", "Retries, by the failure retried.");
        for (std::size_t i = 0; i < s.retries_by_reason.size(); ++i)
            sample("amperity_retries_total",
                   "reason=\"" + std::string(retry_reason_names[i]) + "\"",
                   s.retries_by_reason[i]);
        metric("amperity_outcome_unknown_total", "counter",
               "Non-idempotent calls sent whose outcome is unknown.");
        sample("amperity_outcome_unknown_total", "", s.outcome_unknown);
        metric("amperity_call_duration_seconds", "histogram",
               "Duration of whole calls, retries included.");
        std::uint64_t cumulative = 0;
        for (std::size_t i = 0; i < s.latency_buckets.size(); ++i) {
            cumulative += s.latency_buckets[i];
            std::string le = "+Inf";
            if (i < latency_bounds_ms.size()) le = seconds_text(latency_bounds_ms[i]);
            sample("amperity_call_duration_seconds_bucket", "le=\"" + le + "\"", cumulative);
        }
        out.append("amperity_call_duration_seconds_sum ")
            .append(seconds_text_us(s.latency_sum_us))
            .append("\n");
        sample("amperity_call_duration_seconds_count", "", cumulative);
        metric("amperity_connections_reused_total", "counter",
               "Attempts sent on a pooled keep-alive connection.");
        sample("amperity_connections_reused_total", "", s.connections_reused);
        metric("amperity_tls_resumptions_total", "counter",
               "New connections whose TLS session was resumed.");
        sample("amperity_tls_resumptions_total", "", s.tls_resumptions);
        metric("amperity_connections_replaced_total", "counter",
               "Pooled connections found closed by the server and replaced by a fresh one.");
        sample("amperity_connections_replaced_total", "", s.connections_replaced);
        return out;
    }

private:
    static constexpr std::size_t reason_index(errc reason) noexcept {
        for (std::size_t i = 0; i < retry_reasons.size(); ++i)
            if (retry_reasons[i] == reason) return i;
        return retry_reasons.size();
    }
    static void add(std::atomic<std::uint64_t>& c) noexcept {
        c.fetch_add(1, std::memory_order_relaxed);
    }
    static std::uint64_t get(std::atomic<std::uint64_t> const& c) noexcept {
        return c.load(std::memory_order_relaxed);
    }
    // Exact decimal text (no floating point): "0.005", "30", ...
    static std::string seconds_text(std::int64_t ms) {
        return seconds_text_us(static_cast<std::uint64_t>(ms) * 1000);
    }
    static std::string seconds_text_us(std::uint64_t us) {
        std::string frac = std::to_string(us % 1000000);
        frac.insert(0, 6 - frac.size(), '0');
        while (!frac.empty() && frac.back() == '0') frac.pop_back();
        std::string r = std::to_string(us / 1000000);
        if (!frac.empty()) r += "." + frac;
        return r;
    }

    std::atomic<std::uint64_t> calls_{0}, failed_calls_{0}, attempts_{0}, retries_{0},
        outcome_unknown_{0}, latency_sum_us_{0}, connections_reused_{0}, tls_resumptions_{0},
        connections_replaced_{0};
    std::array<std::atomic<std::uint64_t>, retry_reason_names.size()> retries_by_reason_{};
    std::array<std::atomic<std::uint64_t>, condition_count> errors_by_condition_{};
    std::array<std::atomic<std::uint64_t>, latency_bounds_ms.size() + 1> latency_buckets_{};
};

} // namespace amperity

#endif // AMPERITY_OBSERVERS_HPP
