// instrukt-ai-logging: compile-time structured logging, one logfmt line per event.
#pragma once

#include <instrukt_ai/logging/aggregate.hpp>
#include <instrukt_ai/logging/configure.hpp>
#include <instrukt_ai/logging/context.hpp>
#include <instrukt_ai/logging/event.hpp>
#include <instrukt_ai/logging/fatal_signals.hpp>
#include <instrukt_ai/logging/fields.hpp>
#include <instrukt_ai/logging/level.hpp>
#include <instrukt_ai/logging/log_levels.hpp>
#include <instrukt_ai/logging/logger.hpp>
#include <instrukt_ai/logging/names.hpp>
#include <instrukt_ai/logging/options.hpp>
#include <instrukt_ai/logging/throttle.hpp>
#include <instrukt_ai/logging/trace_context.hpp>
