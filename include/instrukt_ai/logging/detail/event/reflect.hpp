// An event's fields, reflected with Boost.PFR's own parts, counted faster.
//
// PFR finds a struct's field count by a binary search over aggregate
// initialisations with up to 8 x sizeof(T) initialisers; for a 24-byte event
// that is probes of ~100 initialisers, and on a service's hundreds of event
// types the largest single cost of compiling them. Field counts are small, so
// this counts up from 0 with PFR's own probe (one initialiser more each time)
// and stops at the first failure after a success. Field access is a
// structured-binding tie of that count (tie.hpp; PFR's past 16 fields).
// tests/test_compile_time.cpp checks that the count and the tie's types are
// PFR's for every kind of field the library supports.
//
// This is the one file that names PFR's internals: the tuple of references a
// tie gives (field_refs), field I of it (get), PFR's own tie and its probes.
#pragma once

#include <boost/pfr/detail/core17.hpp>
#include <boost/pfr/detail/fields_count.hpp>
#include <boost/pfr/detail/sequence_tuple.hpp>
#include <boost/pfr/detail/size_t_.hpp>

#include <cstddef>
#include <type_traits>
#include <utility>

static_assert(BOOST_PFR_USE_CPP17, "instrukt_ai::logging reflects events with Boost.PFR's C++17 structured bindings");

namespace instrukt_ai::logging::detail {

// A tie: PFR's tuple of references, whose get<I> is shared by every struct
// with the same field types.
template <class... Ref>
using field_refs = boost::pfr::detail::sequence_tuple::tuple<Ref...>;
using boost::pfr::detail::sequence_tuple::get;

// PFR's own tie, for the structs tie.hpp does not spell out (past 16 fields).
template <std::size_t N, class T>
constexpr auto pfr_tie(T& e) noexcept {
  return boost::pfr::detail::tie_as_tuple(e, boost::pfr::detail::size_t_<N>{});
}

// The most fields an event may have (PFR's generated ties go to 200).
inline constexpr std::size_t max_event_fields = 128;

// Counts up, one initialiser more each time, with PFR's probe (an lvalue for
// copyable types, a prvalue for the others, as PFR chooses): the last count
// that initialises T, once one has. The probes so far are the pack, so each
// step is one function, not one per step and one per probe. The copy test is
// the compiler's trait, not <type_traits>' (see event_checks.hpp).
template <class T, bool Initialised, class... Probe>
constexpr std::size_t count_fields_with() {
  using probe = std::conditional_t<__is_constructible(T, const T&), boost::pfr::detail::ubiq_lref_constructor,
                                   boost::pfr::detail::ubiq_rref_constructor>;
  if constexpr (sizeof...(Probe) > max_event_fields) {
    return sizeof...(Probe);
  } else if constexpr (requires { T{Probe{0}...}; }) {
    return count_fields_with<T, true, Probe..., probe>();
  } else if constexpr (Initialised) {
    return sizeof...(Probe) - 1;
  } else {
    return count_fields_with<T, false, Probe..., probe>();
  }
}

template <class T>
inline constexpr std::size_t field_count = count_fields_with<std::remove_cv_t<T>, false>();

}  // namespace instrukt_ai::logging::detail
