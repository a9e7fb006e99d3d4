#include "printer.hpp"

#include "catalog/json.hpp"  // the library's JSON string escaping
#include "logfmt/utf8.hpp"   // the library's UTF-8 decoding

#include <instrukt_ai/logging/logfmt.hpp>

#include <algorithm>
#include <unistd.h>
#include <vector>

namespace instrukt_ai::logs {
namespace {

namespace logfmt = logging::logfmt;
using logging::detail::json::append_string;

// ANSI colour of a level's value.
std::string_view level_color(std::string_view level) {
  if (level == "TRACE" || level == "DEBUG") return "\x1b[2m";
  if (level == "INFO") return "\x1b[32m";
  if (level == "WARNING") return "\x1b[33m";
  if (level == "ERROR") return "\x1b[31m";
  if (level == "CRITICAL") return "\x1b[1;31m";
  return {};
}

}  // namespace

printer::printer(output_format format, terminal term, std::mutex* shared)
    : format_(format), term_(term), shared_(shared) {
  out_.reserve(1u << 20);
}

void printer::print(std::string_view group, std::string_view suffix) {
  if (!suffix.empty()) {
    const std::size_t eol = std::min(group.find('\n'), group.size());
    with_suffix_.assign(group.substr(0, eol)).append(suffix).append(group.substr(eol));
    group = with_suffix_;
  }
  ++printed_;
  if (format_ == output_format::json)
    json(group);
  else
    raw(group);
  if (out_.size() >= (1u << 20)) flush();
}

void printer::raw(std::string_view group) {
  if (term_.escape_controls) {
    escaped_.clear();
    append_for_terminal(escaped_, group);
    group = escaped_;
  }
  constexpr std::string_view key = " level=";
  const std::size_t at = term_.color ? group.substr(0, 64).find(key) : std::string_view::npos;
  if (at != std::string_view::npos) {
    const std::size_t v = at + key.size();
    const std::size_t e = std::min(group.find(' ', v), group.find('\n', v));
    const std::string_view value = group.substr(v, e == std::string_view::npos ? std::string_view::npos : e - v);
    const std::string_view color = level_color(value);
    if (!color.empty()) {
      out_.append(group.substr(0, v)).append(color).append(value).append("\x1b[0m");
      out_.append(group.substr(v + value.size())).push_back('\n');
      return;
    }
  }
  out_.append(group).push_back('\n');
}

void printer::json(std::string_view group) {
  append_json(out_, group, scratch_);
  out_.push_back('\n');
}

void append_json(std::string& out, std::string_view group, std::string& scratch) {
  const std::size_t eol = group.find('\n');
  const std::string_view line = group.substr(0, eol);
  logfmt::pair_reader reader(line);
  logfmt::pair_view pair;
  std::vector<std::string_view> keys;
  const std::size_t start = out.size();
  out.push_back('{');
  bool first = true;
  auto key = [&](std::string_view k) {
    if (!first) out.push_back(',');
    first = false;
    append_string(out, k);
    out.push_back(':');
  };
  bool leading = true;
  while (reader.next(pair)) {
    std::string_view k = pair.key;
    if (leading && !pair.has_value) k = "timestamp";  // the bare word the line starts with
    const bool is_timestamp = leading && !pair.has_value;
    leading = false;
    if (std::find(keys.begin(), keys.end(), k) != keys.end()) continue;
    keys.push_back(k);
    key(k);
    if (is_timestamp)
      append_string(out, pair.key);
    else if (!pair.has_value)
      out += "true";
    else if (!pair.quoted && pair.raw_value == "null")
      out += "null";
    else
      append_string(out, logfmt::value_text(pair, scratch));
  }
  if (const auto& error = reader.error()) {
    out.resize(start);
    out += "{\"line\":";
    append_string(out, line);
    out += ",\"parse_error\":";
    append_string(out, "column " + std::to_string(error->column + 1) + ": " + error->message);
  }
  if (eol != std::string_view::npos) {
    out += ",\"continued\":";
    append_string(out, group.substr(eol + 1));
  }
  out.push_back('}');
}

void append_for_terminal(std::string& out, std::string_view text) {
  constexpr char hex[] = "0123456789abcdef";
  auto escape = [&](unsigned char b) {
    const char e[4] = {'\\', 'x', hex[b >> 4], hex[b & 0xF]};
    out.append(e, 4);
  };
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  std::size_t start = 0;
  for (std::size_t i = 0; i < text.size();) {
    const unsigned char b = p[i];
    if (b >= 0x20 && b < 0x7f) {
      ++i;
      continue;
    }
    if (b == '\t' || b == '\n') {
      ++i;
      continue;
    }
    std::size_t size = 1;
    bool plain = false;
    if (b >= 0x80) {
      const auto d = logging::logfmt::utf8::decode_rune(p + i, text.size() - i);
      size = d.size;
      plain = d.valid && !(d.rune >= 0x80 && d.rune <= 0x9f);
    }
    if (plain) {
      i += size;
      continue;
    }
    out.append(text.substr(start, i - start));
    for (std::size_t k = 0; k < size; ++k) escape(p[i + k]);
    i += size;
    start = i;
  }
  out.append(text.substr(start));
}

void printer::flush() {
  if (out_.empty()) return;
  std::unique_lock<std::mutex> lock;
  if (shared_) lock = std::unique_lock(*shared_);
  std::size_t done = 0;
  while (done < out_.size()) {
    const ssize_t n = ::write(STDOUT_FILENO, out_.data() + done, out_.size() - done);
    if (n <= 0) break;  // a closed pipe (head): the rest has nowhere to go
    done += static_cast<std::size_t>(n);
  }
  out_.clear();
}

}  // namespace instrukt_ai::logs
