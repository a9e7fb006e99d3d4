#include "frame.hpp"

#include <instrukt_ai/logging/names.hpp>

#include <charconv>

namespace instrukt_ai::central {

namespace {

// The next space-separated word of `text`, removed from it with its space.
std::string_view take_word(std::string_view& text) {
  const auto space = text.find(' ');
  if (space == std::string_view::npos) {
    const auto word = text;
    text = {};
    return word;
  }
  const auto word = text.substr(0, space);
  text.remove_prefix(space + 1);
  return word;
}

}  // namespace

bool valid_host(std::string_view host) noexcept {
  if (host.empty() || host.size() > 253 || host.front() == '.') return false;
  for (const char c : host) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                    c == '_' || c == '.';
    if (!ok) return false;
  }
  return host.find("..") == std::string_view::npos;
}

bool valid_stem(std::string_view stem) {
  return !stem.empty() && stem.size() <= 200 && logging::names_for(stem).file_stem == stem;
}

parsed_frame parse_frame(std::string_view text) {
  if (take_word(text) != "ial1") return {{}, "does not start with 'ial1 ' (is the agent's template ial_frame?)"};
  frame f;
  f.host = take_word(text);
  f.app = take_word(text);
  f.file = take_word(text);
  const auto offset = take_word(text);
  f.line = text;
  if (!valid_host(f.host)) return {{}, "bad host name '" + std::string(f.host) + "'"};
  if (!valid_stem(f.app)) return {{}, "bad app folder '" + std::string(f.app) + "'"};
  if (!valid_stem(f.file)) return {{}, "bad file name '" + std::string(f.file) + "'"};
  const auto [end, ec] = std::from_chars(offset.data(), offset.data() + offset.size(), f.offset);
  if (offset.empty() || ec != std::errc{} || end != offset.data() + offset.size())
    return {{}, "bad offset '" + std::string(offset) + "'"};
  if (f.line.empty()) return {{}, "no line after the offset"};
  return {f, {}};
}

parsed_delivery parse_delivery(std::string_view text) {
  const auto sender = take_word(text);
  parsed_delivery d;
  if (sender.starts_with("peer:")) {
    d.peer = sender.substr(5);
  } else if (sender != "plain") {
    d.reason = "unauthenticated";
    d.error = "no sender in front of the frame ('peer:NAME' or 'plain'; is the aggregator's template ial_delivery?)";
    return d;
  }
  auto parsed = parse_frame(text);
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
