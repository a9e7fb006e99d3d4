// W3C traceparent: parse, write, new ids; and its fields as a context.
#include <instrukt_ai/logging/context.hpp>
#include <instrukt_ai/logging/trace_context.hpp>

#include <atomic>
#include <cstring>
#include <random>

namespace instrukt_ai::logging {
namespace detail {
namespace {

std::atomic<std::uint64_t> invalid_count{0};

bool is_lower_hex(std::string_view s) noexcept {
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}
bool all_zero(std::string_view s) noexcept { return s.find_first_not_of('0') == std::string_view::npos; }
unsigned hex_value(char c) noexcept { return c <= '9' ? unsigned(c - '0') : unsigned(c - 'a' + 10); }

void random_hex(char* out, std::size_t n) {
  thread_local std::mt19937_64 bits{[] {
    std::random_device device;
    return (std::uint64_t{device()} << 32) ^ device();
  }()};
  do {
    for (std::size_t i = 0; i < n; i += 16) {
      std::uint64_t v = bits();
      for (std::size_t j = i; j < i + 16 && j < n; ++j, v >>= 4) out[j] = "0123456789abcdef"[v & 0xF];
    }
  } while (all_zero({out, n}));  // an all-zero id is invalid
}

}  // namespace
}  // namespace detail

std::optional<trace_context> trace_context::from_traceparent(std::string_view h) noexcept {
  using namespace detail;
  while (!h.empty() && (h.front() == ' ' || h.front() == '\t')) h.remove_prefix(1);
  while (!h.empty() && (h.back() == ' ' || h.back() == '\t')) h.remove_suffix(1);
  // version "-" trace-id "-" parent-id "-" flags; a later version may add "-..." fields.
  const bool shaped = h.size() >= 55 && h[2] == '-' && h[35] == '-' && h[52] == '-' &&
                      is_lower_hex(h.substr(0, 2)) && is_lower_hex(h.substr(3, 32)) &&
                      is_lower_hex(h.substr(36, 16)) && is_lower_hex(h.substr(53, 2));
  const std::string_view version = shaped ? h.substr(0, 2) : std::string_view{};
  const bool valid = shaped && version != "ff" && (h.size() == 55 ? true : version != "00" && h[55] == '-') &&
                     !all_zero(h.substr(3, 32)) && !all_zero(h.substr(36, 16));
  if (!valid) {
    invalid_count.fetch_add(1, std::memory_order_relaxed);
    return std::nullopt;
  }
  trace_context t;
  std::memcpy(t.trace_id_, h.data() + 3, 32);
  std::memcpy(t.span_id_, h.data() + 36, 16);
  t.flags_ = static_cast<std::uint8_t>(hex_value(h[53]) * 16 + hex_value(h[54]));
  return t;
}

trace_context trace_context::new_root() {
  trace_context t;
  detail::random_hex(t.trace_id_, sizeof t.trace_id_);
  detail::random_hex(t.span_id_, sizeof t.span_id_);
  t.flags_ = 1;
  return t;
}

trace_context trace_context::child() const {
  trace_context t = *this;
  detail::random_hex(t.span_id_, sizeof t.span_id_);
  return t;
}

std::string trace_context::traceparent() const {
  std::string s = "00-";
  s.append(trace_id()).append(1, '-').append(span_id()).append(1, '-');
  s.push_back("0123456789abcdef"[flags_ >> 4]);
  s.push_back("0123456789abcdef"[flags_ & 0xF]);
  return s;
}

std::uint64_t invalid_traceparents() noexcept { return detail::invalid_count.load(std::memory_order_relaxed); }

scoped_context::scoped_context(const trace_context& trace) {
  trace_keys f;
  std::memcpy(f.trace_id.digits, trace.trace_id().data(), 32);
  std::memcpy(f.span_id.digits, trace.span_id().data(), 16);
  if (detail::enter_context(f)) {
    place_ = detail::context_entered();
    levels_ = 1;
  }
}

}  // namespace instrukt_ai::logging
