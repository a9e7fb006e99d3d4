// The soft limit on open files raised to the hard one: a tool that reads many
// files (archives, hosts, central sources) needs a descriptor for each.
#pragma once

#include <cstddef>

namespace instrukt_ai::tools {

// The soft limit now (0 when it is unlimited).
std::size_t raise_descriptor_limit() noexcept;

}  // namespace instrukt_ai::tools
