#include "delivery.hpp"

namespace instrukt_ai::central {

parsed_delivery parse_delivery(std::string_view text) {
  const auto space = text.find(' ');
  const auto sender = text.substr(0, space);
  text.remove_prefix(space == std::string_view::npos ? text.size() : space + 1);
  parsed_delivery d;
  if (sender.starts_with("peer:")) {
    d.peer = sender.substr(5);
  } else if (sender != "plain") {
    d.reason = "unauthenticated";
    d.error = "no sender in front of the frame ('peer:NAME' or 'plain'; is the aggregator's template ial_delivery?)";
    return d;
  }
  auto parsed = tools::parse_fleet_frame(text);
  if (!parsed.value) {
    d.reason = "malformed";
    d.error = std::move(parsed.error);
    return d;
  }
  if (sender != "plain" && parsed.value->host != d.peer) {
    d.reason = "host_mismatch";
    d.error = "the frame's host '" + std::string(parsed.value->host) + "' is not its sender, authenticated as '" +
              std::string(d.peer) + "'";
    return d;
  }
  d.value = parsed.value;
  return d;
}

}  // namespace instrukt_ai::central
