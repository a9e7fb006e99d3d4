#include "signal_line.hpp"

#include "../writer/line_format.hpp"
#include "../writer/stamp_clock.hpp"

#include <instrukt_ai/logging/detail/event/record_source.hpp>

namespace instrukt_ai::logging::detail {

void write_signal_line(const fatal_signal& e, std::uint16_t logger_id, const spill_target& to,
                       ring_contexts& contexts) noexcept {
  constexpr std::size_t value_limit = 64;  // the values are short; a longer one is cut, never allocated for
  alignas(8) std::byte record[256];
  if (record_size(e, value_limit) > sizeof record) return;  // cannot happen with value_limit
  encode_record(record, record_tag<fatal_signal>(std::uint64_t{logger_id} << logger_id_shift), 0, e, value_limit);

  char storage[512];
  line_buffer out(storage, sizeof storage);
  out.set_spill(&to);
  line_formatter formatter(value_limit);
  formatter.set_in_signal_handler(true);
  formatter.append_line(out, record, realtime_ns(), contexts);
  out.spill();
}

}  // namespace instrukt_ai::logging::detail
