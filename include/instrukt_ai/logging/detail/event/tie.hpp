// A struct's fields as a tie (reflect.hpp's field_refs), from one structured binding.
//
// PFR's own tie_as_tuple is an overload set of 200 functions (one per field
// count); choosing among them for a struct costs about as much as the tie
// itself, and GCC pays it for every event type. Here each count up to 16 is a
// class of its own, found without overload resolution; larger structs take
// PFR's. The tuple is PFR's sequence_tuple either way.
#pragma once

#include <instrukt_ai/logging/detail/event/reflect.hpp>

#include <cstddef>
#include <type_traits>
#include <utility>

namespace instrukt_ai::logging::detail {

// Called qualified: its arguments are the user's field types, whose
// namespaces an unqualified call would search too.
template <class... F>
constexpr field_refs<F&...> references(F&... fields) noexcept {
  return {fields...};
}

template <std::size_t N>
struct tie_of_size {
  template <class T>
  static constexpr auto tie(T& e) noexcept {
    return detail::pfr_tie<N>(e);
  }
};
template <>
struct tie_of_size<0> {
  template <class T>
  static constexpr auto tie(T&) noexcept {
    return field_refs<>{};
  }
};
template <>
struct tie_of_size<1> {
  template <class T>
  static constexpr auto tie(T& e) noexcept {
    auto& [f0] = e;
    return detail::references(f0);
  }
};
template <>
struct tie_of_size<2> {
  template <class T>
  static constexpr auto tie(T& e) noexcept {
    auto& [f0, f1] = e;
    return detail::references(f0, f1);
  }
};
template <>
struct tie_of_size<3> {
  template <class T>
  static constexpr auto tie(T& e) noexcept {
    auto& [f0, f1, f2] = e;
    return detail::references(f0, f1, f2);
  }
};
template <>
struct tie_of_size<4> {
  template <class T>
  static constexpr auto tie(T& e) noexcept {
    auto& [f0, f1, f2, f3] = e;
    return detail::references(f0, f1, f2, f3);
  }
};
template <>
struct tie_of_size<5> {
  template <class T>
  static constexpr auto tie(T& e) noexcept {
    auto& [f0, f1, f2, f3, f4] = e;
    return detail::references(f0, f1, f2, f3, f4);
  }
};
template <>
struct tie_of_size<6> {
  template <class T>
  static constexpr auto tie(T& e) noexcept {
    auto& [f0, f1, f2, f3, f4, f5] = e;
    return detail::references(f0, f1, f2, f3, f4, f5);
  }
};
template <>
struct tie_of_size<7> {
  template <class T>
  static constexpr auto tie(T& e) noexcept {
    auto& [f0, f1, f2, f3, f4, f5, f6] = e;
    return detail::references(f0, f1, f2, f3, f4, f5, f6);
  }
};
template <>
struct tie_of_size<8> {
  template <class T>
  static constexpr auto tie(T& e) noexcept {
    auto& [f0, f1, f2, f3, f4, f5, f6, f7] = e;
    return detail::references(f0, f1, f2, f3, f4, f5, f6, f7);
  }
};
template <>
struct tie_of_size<9> {
  template <class T>
  static constexpr auto tie(T& e) noexcept {
    auto& [f0, f1, f2, f3, f4, f5, f6, f7, f8] = e;
    return detail::references(f0, f1, f2, f3, f4, f5, f6, f7, f8);
  }
};
template <>
struct tie_of_size<10> {
  template <class T>
  static constexpr auto tie(T& e) noexcept {
    auto& [f0, f1, f2, f3, f4, f5, f6, f7, f8, f9] = e;
    return detail::references(f0, f1, f2, f3, f4, f5, f6, f7, f8, f9);
  }
};
template <>
struct tie_of_size<11> {
  template <class T>
  static constexpr auto tie(T& e) noexcept {
    auto& [f0, f1, f2, f3, f4, f5, f6, f7, f8, f9, f10] = e;
    return detail::references(f0, f1, f2, f3, f4, f5, f6, f7, f8, f9, f10);
  }
};
template <>
struct tie_of_size<12> {
  template <class T>
  static constexpr auto tie(T& e) noexcept {
    auto& [f0, f1, f2, f3, f4, f5, f6, f7, f8, f9, f10, f11] = e;
    return detail::references(f0, f1, f2, f3, f4, f5, f6, f7, f8, f9, f10, f11);
  }
};
template <>
struct tie_of_size<13> {
  template <class T>
  static constexpr auto tie(T& e) noexcept {
    auto& [f0, f1, f2, f3, f4, f5, f6, f7, f8, f9, f10, f11, f12] = e;
    return detail::references(f0, f1, f2, f3, f4, f5, f6, f7, f8, f9, f10, f11, f12);
  }
};
template <>
struct tie_of_size<14> {
  template <class T>
  static constexpr auto tie(T& e) noexcept {
    auto& [f0, f1, f2, f3, f4, f5, f6, f7, f8, f9, f10, f11, f12, f13] = e;
    return detail::references(f0, f1, f2, f3, f4, f5, f6, f7, f8, f9, f10, f11, f12, f13);
  }
};
template <>
struct tie_of_size<15> {
  template <class T>
  static constexpr auto tie(T& e) noexcept {
    auto& [f0, f1, f2, f3, f4, f5, f6, f7, f8, f9, f10, f11, f12, f13, f14] = e;
    return detail::references(f0, f1, f2, f3, f4, f5, f6, f7, f8, f9, f10, f11, f12, f13, f14);
  }
};
template <>
struct tie_of_size<16> {
  template <class T>
  static constexpr auto tie(T& e) noexcept {
    auto& [f0, f1, f2, f3, f4, f5, f6, f7, f8, f9, f10, f11, f12, f13, f14, f15] = e;
    return detail::references(f0, f1, f2, f3, f4, f5, f6, f7, f8, f9, f10, f11, f12, f13, f14, f15);
  }
};

// The fields of e as a tie (field_refs).
template <class T>
constexpr auto tie_fields(T& e) noexcept {
  static_assert(field_count<T> <= max_event_fields,
                "instrukt_ai::logging: an event has at most 128 fields; split it into several events");
  return tie_of_size<field_count<T>>::tie(e);
}

// Field I of e.
template <std::size_t I, class T>
constexpr decltype(auto) get_field(T& e) noexcept {
  return detail::get<I>(tie_fields(e));
}

// The tuple of references tie_fields returns for a const T: its get<I> is
// shared by every struct with the same field types, so asking for a field's
// type adds no function per struct and field, and the tie itself is the one
// that the names (field_names.hpp) and the copy (logger.hpp) use.
template <class T>
using field_tuple = decltype(tie_fields(std::declval<const T&>()));

// The type of field I, without const or volatile.
template <std::size_t I, class T>
using field_type_t =
    std::remove_cvref_t<decltype(detail::get<I>(std::declval<field_tuple<T>&>()))>;

}  // namespace instrukt_ai::logging::detail
