// A frame as the aggregator (deploy/rsyslog/aggregator.conf) hands it to the
// central writer: who sent it, then the frame (common/fleet_frame.hpp).
//
//   peer:NAME ial2 ...   NAME: the certificate name its TLS input permits
//                        (one input per peer); the frame's HOST must be NAME
//   plain ial2 ...       plain RELP, set explicitly by the site: no identity
#pragma once

#include "common/fleet_frame.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace instrukt_ai::central {

using tools::fleet_frame;

// `reason` is a short word for a refusal (malformed, unauthenticated,
// host_mismatch), `error` the sentence.
struct parsed_delivery {
  std::optional<fleet_frame> value;
  std::string_view peer;  // the authenticated name; empty for plain RELP
  std::string_view reason;
  std::string error;
};
parsed_delivery parse_delivery(std::string_view text);

}  // namespace instrukt_ai::central
