// Declaring a context: a plain aggregate whose fields end every line logged
// inside its scope (context.hpp).
//
//   struct Request {
//     static constexpr ial::context_info context{"request"};
//     ial::id<std::string_view> request_id;
//     std::string_view tenant;
//   };
//
// Its fields follow the event rules: snake_case keys, secrets redacted<T>, no
// reserved keys.
#pragma once

#include <instrukt_ai/logging/detail/event/naming_rules.hpp>

#include <string_view>
#include <type_traits>

namespace instrukt_ai::logging {

namespace detail {
// Not constexpr on purpose: calling it during constant evaluation is the error.
void context_name_must_be_snake_case_like_request();
}  // namespace detail

// A context's identity (catalogs and stderr notices name it).
struct context_info {
  std::string_view name;

  consteval explicit context_info(std::string_view context_name) : name(context_name) {
    if (!detail::is_snake_case(context_name)) detail::context_name_must_be_snake_case_like_request();
  }
};

// A type that declares `static constexpr context_info context{...}`.
template <class C>
concept context = requires {
  { C::context } -> std::convertible_to<const context_info&>;
};

}  // namespace instrukt_ai::logging
