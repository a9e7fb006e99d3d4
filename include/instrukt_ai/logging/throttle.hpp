// Throttling: at most `lines` lines per `per` for an event type, optionally
// counted separately per value of one field. Lines over the budget are
// counted, not written; the next line written carries suppressed=<count>.
//
//   struct CacheMiss {
//     static constexpr ial::event_info event{"cache_miss", ial::level::info};
//     static constexpr ial::throttle_info throttle{10, std::chrono::seconds(1), "user_id"};
//     std::string_view user_id;
//   };
//
// Windows are fixed (aligned to multiples of `per` on the steady clock), so
// up to 2 x lines can appear within one `per` across a window boundary. With
// a key, values share 64 budgets by hash: two values in one budget share it.
#pragma once

#include <instrukt_ai/logging/detail/event/naming_rules.hpp>

#include <chrono>
#include <cstdint>
#include <string_view>

namespace instrukt_ai::logging {

namespace detail {
void throttle_lines_must_be_at_least_1_and_per_at_least_1_ms();
void throttle_key_must_be_a_snake_case_field_name();
}  // namespace detail

struct throttle_info {
  std::uint32_t lines;
  std::chrono::milliseconds per;
  std::string_view by;  // a field name, or empty: one budget for the event type

  consteval throttle_info(std::uint32_t max_lines, std::chrono::milliseconds interval, std::string_view key = {})
      : lines(max_lines), per(interval), by(key) {
    if (lines == 0 || lines >= (1u << 24) || per.count() <= 0)
      detail::throttle_lines_must_be_at_least_1_and_per_at_least_1_ms();
    if (!by.empty() && !detail::is_snake_case(by)) detail::throttle_key_must_be_a_snake_case_field_name();
  }
};

}  // namespace instrukt_ai::logging
