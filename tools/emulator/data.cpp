// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.

#include "data.hpp"

#include <array>
#include <chrono>
#include <cstdint>
#include <string_view>

namespace amperity::emulator::detail {

namespace {

timestamp minutes_before(timestamp t, int minutes) {
    return t - std::chrono::minutes(minutes);
}

std::vector<amperity::audit_event> make_events(timestamp boot, std::string const& tenant) {
    struct row {
        std::string_view id, type, object, object_name;
        int age_minutes;
    };
    static constexpr std::array<row, 7> rows{{
        {"ae-7Qm2Xc0001", ":workflow/run-started", "wf-emulated-00001", "Daily load", 5},
        {"ae-7Qm2Xc0002", ":segment/updated", "seg-2aB3cD4eF", "High value customers", 30},
        {"ae-7Qm2Xc0003", ":campaign/scheduled", "cc-9Zy8Xw7Vu", "Spring sale", 65},
        {"ae-7Qm2Xc0004", ":api-key/token-issued", "ak-emulator", "", 120},
        {"ae-7Qm2Xc0005", ":courier-group/updated", "cg-1AbCdEfGh", "Nightly sources", 240},
        {"ae-7Qm2Xc0006", ":user/logged-in", "user-0001", "", 600},
        {"ae-7Qm2Xc0007", ":database/published", "db-Customer360", "Customer 360", 1440},
    }};
    std::vector<amperity::audit_event> r;
    for (auto const& row : rows) {
        amperity::audit_event e;
        e.event_id = std::string(row.id);
        e.event_type = std::string(row.type);
        e.tenant = tenant;
        e.tenant_family = tenant;
        e.happened_at = minutes_before(boot, row.age_minutes);
        e.principal_id = "ak-emulator";
        e.principal_name = "amperity-emulator";
        e.principal_email = "emulator@example.com";
        e.object_id = std::string(row.object);
        if (!row.object_name.empty())
            e.object_name = std::string(row.object_name);
        e.origin_ip = "127.0.0.1";
        e.user_agent = "amperity-emulator";
        e.session_id = "sess-emulator";
        r.push_back(std::move(e));
    }
    return r;
}

std::vector<campaign_row> make_campaigns(timestamp boot) {
    std::vector<campaign_row> r;
    r.push_back({{"cc-9Zy8Xw7Vu", "Spring sale", boot + std::chrono::hours(24)}, "ptg-1AaBbCcDd"});
    r.push_back({{"cc-8Yx7Wv6Ut", "Win-back", std::nullopt}, "ptg-1AaBbCcDd"});
    r.push_back(
        {{"cc-7Xw6Vu5Ts", "Loyalty welcome", boot - std::chrono::hours(48)}, "ptg-2EeFfGgHh"});
    return r;
}

std::vector<amperity::segment> make_segments() {
    return {
        {"seg-2aB3cD4eF", "High value customers", "active"},
        {"seg-3bC4dE5fG", "Lapsed buyers", "active"},
        {"seg-4cD5eF6gH", "Newsletter subscribers", "active"},
        {"seg-5dE6fG7hI", "Test segment", "inactive"},
    };
}

std::vector<amperity::ingest_job_details> make_jobs(timestamp boot) {
    std::vector<amperity::ingest_job_details> r;
    struct row {
        std::string_view id, workflow_id, feed_id, table;
        int age_minutes;
        std::int64_t records;
    };
    static constexpr std::array<row, 3> rows{{
        {"isj-1AbCdEfGh", "wf-emulated-00001", "df-1QwErTy", "Customers", 60, 12000},
        {"isj-2BcDeFgHi", "wf-emulated-00002", "df-2AsDfGh", "Orders", 60 * 25, 48000},
        {"isj-3CdEfGhIj", "wf-emulated-00003", "df-3ZxCvBn", "Products", 60 * 49, 900},
    }};
    for (auto const& row : rows) {
        amperity::ingest_feed_details feed;
        feed.feed_id = std::string(row.feed_id);
        feed.job_id = std::string(row.id);
        feed.table_name = std::string(row.table);
        feed.state = "succeeded";
        feed.read = row.records;
        feed.errors = 2;
        feed.rejected = 1;
        feed.inserted = row.records - 3;
        feed.updated = row.records / 10;
        feed.started_at = minutes_before(boot, row.age_minutes);
        feed.ended_at = feed.started_at + std::chrono::minutes(4);
        feed.files.push_back({"file-0001", std::string(row.table) + ".csv", row.records, 2});
        r.push_back({std::string(row.id), std::string(row.workflow_id), {std::move(feed)}});
    }
    return r;
}

} // namespace

data_sets make_data_sets(timestamp boot, std::string const& tenant) {
    return {make_events(boot, tenant), make_campaigns(boot), make_segments(), make_jobs(boot)};
}

} // namespace amperity::emulator::detail
