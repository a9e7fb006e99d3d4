// An aggregate event's counters: one cell per thread and logger, summed by
// the writer (src/writer/aggregates.cpp) once per interval.
#pragma once

#include <instrukt_ai/logging/aggregate.hpp>
#include <instrukt_ai/logging/detail/event/event_codec.hpp>
#include <instrukt_ai/logging/detail/event/event_checks.hpp>

#include <instrukt_ai/logging/detail/event/tie.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <tuple>
#include <type_traits>

namespace instrukt_ai::logging::detail {

struct logger_core;

template <class Event>
concept aggregate_event = requires { Event::aggregate; };

template <class T>
struct sum_of {
  using type = std::conditional_t<std::is_floating_point_v<T>, double,
                                  std::conditional_t<std::is_signed_v<T>, std::int64_t, std::uint64_t>>;
};
template <class Rep, class Period>
struct sum_of<std::chrono::duration<Rep, Period>> {
  using type = std::chrono::duration<typename sum_of<Rep>::type, Period>;
};

// The number a sum is kept as in a cell: the sum itself, or a duration's count.
template <class T>
struct raw_of {
  using type = T;
};
template <class Rep, class Period>
struct raw_of<std::chrono::duration<Rep, Period>> {
  using type = Rep;
};

template <class T>
inline constexpr bool summable = (std::is_arithmetic_v<T> && !std::is_same_v<T, bool> && !std::is_same_v<T, char>);
template <class Rep, class Period>
inline constexpr bool summable<std::chrono::duration<Rep, Period>> = summable<Rep>;

template <class Event, fixed_string Key, class FieldType>
struct aggregate_field_is_not_a_number {
  static_assert(always_false<Event>,
                "instrukt_ai::logging: an aggregate event's fields are summed, so each must be an integer, a "
                "floating-point number or a std::chrono::duration. Drop the field, or log a separate event.");
  static constexpr bool value = false;
};

template <class Event, std::size_t I>
constexpr bool aggregate_field_ok() {
  using T = field_type<Event, I>;
  if constexpr (summable<T>) {
    return true;
  } else {
    constexpr std::string_view key = field_names<Event>[I];
    constexpr fixed_string<key.size()> key_arg{key};
    return aggregate_field_is_not_a_number<Event, key_arg, T>::value;
  }
}

// What the writer needs of an aggregate event type, without its type.
struct aggregate_ops {
  std::chrono::milliseconds every;
  const descriptor* desc;
  std::size_t payload_bytes;  // u64 count, f64 interval_s, then each field's sum
  // Moves a cell's counts into payload (adding to what it holds).
  void (*collect)(void* cell, std::byte* payload);
};

// The calling thread's cell for (ops, logger), made on first use; slow path.
void* aggregate_cell_for(const aggregate_ops& ops, const logger_core* core, void* (*make)());

template <class Event, class Seq = std::make_index_sequence<field_count<Event>>>
struct aggregate;

template <class Event, std::size_t... I>
struct aggregate<Event, std::index_sequence<I...>> {
  template <std::size_t J>
  using sum_t = typename sum_of<field_type<Event, J>>::type;
  template <std::size_t J>
  using raw_t = typename raw_of<sum_t<J>>::type;

  static constexpr bool fields_ok = (aggregate_field_ok<Event, I>() && ...);

  struct cell {
    std::atomic<std::uint64_t> count{0};
    std::tuple<std::atomic<raw_t<I>>...> sums{};
  };

  static constexpr std::size_t payload_bytes = 16 + (std::size_t{0} + ... + sizeof(raw_t<I>));

  template <std::size_t J>
  static constexpr std::size_t offset() {
    std::size_t at = 16;
    ((I < J ? (at += sizeof(raw_t<I>)) : 0), ...);
    return at;
  }

  template <class T>
  static void add_into(std::byte* at, T v) {
    T cur;
    std::memcpy(&cur, at, sizeof cur);
    cur += v;
    std::memcpy(at, &cur, sizeof cur);
  }

  static void collect(void* p, std::byte* payload) {
    auto& c = *static_cast<cell*>(p);
    add_into(payload, c.count.exchange(0, std::memory_order_relaxed));
    (add_into(payload + offset<I>(), std::get<I>(c.sums).exchange(raw_t<I>{}, std::memory_order_relaxed)), ...);
  }

  static const std::byte* format(const std::byte* in, format_context& ctx) {
    using fragments = line_fragments<Event>;
    in = (ctx.out.append(" count="), codec<std::uint64_t>::format(in, ctx));
    in = (ctx.out.append(" interval_s="), codec<double>::format(in, ctx));
    ((ctx.out.append(fragments::keys[I]), in = codec<sum_t<I>>::format(in, ctx)), ...);
    return in;
  }

  static constexpr descriptor desc{Event::event.name, Event::event.severity, line_fragments<Event>::msg(),
                                   event_codec<Event>::fields, &format};
  static constexpr aggregate_ops ops{Event::aggregate.every, &desc, payload_bytes, &collect};

  static void* make_cell() { return new cell; }

  template <std::size_t J>
  static raw_t<J> raw(const field_type<Event, J>& v) noexcept {
    if constexpr (std::is_arithmetic_v<field_type<Event, J>>) return static_cast<raw_t<J>>(v);
    else return static_cast<raw_t<J>>(v.count());
  }

  // Counts e in the calling thread's cell for this logger.
  static void count(const Event& e, const logger_core* core) {
    thread_local cell* mine = nullptr;
    thread_local const logger_core* mine_core = nullptr;
    if (mine_core != core) [[unlikely]] {
      mine = static_cast<cell*>(aggregate_cell_for(ops, core, &make_cell));
      mine_core = core;
    }
    mine->count.fetch_add(1, std::memory_order_relaxed);
    (std::get<I>(mine->sums).fetch_add(raw<I>(get_field<I>(e)), std::memory_order_relaxed), ...);
  }
};

}  // namespace instrukt_ai::logging::detail
