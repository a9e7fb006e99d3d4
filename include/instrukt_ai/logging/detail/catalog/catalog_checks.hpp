// Compile-time rules of a catalog, each failing with a message that names the
// offending event (and its catalog) in the instantiation context.
#pragma once

#include <instrukt_ai/logging/detail/event/event_checks.hpp>
#include <instrukt_ai/logging/detail/event/field_names.hpp>
#include <instrukt_ai/logging/detail/event/fixed_string.hpp>

#include <array>
#include <cstddef>
#include <string_view>
#include <tuple>
#include <type_traits>

namespace instrukt_ai::logging::detail {

// Two events of one catalog share a `msg=` name.
template <class First, class Second>
struct event_name_is_used_twice_in_catalog {
  static_assert(always_false<First, Second>,
                "instrukt_ai::logging: two events of this catalog have the same event_info name; "
                "every event of a catalog needs its own name (see the two types above)");
  static constexpr bool value = false;
};

// The same event type is listed twice.
template <class Event>
struct event_is_listed_twice_in_catalog {
  static_assert(always_false<Event>, "instrukt_ai::logging: list each event type once in a catalog");
  static constexpr bool value = false;
};

// A bound logger was given an event its catalog does not list.
template <class Event, class Catalog>
struct event_is_not_in_catalog {
  static_assert(always_false<Event, Catalog>,
                "instrukt_ai::logging: this logger is bound to a catalog that does not list this event; "
                "add the event type to the catalog, or log it through another logger");
  static constexpr bool value = false;
};

// An event of the catalog has a key of one of its contexts (Key).
template <class Event, class Context, fixed_string Key>
struct event_key_is_also_a_context_key {
  static_assert(always_false<Event, Context>,
                "instrukt_ai::logging: an event of this catalog has a field with the same key as a field of one "
                "of its contexts (see the event, the context and the key above); inside the context's scope the "
                "line keeps only the event's value. Rename one of the two fields.");
  static constexpr bool value = false;
};

template <class T>
consteval std::string_view entry_name() {
  if constexpr (event<T>) return T::event.name;
  else return T::context.name;
}

// The catalog's events, and its contexts, each as a std::tuple in order.
template <class... T>
using only_events = decltype(std::tuple_cat(std::declval<std::conditional_t<event<T>, std::tuple<T>, std::tuple<>>>()...));
template <class... T>
using only_contexts =
    decltype(std::tuple_cat(std::declval<std::conditional_t<context<T>, std::tuple<T>, std::tuple<>>>()...));

template <class T>
consteval bool valid_catalog_entry() {
  if constexpr (event<T>) return valid_event<T>;
  else if constexpr (context<T>) return valid_context<T>;
  else return false;
}

template <class... Events>
struct first_duplicate {
  static constexpr std::array<std::string_view, sizeof...(Events)> names{entry_name<Events>()...};
  static constexpr auto pair = [] {
    for (std::size_t i = 0; i < names.size(); ++i)
      for (std::size_t j = i + 1; j < names.size(); ++j)
        if (names[i] == names[j]) return std::array<std::size_t, 2>{i, j};
    return std::array<std::size_t, 2>{0, 0};
  }();
  static constexpr bool found = pair[0] != pair[1];
};

// True, or an error naming the first offending pair.
template <class... Events>
constexpr bool unique_event_names();
template <class Tuple>
constexpr bool unique_names() {
  return []<class... T>(std::tuple<T...>*) { return unique_event_names<T...>(); }(static_cast<Tuple*>(nullptr));
}

template <class Event, class Context>
constexpr bool no_shared_key() {
  constexpr auto clash = [] {
    for (std::size_t i = 0; i < field_names<Event>.size(); ++i)
      for (std::string_view k : field_names<Context>)
        if (field_names<Event>[i] == k) return i;
    return field_names<Event>.size();
  }();
  if constexpr (clash == field_names<Event>.size()) {
    return true;
  } else {
    constexpr std::string_view key = field_names<Event>[clash];
    return event_key_is_also_a_context_key<Event, Context, fixed_string<key.size()>{key}>::value;
  }
}
template <class Event, class... Contexts>
constexpr bool event_shares_no_key() {
  return (no_shared_key<Event, Contexts>() && ...);
}
template <class Events, class Contexts>
constexpr bool no_event_key_in_contexts() {
  return []<class... E, class... C>(std::tuple<E...>*, std::tuple<C...>*) {
    return (event_shares_no_key<E, C...>() && ...);
  }(static_cast<Events*>(nullptr), static_cast<Contexts*>(nullptr));
}

template <class... Events>
constexpr bool unique_event_names() {
  using dup = first_duplicate<Events...>;
  if constexpr (!dup::found) {
    return true;
  } else {
    using tuple = std::tuple<Events...>;
    using first = std::tuple_element_t<dup::pair[0], tuple>;
    using second = std::tuple_element_t<dup::pair[1], tuple>;
    if constexpr (std::is_same_v<first, second>) return event_is_listed_twice_in_catalog<first>::value;
    else return event_name_is_used_twice_in_catalog<first, second>::value;
  }
}

}  // namespace instrukt_ai::logging::detail
