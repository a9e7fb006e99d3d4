// The text of an exception as the line's exc= value:
//   std::runtime_error: request failed; caused by std::system_error: connect: Connection refused
#pragma once

#include <exception>
#include <string>

namespace instrukt_ai::logging {

// "<type>: <what>", then "; caused by <type>: <what>" for each nested exception
// (std::throw_with_nested). Exceptions not derived from std::exception are
// "unknown exception".
std::string describe_exception(const std::exception& e);
std::string describe_exception(const std::exception_ptr& e);

}  // namespace instrukt_ai::logging
