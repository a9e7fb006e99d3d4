// Name rules the library applies beyond names_for() (names.hpp).
#pragma once

#include <instrukt_ai/logging/names.hpp>

#include <string>
#include <string_view>

namespace instrukt_ai::logging::detail {

// Whether `name` is `prefix` or lies below it on a dot ("a.b" covers "a.b.c", not "a.bc").
bool matches_dotted_prefix(std::string_view name, std::string_view prefix) noexcept;

// For a logger that is not ours but begins with the app's name spelled another
// way (a likely mistake: it gets the third-party level), the name it was
// probably meant to have: "order-svc.core" -> "order_svc.core" for the prefix
// "order_svc". Empty for every other name.
std::string ours_spelling(std::string_view logger_name, std::string_view logger_prefix);

}  // namespace instrukt_ai::logging::detail
