#include "../library_events.hpp"

#include <instrukt_ai/logging/catalog_export.hpp>

namespace instrukt_ai::logging {

catalog_description library_catalog() {
  return describe_catalog<catalog<detail::log_events_dropped, detail::log_event_too_large, detail::log_write_failed,
                                   detail::log_context_refused, detail::log_levels_changed,
                                   detail::log_levels_file_refused, detail::log_levels_line_ignored,
                                   detail::log_levels_lines_ignored, detail::logging_configured,
                                   detail::fatal_signal>>(detail::internal_logger_name);
}

}  // namespace instrukt_ai::logging
