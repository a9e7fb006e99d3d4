// A struct's fields as a PFR tuple of references, from one structured binding.
//
// PFR's own tie_as_tuple is an overload set of 200 functions (one per field
// count); choosing among them for a struct costs about as much as the tie
// itself, and GCC pays it for every event type. Here each count up to 16 is a
// class of its own, found without overload resolution; larger structs take
// PFR's. The tuple is PFR's sequence_tuple either way.
#pragma once

#include <boost/pfr/detail/core17.hpp>
#include <boost/pfr/detail/sequence_tuple.hpp>
#include <boost/pfr/detail/size_t_.hpp>

#include <cstddef>

namespace instrukt_ai::logging::detail {

// Called qualified: its arguments are the user's field types, whose
// namespaces an unqualified call would search too.
template <class... F>
constexpr boost::pfr::detail::sequence_tuple::tuple<F&...> references(F&... fields) noexcept {
  return {fields...};
}

template <std::size_t N>
struct tie_of_size {
  template <class T>
  static constexpr auto tie(T& e) noexcept {
    return boost::pfr::detail::tie_as_tuple(e, boost::pfr::detail::size_t_<N>{});
  }
};
template <>
struct tie_of_size<0> {
  template <class T>
  static constexpr auto tie(T&) noexcept {
    return boost::pfr::detail::sequence_tuple::tuple<>{};
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

}  // namespace instrukt_ai::logging::detail
