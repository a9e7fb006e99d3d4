// Whether a logfmt value fits a catalog field's type; the reason when not.
#pragma once

#include <instrukt_ai/logging/catalog_model.hpp>

#include <string>
#include <string_view>

namespace instrukt_ai::catalog_tool {

// "YYYY-MM-DDTHH:MM:SS.ffffffZ" with a real date and time.
bool is_line_time(std::string_view s) noexcept;

// Empty when value fits; else what is wrong, e.g. "\"x1\" is not an integer".
std::string check_value(const logging::catalog_value& type, std::string_view value, bool quoted);

}  // namespace instrukt_ai::catalog_tool
