// The names an app name gives, derived as the InstruktAI Python logger derives
// them. configure_logging() and the command-line tools use this one function,
// so a tool finds the same file and loggers the service writes.
//
//   ial::names_for("Order-Svc")  ->  {"ORDER_SVC", "order_svc", "order-svc"}
#pragma once

#include <string>
#include <string_view>

namespace instrukt_ai::logging {

struct app_names {
  std::string env_prefix;     // upper-case, each run of other characters '_', trimmed: {P}_LOG_LEVEL
  std::string logger_prefix;  // lower-case, each run of other characters '_', trimmed: our loggers
  std::string file_stem;      // lower-case, each run of other characters '-', trimmed: folder and file
};

// Empty names when `app` has no letter or digit.
app_names names_for(std::string_view app);

}  // namespace instrukt_ai::logging
