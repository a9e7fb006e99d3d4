// A catalog type turned into data, JSON or Markdown (the heavy part of
// catalogs: include it where you export, not where you log).
//
//   std::string json = ial::catalog_json<jobs_events>("jobs");
#pragma once

#include <instrukt_ai/logging/catalog.hpp>
#include <instrukt_ai/logging/catalog_model.hpp>
#include <instrukt_ai/logging/detail/catalog/describe_value.hpp>

#include <string>
#include <string_view>

namespace instrukt_ai::logging {

template <event_catalog Catalog>
catalog_description describe_catalog(std::string_view app) {
  static_assert(Catalog::checked);
  catalog_description c;
  c.app = std::string(app);
  Catalog::for_each([&]<class Event>() { c.events.push_back(detail::describe_event<Event>()); });
  Catalog::for_each_context([&]<class Context>() { c.contexts.push_back(detail::describe_context<Context>()); });
  return c;
}

template <event_catalog Catalog>
std::string catalog_json(std::string_view app) {
  return to_json(describe_catalog<Catalog>(app));
}

template <event_catalog Catalog>
std::string catalog_markdown(std::string_view app) {
  return to_markdown(describe_catalog<Catalog>(app));
}

// Writes the catalog's JSON to path ("-": stdout); 0, or 1 with the reason on
// stderr. For generators (instrukt_ai_event_catalog in CMake).
int write_catalog_file(const std::string& json, const char* path);

}  // namespace instrukt_ai::logging
