#include "fleet_frame.hpp"

#include <instrukt_ai/logging/names.hpp>

#include <array>
#include <charconv>

namespace instrukt_ai::tools {

namespace {

// For each byte: 0 when it travels as it is, else the printable byte that
// follows '^' for it.
constexpr std::array<char, 256> escapes = [] {
  std::array<char, 256> t{};
  for (int b = 0; b < 0x20; ++b) t[b] = static_cast<char>(b + 0x40);  // '\n' -> 'J', 0x1e -> '^'
  t[0x7f] = '?';
  t['^'] = '~';
  return t;
}();

// The byte that "^c" stands for, or -1.
constexpr int unescape(unsigned char c) noexcept {
  if (c >= 0x40 && c <= 0x5f) return c - 0x40;
  if (c == '?') return 0x7f;
  if (c == '~') return '^';
  return -1;
}

// The next space-separated word of `text`, removed from it with its space.
std::string_view take_word(std::string_view& text) {
  const auto space = text.find(' ');
  const auto word = text.substr(0, space);
  text.remove_prefix(space == std::string_view::npos ? text.size() : space + 1);
  return word;
}

}  // namespace

void append_frame(std::string& out, const fleet_frame& h, std::string_view bytes) {
  out += "ial2 ";
  for (const auto part : {h.host, h.app, h.file, h.generation}) (out += part) += ' ';
  char number[24];
  out.append(number, std::to_chars(number, number + sizeof number, h.offset).ptr).push_back(' ');
  const auto start = out.size();
  out.resize(start + 2 * bytes.size());  // at most two bytes each
  char* o = out.data() + start;
  for (const char c : bytes) {
    const char e = escapes[static_cast<unsigned char>(c)];
    if (e == 0) {
      *o++ = c;
    } else {
      *o++ = '^';
      *o++ = e;
    }
  }
  out.resize(static_cast<std::size_t>(o - out.data()));
}

bool decode_payload(std::string_view payload, std::string& out) {
  const auto start = out.size();
  for (;;) {
    const auto caret = payload.find('^');
    const auto plain = payload.substr(0, caret);
    for (const char c : plain)
      if (escapes[static_cast<unsigned char>(c)] != 0) {  // a control byte: not from the shipper
        out.resize(start);
        return false;
      }
    out += plain;
    if (caret == std::string_view::npos) return true;
    const int b = caret + 1 < payload.size() ? unescape(static_cast<unsigned char>(payload[caret + 1])) : -1;
    if (b < 0) {
      out.resize(start);
      return false;
    }
    out.push_back(static_cast<char>(b));
    payload.remove_prefix(caret + 2);
  }
}

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

bool valid_generation(std::string_view generation) noexcept {
  if (generation.empty() || generation.size() > 40) return false;
  for (const char c : generation)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || c == '-')) return false;
  return true;
}

parsed_fleet_frame parse_fleet_frame(std::string_view text) {
  const auto version = take_word(text);
  if (version == "ial1")
    return {{}, "an 'ial1' frame: this agent predates instrukt-ai-ship; install the agent from this release"};
  if (version != "ial2") return {{}, "does not start with 'ial2 ' (is the agent's rsyslogd fed by instrukt-ai-ship?)"};
  fleet_frame f;
  f.host = take_word(text);
  f.app = take_word(text);
  f.file = take_word(text);
  f.generation = take_word(text);
  const auto offset = take_word(text);
  f.payload = text;
  if (!valid_host(f.host)) return {{}, "bad host name '" + std::string(f.host) + "'"};
  if (!valid_stem(f.app)) return {{}, "bad app folder '" + std::string(f.app) + "'"};
  if (!valid_stem(f.file)) return {{}, "bad file name '" + std::string(f.file) + "'"};
  if (!valid_generation(f.generation)) return {{}, "bad generation '" + std::string(f.generation) + "'"};
  const auto [end, ec] = std::from_chars(offset.data(), offset.data() + offset.size(), f.offset);
  if (offset.empty() || ec != std::errc{} || end != offset.data() + offset.size())
    return {{}, "bad offset '" + std::string(offset) + "'"};
  if (f.payload.empty()) return {{}, "no bytes after the offset"};
  return {f, {}};
}

}  // namespace instrukt_ai::tools
