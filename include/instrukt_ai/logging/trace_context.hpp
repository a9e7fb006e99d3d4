// W3C Trace Context (https://www.w3.org/TR/trace-context/): the trace and span
// a line belongs to, as OpenTelemetry's log data model names them.
//
//   auto trace = ial::trace_context::from_traceparent(request.header("traceparent"))
//                    .value_or(ial::trace_context::new_root());
//   ial::scoped_context scope{trace};   // ... trace_id=4bf9...4736 span_id=00f0...02b7
//   outgoing.set_header("traceparent", trace.child().traceparent());
//
// A catalog lists its keys as the context ial::trace_keys.
#pragma once

#include <instrukt_ai/logging/context.hpp>
#include <instrukt_ai/logging/detail/context/trace_keys.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace instrukt_ai::logging {

class trace_context {
 public:
  // The ids of a `traceparent` header, or nullopt when it is not a valid one
  // (wrong length or separators, upper-case or non-hex digits, version ff, an
  // all-zero id). Never throws; each invalid header is counted
  // (invalid_traceparents()). Spaces and tabs around the value are ignored.
  static std::optional<trace_context> from_traceparent(std::string_view header) noexcept;
  // A new trace: random trace and span ids, sampled.
  static trace_context new_root();

  // The same trace, a new span id: the context of a call this span makes.
  trace_context child() const;
  // "00-<trace_id>-<span_id>-<flags>", for an outgoing call.
  std::string traceparent() const;

  std::string_view trace_id() const noexcept { return {trace_id_, sizeof trace_id_}; }  // 32 lower-case hex
  std::string_view span_id() const noexcept { return {span_id_, sizeof span_id_}; }     // 16 lower-case hex
  std::uint8_t flags() const noexcept { return flags_; }
  bool sampled() const noexcept { return (flags_ & 1) != 0; }

 private:
  trace_context() = default;
  char trace_id_[32]{};
  char span_id_[16]{};
  std::uint8_t flags_ = 0;
};

// Headers from_traceparent() refused so far.
std::uint64_t invalid_traceparents() noexcept;

}  // namespace instrukt_ai::logging
