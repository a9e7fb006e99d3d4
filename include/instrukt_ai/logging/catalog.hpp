// Catalogs: the events a service may log, and the contexts its lines may end
// with, declared once as a type.
//
//   using catalog = ial::catalog<JobStarted, JobFinished, Request>;      // or, so errors
//   struct jobs_events : ial::catalog<JobStarted, JobFinished, Request> {};  // name it
//   auto log = ial::get_logger<jobs_events>("jobs.worker");
//   log.log(JobStarted{...});   // an event not in jobs_events: compile error
//
// Every event and context must be valid, every name unique, and no event may
// have a key of a context (inside its scope the line would keep only the
// event's value); all are checked when the catalog is first used (a bound
// logger, or an export).
#pragma once

#include <instrukt_ai/logging/detail/catalog/catalog_checks.hpp>
#include <instrukt_ai/logging/context_info.hpp>
#include <instrukt_ai/logging/logger.hpp>

#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>

namespace instrukt_ai::logging {

template <class... Types>
struct catalog {
  static_assert(sizeof...(Types) > 0, "instrukt_ai::logging::catalog<...> needs at least one event type");
  static_assert(((event<Types> || context<Types>) && ...),
                "instrukt_ai::logging::catalog<...> lists a type that is neither an event (`static constexpr "
                "instrukt_ai::logging::event_info event{\"name\", level}`) nor a context (`static constexpr "
                "instrukt_ai::logging::context_info context{\"name\"}`)");

  using events = detail::only_events<Types...>;      // a std::tuple of the event types, in order
  using contexts = detail::only_contexts<Types...>;  // the same for the context types
  static constexpr std::size_t size = std::tuple_size_v<events>;
  static_assert(size > 0, "instrukt_ai::logging::catalog<...> needs at least one event type");
  template <class Event>
  static constexpr bool contains = event<Event> && (std::is_same_v<Event, Types> || ...);

  // Whether the catalog keeps the rules; the first broken one is a compile error.
  static constexpr bool checked = (detail::valid_catalog_entry<Types>() && ...) &&
                                  detail::unique_names<events>() && detail::unique_names<contexts>() &&
                                  detail::no_event_key_in_contexts<events, contexts>();

  // Calls f.template operator()<Event>() for each event, in catalog order.
  template <class F>
  static constexpr void for_each(F&& f) {
    ([&] { if constexpr (event<Types>) f.template operator()<Types>(); }(), ...);
  }
  // The same for each context.
  template <class F>
  static constexpr void for_each_context(F&& f) {
    ([&] { if constexpr (context<Types>) f.template operator()<Types>(); }(), ...);
  }
};

template <class C>
concept event_catalog = requires {
  C::size;
  C::checked;
};

// A logger that logs only its catalog's events.
template <event_catalog Catalog>
class catalog_logger {
 public:
  using catalog_type = Catalog;

  template <class Event>
  void log(const Event& e) const {
    if constexpr (Catalog::template contains<Event>) inner_.log(e);
    else static_assert(detail::event_is_not_in_catalog<Event, Catalog>::value);
  }
  template <class Event, class Exception>
  void log(const Event& e, const Exception& ex) const {
    if constexpr (Catalog::template contains<Event>) inner_.log(e, ex);
    else static_assert(detail::event_is_not_in_catalog<Event, Catalog>::value);
  }
  template <class Event, class... Options>
  auto operation(Event e, Options... options) const {
    if constexpr (!Catalog::template contains<Event>) static_assert(detail::event_is_not_in_catalog<Event, Catalog>::value);
    return inner_.operation(std::move(e), options...);
  }
  bool enabled(level l) const noexcept { return inner_.enabled(l); }
  level threshold() const noexcept { return inner_.threshold(); }
  std::string_view name() const noexcept { return inner_.name(); }
  // The same logger without the binding.
  const logging::logger& unbound() const noexcept { return inner_; }

 private:
  template <event_catalog C>
  friend catalog_logger<C> get_logger(std::string_view name);
  explicit catalog_logger(logging::logger inner) : inner_(inner) {}
  logging::logger inner_;
};

// The logger with this name, bound to Catalog.
template <event_catalog Catalog>
catalog_logger<Catalog> get_logger(std::string_view name) {
  static_assert(Catalog::checked);
  return catalog_logger<Catalog>(get_logger(name));
}

}  // namespace instrukt_ai::logging
