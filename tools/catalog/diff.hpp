// `diff`: every change between two catalogs, breaking or additive.
#pragma once

#include "check.hpp"

#include <instrukt_ai/logging/catalog_model.hpp>

#include <cstdio>
#include <string>
#include <vector>

namespace instrukt_ai::catalog_tool {

struct catalog_change {
  bool breaking;
  std::string event;  // empty for a change to the catalog itself
  std::string what;
};

// In the new catalog's order: changes to the app, removed events, then each
// event's changes, then added events.
std::vector<catalog_change> diff_catalogs(const logging::catalog_description& before,
                                          const logging::catalog_description& after);

// Exit status: 1 when any change is breaking, else 0.
int run_diff(const logging::catalog_description& before, const logging::catalog_description& after,
             output_format format, std::FILE* out);

}  // namespace instrukt_ai::catalog_tool
