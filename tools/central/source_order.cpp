#include "source_order.hpp"

#include <charconv>

namespace instrukt_ai::central {

namespace {

// FNV-1a over the offset's 8 bytes, then the line's.
std::uint64_t key_of(std::uint64_t offset, std::string_view line) noexcept {
  std::uint64_t h = 14695981039346656037ull;
  for (int i = 0; i < 8; ++i) h = (h ^ ((offset >> (8 * i)) & 0xff)) * 1099511628211ull;
  for (const unsigned char c : line) h = (h ^ c) * 1099511628211ull;
  return h;
}

}  // namespace

void source_order::remember(std::uint64_t key) {
  recent_.push_back(key);
  ++recent_count_[key];
  if (recent_.size() > remembered_lines) {
    const auto old = recent_.front();
    recent_.pop_front();
    if (--recent_count_[old] == 0) recent_count_.erase(old);
  }
}

decision source_order::take(std::uint64_t offset, std::string_view line) {
  const auto key = key_of(offset, line);
  if (recent_count_.contains(key)) return {verdict::resent};
  remember(key);
  const std::uint64_t end = offset + line.size() + 1;  // the line and its '\n'
  if (next_.empty()) {  // nothing known: take it as it comes
    next_.push_back(end);
    return {verdict::next};
  }
  if (offset == 0) {
    if (next_.size() == kept_generations) next_.erase(next_.begin());
    next_.push_back(end);
    return {verdict::new_generation};
  }
  for (auto g = next_.rbegin(); g != next_.rend(); ++g)
    if (*g == offset) {
      *g = end;
      return {verdict::next};
    }
  for (auto& g : next_)
    if (offset < g) return {verdict::early};
  const decision d{verdict::gap, offset - next_.back()};
  next_.back() = end;
  return d;
}

std::string source_order::save() const {
  std::string out = "ial-central-order 1\n";
  for (const auto g : next_) out += std::to_string(g) + ' ';
  out += '\n';
  char buf[24];
  for (const auto k : recent_) {
    const auto r = std::to_chars(buf, buf + sizeof buf, k, 16);
    out.append(buf, r.ptr).push_back(' ');
  }
  out += '\n';
  return out;
}

source_order source_order::load(std::string_view text) {
  constexpr std::string_view header = "ial-central-order 1\n";
  if (!text.starts_with(header)) return {};
  text.remove_prefix(header.size());
  // Space-separated numbers up to the next '\n', in `base`; false on anything else.
  auto row = [&](int base, auto&& each) {
    const auto nl = text.find('\n');
    if (nl == std::string_view::npos) return false;
    const char* p = text.data();
    const char* const e = p + nl;
    text.remove_prefix(nl + 1);
    while (p != e) {
      std::uint64_t v = 0;
      const auto r = std::from_chars(p, e, v, base);
      if (r.ec != std::errc{} || r.ptr == e || *r.ptr != ' ') return false;
      each(v);
      p = r.ptr + 1;
    }
    return true;
  };
  source_order order;
  const bool ok = row(10, [&](std::uint64_t v) { order.next_.push_back(v); }) &&
                  row(16, [&](std::uint64_t v) { order.remember(v); }) && text.empty() &&
                  order.next_.size() <= kept_generations;
  return ok ? order : source_order{};
}

}  // namespace instrukt_ai::central
