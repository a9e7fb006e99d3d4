// Checks that numbered events were each written exactly once, in order.
#pragma once

#include "log_file.hpp"
#include "numbered.hpp"

#include <instrukt_ai/logging/logfmt.hpp>

#include <catch2/catch.hpp>

#include <string>
#include <vector>

namespace test_support {

// Every line well-formed, and each thread's events there exactly once, in the
// order it logged them ("gated" lines of the writer-stalling tests are skipped).
inline void check_numbered(const std::vector<std::string>& lines, const std::string& logger, std::size_t threads,
                           std::uint64_t per) {
  std::vector<std::vector<std::uint64_t>> seen(threads);
  std::size_t malformed = 0;
  for (const auto& line : lines) {
    if (instrukt_ai::logging::logfmt::parse_line(line).error || !has_timestamp_prefix(line)) {
      ++malformed;
      continue;
    }
    auto f = fields(line);
    if (f["msg"] == "gated") continue;
    if (f["msg"] != "numbered" || f["level"] != "INFO" || f["logger"] != logger || f.size() != 6) {
      ++malformed;
      continue;
    }
    const auto t = std::stoul(f["thread"]);
    if (t >= threads) {
      ++malformed;
      continue;
    }
    seen[t].push_back(std::stoull(f["seq"]));
  }
  CHECK(malformed == 0);
  for (std::size_t t = 0; t < threads; ++t) {
    INFO("thread " << t);
    REQUIRE(seen[t].size() == per);  // each event exactly once ...
    bool in_order = true;
    for (std::uint64_t i = 0; i < per; ++i) in_order = in_order && seen[t][i] == i;
    CHECK(in_order);  // ... and in the order its thread logged it
  }
}

}  // namespace test_support
