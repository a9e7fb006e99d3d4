// One line as the agent ships it (deploy/rsyslog/agent.conf), and the names
// in it that the aggregator accepts as path parts.
//
//   ial1 HOST APP FILE OFFSET LINE
//
// The aggregator (deploy/rsyslog/aggregator.conf) puts who sent it in front:
//
//   peer:NAME ial1 ...   NAME: the certificate name its TLS input permits
//                        (one input per peer); HOST must be NAME
//   plain ial1 ...       plain RELP, set explicitly by the site: no identity
//
// APP and FILE are the folder and the file stem under the agent's root
// ({root}/APP/FILE.log); OFFSET is where LINE starts in that file, so that
// the central writer can tell a line sent again from a new one.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace instrukt_ai::central {

struct frame {
  std::string_view host, app, file;
  std::uint64_t offset = 0;
  std::string_view line;  // the service's line, byte for byte, without its '\n'
};

// The frame in `text` (one line without its '\n'), or why it is refused.
struct parsed_frame {
  std::optional<frame> value;
  std::string error;
};
parsed_frame parse_frame(std::string_view text);

// A frame as the aggregator hands it over: the sender's identity, then the
// frame. `reason` is a short word for the refusal (malformed, unauthenticated,
// host_mismatch), `error` the sentence.
struct parsed_delivery {
  std::optional<frame> value;
  std::string_view peer;  // the authenticated name; empty for plain RELP
  std::string_view reason;
  std::string error;
};
parsed_delivery parse_delivery(std::string_view text);

// A host name: letters, digits, '-', '_' and '.', not starting with '.', at
// most 253 bytes. An app or file: a name the library itself gives a folder or
// a file (names_for(x).file_stem == x), so no frame can write outside its
// {central}/{host}/{app}/ folder.
bool valid_host(std::string_view host) noexcept;
bool valid_stem(std::string_view stem);

}  // namespace instrukt_ai::central
