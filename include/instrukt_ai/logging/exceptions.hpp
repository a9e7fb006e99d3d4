// Renamed: the exception's text for a line's exc= is <instrukt_ai/logging/exception_text.hpp>.
#pragma once

#include <instrukt_ai/logging/exception_text.hpp>
