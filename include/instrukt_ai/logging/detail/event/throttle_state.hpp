// The budgets of a throttled event type: lock-free, allocation-free.
#pragma once

#include <instrukt_ai/logging/detail/event/event_codec.hpp>
#include <instrukt_ai/logging/detail/event/event_checks.hpp>
#include <instrukt_ai/logging/detail/event/extras.hpp>
#include <instrukt_ai/logging/detail/event/field_names.hpp>
#include <instrukt_ai/logging/throttle.hpp>

#include <instrukt_ai/logging/detail/event/tie.hpp>

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <string_view>
#include <type_traits>

namespace instrukt_ai::logging::detail {

template <class Event>
concept throttled_event = requires { Event::throttle; };

template <class Event, fixed_string Key>
struct throttle_key_is_not_a_field_of_the_event {
  static_assert(always_false<Event>,
                "instrukt_ai::logging: throttle_info's third argument names the field whose values get their "
                "own budgets; this event has no field of that name.");
  static constexpr std::size_t value = 0;
};

template <class Event>
constexpr std::size_t throttle_key_index() {
  constexpr std::string_view by = Event::throttle.by;
  constexpr auto names = field_names<Event>;
  for (std::size_t i = 0; i < names.size(); ++i)
    if (names[i] == by) return i;
  return names.size();
}

template <class Event>
constexpr bool throttle_key_ok() {
  constexpr std::string_view by = Event::throttle.by;
  if constexpr (by.empty() || throttle_key_index<Event>() < field_names<Event>.size()) {
    return true;
  } else {
    constexpr fixed_string<by.size()> key{by};
    return throttle_key_is_not_a_field_of_the_event<Event, key>::value != 0;
  }
}

// Atomic budget of one window: window number (40 bits) and lines written in it (24 bits).
struct throttle_slot {
  alignas(64) std::atomic<std::uint64_t> window_and_count{0};
  std::atomic<std::uint64_t> suppressed{0};
  std::atomic<std::uint64_t> logger_bits{0};  // the logger of the latest suppressed line
};

// A throttled event type's counts not yet written. The writer writes each
// slot's count at flush() and at shutdown, as a line of the event's name and
// level with only suppressed=<count>, so no suppressed line goes uncounted
// (src/writer/suppressed_counts.cpp).
struct throttle_pending {
  const descriptor* line;  // the suppressed-only line
  throttle_slot* slots;
  std::size_t slot_count;
  std::atomic<bool> listed{false};
  throttle_pending* next = nullptr;
};
// Lists t for the writer, once (lock-free; the first suppression calls it).
void list_throttle(throttle_pending& t) noexcept;

// The line of a throttled event that carries only its suppressed count.
template <class Event>
inline constexpr descriptor suppressed_only_descriptor{
    Event::event.name,
    Event::event.severity,
    line_fragments<Event>::msg(),
    event_codec<throttled_extra>::fields,
    &event_codec<throttled_extra>::formatter::format,
    line_fragments<throttled_extra>::keys.data(),
};

template <class Event>
struct throttle_state {
  static constexpr bool keyed = !Event::throttle.by.empty();
  static constexpr std::size_t slots = keyed ? 64 : 1;
  static constexpr std::size_t key_index = keyed ? throttle_key_index<Event>() : 0;
  static_assert(throttle_key_ok<Event>(), "see the error above");
  static inline std::array<throttle_slot, slots> budget{};
  static inline throttle_pending pending{&suppressed_only_descriptor<Event>, budget.data(), slots};

  static std::size_t slot_of(const Event& e) noexcept {
    if constexpr (!keyed) {
      return 0;
    } else {
      const auto& v = get_field<key_index>(e);
      using V = std::remove_cvref_t<decltype(v)>;
      std::size_t h;
      if constexpr (std::is_convertible_v<const V&, std::string_view>) h = std::hash<std::string_view>{}(v);
      else if constexpr (std::is_enum_v<V>) h = std::hash<std::underlying_type_t<V>>{}(static_cast<std::underlying_type_t<V>>(v));
      else if constexpr (std::is_integral_v<V>) h = std::hash<V>{}(v);
      else static_assert(always_false<V>, "instrukt_ai::logging: a throttle key must be an integer, enum or string field");
      return (h ^ (h >> 17) ^ (h >> 31)) % slots;
    }
  }

  // 0 when the line may not be written; else 1 + the count suppressed since the last written line.
  static std::uint64_t admit(const Event& e, std::uint64_t logger_bits) noexcept {
    throttle_slot& s = budget[slot_of(e)];
    const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now().time_since_epoch());
    const std::uint64_t window = static_cast<std::uint64_t>(now / Event::throttle.per) & ((std::uint64_t{1} << 40) - 1);
    std::uint64_t cur = s.window_and_count.load(std::memory_order_relaxed);
    while (true) {
      std::uint64_t next;
      if ((cur >> 24) != window) next = (window << 24) | 1;
      else if ((cur & 0xffffff) < Event::throttle.lines) next = cur + 1;
      else {
        s.logger_bits.store(logger_bits, std::memory_order_relaxed);
        s.suppressed.fetch_add(1, std::memory_order_relaxed);
        if (!pending.listed.load(std::memory_order_relaxed)) [[unlikely]] list_throttle(pending);
        return 0;
      }
      if (s.window_and_count.compare_exchange_weak(cur, next, std::memory_order_relaxed)) break;
    }
    return 1 + s.suppressed.exchange(0, std::memory_order_relaxed);
  }
};

}  // namespace instrukt_ai::logging::detail
