// A field type's description for catalogs: its type name, plus the unit of a
// duration, the named values of an enum, the inner type of an optional.
#pragma once

#include <instrukt_ai/logging/catalog_model.hpp>
#include <instrukt_ai/logging/detail/event/event_codec.hpp>
#include <instrukt_ai/logging/detail/record/enum_names.hpp>

#include <chrono>
#include <optional>
#include <type_traits>

namespace instrukt_ai::logging::detail {

template <class T>
struct is_optional : std::false_type {};
template <class T>
struct is_optional<std::optional<T>> : std::true_type {};

template <class T>
catalog_value describe_value() {
  catalog_value v;
  v.type = std::string(codec<T>::type_name);
  if constexpr (std::is_enum_v<T>) {
    for (std::string_view name : enum_names<T>::table)
      if (!name.empty()) v.values.emplace_back(name);
  } else if constexpr (is_optional<T>::value) {
    v.of.push_back(describe_value<typename T::value_type>());
  } else if constexpr (requires { codec<T>::mode; }) {
    v.mode = std::string(codec<T>::mode);
  } else if constexpr (requires { typename codec<T>::inner; }) {  // payload<T>, id<T>
    v.of.push_back(describe_value<std::remove_cvref_t<decltype(std::declval<T>().value)>>());
  } else if constexpr (requires { codec<T>::unit; }) {
    v.unit = std::string(codec<T>::unit);
  }
  return v;
}

// Ring bytes of the event's record; for strings, the size when they are empty.
template <class T>
constexpr std::size_t min_encoded_size() {
  if constexpr (codec<T>::fixed_size != variable_size) return codec<T>::fixed_size;
  else if constexpr (is_optional<T>::value) return 1;
  else return sizeof(std::uint32_t);  // a string's length word
}

template <class Event, std::size_t... I>
constexpr std::size_t min_record_bytes(std::index_sequence<I...>) {
  return align_record(record_header_size + (std::size_t{0} + ... + min_encoded_size<field_type<Event, I>>()));
}

template <class Event>
catalog_event describe_event() {
  catalog_event e;
  e.name = std::string(Event::event.name);
  e.severity = Event::event.severity;
  constexpr auto& d = descriptor_of<Event>;
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    (e.fields.push_back(catalog_field{std::string(d.fields[I].key), describe_value<field_type<Event, I>>()}), ...);
    e.record_bytes = min_record_bytes<Event>(std::index_sequence<I...>{});
  }(std::make_index_sequence<d.fields.size()>{});
  e.fixed_size = event_codec<Event>::fixed;
  e.operation = Event::event.is_operation;
  if constexpr (requires { Event::aggregate; }) e.aggregate_every_ms = Event::aggregate.every.count();
  if constexpr (requires { Event::throttle; }) {
    e.throttle_lines = Event::throttle.lines;
    e.throttle_per_ms = Event::throttle.per.count();
    e.throttle_by = std::string(Event::throttle.by);
  }
  return e;
}

template <class Context>
catalog_context describe_context() {
  catalog_context c;
  c.name = std::string(Context::context.name);
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    (c.fields.push_back(catalog_field{std::string(runtime_key<Context, I>), describe_value<field_type<Context, I>>()}),
     ...);
  }(std::make_index_sequence<field_count<Context>>{});
  return c;
}

}  // namespace instrukt_ai::logging::detail
