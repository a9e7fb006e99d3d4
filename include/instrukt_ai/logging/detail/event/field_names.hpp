// Compile-time field names for aggregates, for Boost 1.81 whose PFR has none.
//
// The technique newer PFR uses: the address of a member of an extern (never
// defined) object is a constant, so it can be a template argument; the
// compiler spells it out, member name included, in __PRETTY_FUNCTION__.
// (Clang 14 gets the pointer wrapped in a class: see address_argument.) The
// text around the name is measured once on a probe struct and checked below.
#pragma once

#include <instrukt_ai/logging/detail/event/tie.hpp>

#include <array>
#include <cstddef>
#include <memory>
#include <string_view>
#include <tuple>

namespace instrukt_ai::logging::detail {

// Never defined: only its members' addresses are used. Wrapped so that Clang
// accepts types with internal linkage (events in an anonymous namespace).
template <class T>
struct fake_object_wrapper {
  const T value;
};
#if defined(__clang__)
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wundefined-internal"
#endif
template <class T>
extern const fake_object_wrapper<T> event_types_must_not_be_local_classes;
#if defined(__clang__)
#pragma clang diagnostic pop
#endif

// The member's address as a template argument. Clang 14 takes no pointer to
// a subobject there, so it gets the pointer wrapped in a class; GCC takes the
// pointer itself, about a fifth cheaper per field than a wrapper.
#if defined(__clang__)
template <class T>
struct member_address {
  const T* ptr;
};
template <class T>
consteval member_address<T> address_argument(const T* p) {
  return {p};
}
#else
template <class T>
consteval const T* address_argument(const T* p) {
  return p;
}
#endif

template <auto Address>
consteval std::string_view spelled_member_address() {
  return {__PRETTY_FUNCTION__, sizeof(__PRETTY_FUNCTION__) - 1};  // its size: no strlen loop to evaluate
}

constexpr bool is_identifier_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// The name that ends `suffix` characters before the end of a spelled address.
constexpr std::string_view name_in(std::string_view spelled, std::size_t suffix) {
  const char* s = spelled.data();
  const std::size_t end = spelled.size() - suffix;
  std::size_t begin = end;
  while (begin > 0 && is_identifier_char(s[begin - 1])) --begin;
  return {s + begin, end - begin};
}

// Every field's name from one structured binding of the fake object, each
// field's address spelled by its own spelled_member_address: per event type
// one function here and one per field there.
template <class T, std::size_t... I>
consteval std::array<std::string_view, sizeof...(I)> field_names_of(std::index_sequence<I...>, std::size_t suffix) {
#if defined(__clang__)
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wundefined-var-template"
#endif
  [[maybe_unused]] constexpr auto fields = tie_fields(event_types_must_not_be_local_classes<T>.value);
  return {name_in(spelled_member_address<address_argument(std::addressof(detail::get<I>(fields)))>(),
                  suffix)...};
#if defined(__clang__)
#pragma clang diagnostic pop
#endif
}

struct field_name_probe {
  int instrukt_probe_field;
};

inline constexpr std::string_view probe_name = "instrukt_probe_field";

// Characters that follow the name in the spelled address (compiler specific),
// measured on the probe's member, named directly.
inline constexpr std::size_t suffix_length = [] {
#if defined(__clang__)
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wundefined-var-template"
#endif
  constexpr std::string_view s = spelled_member_address<address_argument(
      &event_types_must_not_be_local_classes<field_name_probe>.value.instrukt_probe_field)>();
#if defined(__clang__)
#pragma clang diagnostic pop
#endif
  const auto at = s.rfind(probe_name);
  return at == std::string_view::npos ? std::size_t{0} : s.size() - at - probe_name.size();
}();

static_assert(suffix_length > 0 &&
                  field_names_of<field_name_probe>(std::index_sequence<0>{}, suffix_length)[0] == probe_name,
              "instrukt_ai::logging cannot read field names with this compiler: "
              "GCC >= 12 and Clang >= 14 are supported");

// All names of T's fields, in declaration order.
template <class T>
inline constexpr auto field_names =
    field_names_of<T>(std::make_index_sequence<field_count<T>>{}, suffix_length);

}  // namespace instrukt_ai::logging::detail
