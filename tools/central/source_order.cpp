#include "source_order.hpp"

#include "common/fleet_frame.hpp"

#include <algorithm>
#include <charconv>

namespace instrukt_ai::central {

decision source_order::take(std::string_view id, std::uint64_t offset, std::uint64_t size) {
  const auto g = std::find_if(generations_.rbegin(), generations_.rend(), [&](const auto& x) { return x.id == id; });
  if (g == generations_.rend()) {
    if (generations_.size() == kept_generations) generations_.erase(generations_.begin());
    generations_.push_back({std::string(id), offset + size});
    return offset == 0 ? decision{verdict::new_generation} : decision{verdict::gap, 0, offset};
  }
  const std::uint64_t end = g->end;
  if (offset + size <= end) return {verdict::resent};
  g->end = offset + size;
  if (offset > end) return {verdict::gap, 0, offset - end};
  return {verdict::next, end - offset};
}

std::string source_order::save() const {
  std::string out = "ial-central-order 2\n";
  for (const auto& g : generations_) out += g.id + ' ' + std::to_string(g.end) + '\n';
  return out;
}

source_order source_order::load(std::string_view text) {
  constexpr std::string_view header = "ial-central-order 2\n";
  if (!text.starts_with(header)) return {};
  text.remove_prefix(header.size());
  source_order order;
  while (!text.empty()) {
    const auto nl = text.find('\n');
    const auto space = text.find(' ');
    if (nl == std::string_view::npos || space > nl) return {};
    generation g{std::string(text.substr(0, space))};
    const auto number = text.substr(space + 1, nl - space - 1);
    const auto r = std::from_chars(number.data(), number.data() + number.size(), g.end);
    if (!tools::valid_generation(g.id) || number.empty() || r.ec != std::errc{} ||
        r.ptr != number.data() + number.size() || order.generations_.size() == kept_generations)
      return {};
    order.generations_.push_back(std::move(g));
    text.remove_prefix(nl + 1);
  }
  return order;
}

}  // namespace instrukt_ai::central
