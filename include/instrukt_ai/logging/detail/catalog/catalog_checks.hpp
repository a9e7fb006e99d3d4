// Compile-time rules of a catalog, each failing with a message that names the
// offending event (and its catalog) in the instantiation context.
#pragma once

#include <instrukt_ai/logging/detail/event/event_checks.hpp>

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

template <class... Events>
struct first_duplicate {
  static constexpr std::array<std::string_view, sizeof...(Events)> names{Events::event.name...};
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
