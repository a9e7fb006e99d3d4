// The soft limit on open files raised to the hard one: a tool that reads many
// files (archives, hosts, central sources) needs a descriptor for each.
#pragma once

#include <cstddef>

namespace instrukt_ai::tools {

inline constexpr std::size_t unlimited_descriptors = static_cast<std::size_t>(-1);

// The soft limit now: unlimited_descriptors when there is none, 0 when it
// cannot be read.
std::size_t raise_descriptor_limit() noexcept;

}  // namespace instrukt_ai::tools
