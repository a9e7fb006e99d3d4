// What the agent's shipper (instrukt-ai-ship) hands its rsyslogd, and what
// reaches instrukt-ai-central through the aggregator: one frame per message,
// a run of a source file's bytes at their offset (docs/fleet.md).
//
//   ial2 HOST APP FILE GENERATION OFFSET PAYLOAD
//
// APP and FILE name {root}/APP/FILE.log; GENERATION names which file was at
// that path (rotation and copytruncate start a new one at offset 0);
// PAYLOAD is the file's bytes from OFFSET on, usually whole lines, with '^'
// and every control byte written as two printable bytes ('\n' is "^J"), so a
// frame holds no control byte: rsyslog passes it untouched and one frame is
// one line of the aggregator's output. The central writer places each frame
// by (host, app, file, generation, offset): a repeat is dropped, order is
// kept whatever the road did.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace instrukt_ai::tools {

struct fleet_frame {
  std::string_view host, app, file, generation;
  std::uint64_t offset = 0;
  std::string_view payload;  // encoded
};

// Appends the frame for `bytes` (the file's, from `offset`) to `out`.
void append_frame(std::string& out, const fleet_frame& header, std::string_view bytes);

// The file's bytes of an encoded payload, appended to `out`; false (and `out`
// as it was) when it is not one: a '^' without a known byte after it, or a
// control byte.
bool decode_payload(std::string_view payload, std::string& out);

// The frame in `text`, or why it is refused.
struct parsed_fleet_frame {
  std::optional<fleet_frame> value;
  std::string error;
};
parsed_fleet_frame parse_fleet_frame(std::string_view text);

// A host name: letters, digits, '-', '_' and '.', not starting with '.', at
// most 253 bytes. An app or file: a name the library itself gives a folder or
// a file (names_for(x).file_stem == x), so no frame can write outside its
// {central}/{host}/{app}/ folder. A generation: 1 to 40 of [0-9a-f-].
bool valid_host(std::string_view host) noexcept;
bool valid_stem(std::string_view stem);
bool valid_generation(std::string_view generation) noexcept;

}  // namespace instrukt_ai::tools
