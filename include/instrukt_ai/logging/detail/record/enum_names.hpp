// Compile-time enumerator names: each value in a range is spelled by the
// compiler as a template argument; a value with no enumerator is spelled as a
// cast and gets no name (the writer then prints its number).
#pragma once

#include <array>
#include <cstdint>
#include <string_view>
#include <type_traits>

namespace instrukt_ai::logging {

// Values looked up by name; specialise for enums with larger values.
template <class E>
struct enum_range {
  static constexpr std::int64_t min = std::is_signed_v<std::underlying_type_t<E>> ? -128 : 0;
  static constexpr std::int64_t max = std::is_signed_v<std::underlying_type_t<E>> ? 127 : 255;
};

}  // namespace instrukt_ai::logging

namespace instrukt_ai::logging::detail {

template <auto V>
consteval std::string_view spelled_enum_value() {
  return {__PRETTY_FUNCTION__, sizeof(__PRETTY_FUNCTION__) - 1};  // its size: no strlen loop to evaluate
}

enum class enum_name_probe { instrukt_probe_value = 3 };

inline constexpr std::size_t enum_suffix_length = [] {
  constexpr std::string_view s = spelled_enum_value<enum_name_probe::instrukt_probe_value>();
  constexpr std::string_view name = "instrukt_probe_value";
  const auto at = s.rfind(name);
  return at == std::string_view::npos ? std::size_t{0} : s.size() - at - name.size();
}();

template <auto V>
consteval std::string_view enumerator_name() {
  constexpr std::string_view s = spelled_enum_value<V>();
  const std::size_t end = s.size() - enum_suffix_length;
  std::size_t begin = end;
  auto ident = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  };
  while (begin > 0 && ident(s[begin - 1])) --begin;
  if (begin == end || (s[begin] >= '0' && s[begin] <= '9')) return {};
  if (begin > 0 && s[begin - 1] != ':' && s[begin - 1] != ' ') return {};  // "(E)5"
  return s.substr(begin, end - begin);
}

static_assert(enum_suffix_length > 0 &&
                  enumerator_name<enum_name_probe::instrukt_probe_value>() == "instrukt_probe_value" &&
                  enumerator_name<static_cast<enum_name_probe>(7)>().empty(),
              "instrukt_ai::logging cannot read enumerator names with this compiler");

template <class E, std::int64_t Min, std::size_t... I>
consteval std::array<std::string_view, sizeof...(I)> enum_names_of(std::index_sequence<I...>) {
  return {enumerator_name<static_cast<E>(Min + static_cast<std::int64_t>(I))>()...};
}

template <class E>
struct enum_names {
  static constexpr std::int64_t min = enum_range<E>::min;
  static constexpr std::int64_t max = enum_range<E>::max;
  static_assert(max >= min && max - min < 4096,
                "instrukt_ai::logging::enum_range<E> must span at most 4096 values");
  static constexpr auto table =
      enum_names_of<E, min>(std::make_index_sequence<static_cast<std::size_t>(max - min + 1)>{});

  // The enumerator's name, or empty when the value has none.
  static constexpr std::string_view of(E value) {
    const auto v = static_cast<std::int64_t>(value);
    return v < min || v > max ? std::string_view{} : table[static_cast<std::size_t>(v - min)];
  }
};

}  // namespace instrukt_ai::logging::detail
