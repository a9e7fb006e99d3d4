// Fields of any copyable type with an fmt::formatter: include this header
// where such an event is logged. The core headers leave fmt out, so a
// translation unit that logs only numbers, strings, enums, durations and
// times does not parse fmt (about a third of the umbrella header's cost).
//
//   #include <instrukt_ai/logging/formatted.hpp>
//   struct Moved { static constexpr ial::event_info event{"moved", ial::level::info}; Point to; };
//   // ... to="(1, 2)"   (Point has an fmt::formatter)
#pragma once

#include <instrukt_ai/logging/detail/record/codec_formatted.hpp>
