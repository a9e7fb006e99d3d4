// Messages from other logging systems: the caller's side and the writer's
// formatting of their records.
#include <instrukt_ai/logging/detail/event/raw_message.hpp>
#include <instrukt_ai/logging/logger.hpp>

#include <algorithm>
#include <array>

namespace instrukt_ai::logging {
namespace detail {
namespace {

bool key_byte_ok(unsigned char c) noexcept { return c > ' ' && c < 0x7f && c != '=' && c != '"'; }

void append_key(line_buffer& out, std::string_view key) {
  out.push_back(' ');
  if (key.empty()) {
    out.push_back('_');
  } else {
    constexpr std::size_t chunk = 256;  // a bounded reservation: buffers in spill mode need one
    for (std::size_t at = 0; at < key.size(); at += chunk) {
      const std::size_t n = std::min(chunk, key.size() - at);
      out.reserve_more(n);
      char* p = out.cursor();
      for (char c : key.substr(at, n)) *p++ = key_byte_ok(static_cast<unsigned char>(c)) ? c : '_';
      out.advance(n);
    }
    if (is_reserved_key(key)) out.push_back('_');
  }
  out.push_back('=');
}

std::string_view read_string(const std::byte*& in, bool& cut) {
  std::uint32_t word;
  in = take(in, word);
  const std::size_t n = word & ~cut_bit;
  cut = (word & cut_bit) != 0;
  const std::string_view s{reinterpret_cast<const char*>(in), n};
  in += n;
  return s;
}

const std::byte* format_message(const std::byte* in, format_context& ctx) {
  in = codec<std::string_view>::format(in, ctx);  // the text, after " msg="
  std::uint32_t count;
  in = take(in, count);
  for (std::uint32_t i = 0; i < count; ++i) {
    bool cut;
    const std::string_view key = read_string(in, cut);
    append_key(ctx.out, key);
    in = codec<std::string_view>::format(in, ctx);
  }
  return in;
}

const std::byte* skip_message(const std::byte* in) noexcept {
  in = string_codec_base::skip(in);
  std::uint32_t count;
  in = take(in, count);
  for (std::uint32_t i = 0; i < count; ++i) in = string_codec_base::skip(string_codec_base::skip(in));
  return in;
}

constexpr std::array<descriptor, 6> descriptors = [] {
  std::array<descriptor, 6> d{};
  for (std::size_t i = 0; i < d.size(); ++i)
    d[i] = descriptor{"message", static_cast<level>(i), " msg=", {}, &format_message, nullptr, record_role::line,
                      ~std::uint64_t{0}, &skip_message};  // keys vary per message
  return d;
}();

}  // namespace

const descriptor& message_descriptor(level l) noexcept { return descriptors[static_cast<std::size_t>(l)]; }

}  // namespace detail

void logger::log_message_enabled(level severity, std::string_view text, std::span<const message_field> fields) const {
  if (severity >= level::off) return;
  const std::uint64_t tag =
      reinterpret_cast<std::uintptr_t>(&detail::message_descriptor(severity)) | tag_for(severity);
  detail::emit_whole(tag, detail::raw_message{text, fields});
}

void log_message(std::string_view logger_name, level severity, std::string_view text,
                 std::initializer_list<message_field> fields) {
  get_logger(logger_name).log_message(severity, text, fields);
}

}  // namespace instrukt_ai::logging
