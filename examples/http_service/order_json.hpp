// An order's JSON: the POST body, validated, and the response.
#pragma once

#include "order_store.hpp"

#include <nlohmann/json.hpp>

#include <cctype>

#include <string>
#include <string_view>
#include <variant>

namespace orders {

struct order_request {
  std::string sku;
  std::uint32_t quantity = 0;
};

// {"sku": "A-12", "quantity": 3}: sku 1..64 of [A-Za-z0-9_-], quantity 1..1000.
// Anything else is the reason it was refused, for the 400's body and the log.
inline std::variant<order_request, std::string> parse_order(std::string_view body) {
  const auto json = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded()) return std::string("body is not JSON");
  if (!json.is_object()) return std::string("body is not a JSON object");
  const auto sku = json.find("sku");
  if (sku == json.end() || !sku->is_string()) return std::string("sku: a string is required");
  const auto& text = sku->get_ref<const std::string&>();
  if (text.empty() || text.size() > 64) return std::string("sku: 1 to 64 characters");
  for (const char c : text)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_'))
      return std::string("sku: only letters, digits, '-' and '_'");
  const auto quantity = json.find("quantity");
  if (quantity == json.end() || !quantity->is_number_integer()) return std::string("quantity: an integer is required");
  const auto q = quantity->get<long long>();
  if (q < 1 || q > 1000) return std::string("quantity: 1 to 1000");
  return order_request{text, static_cast<std::uint32_t>(q)};
}

inline std::string order_json(const order& o) {
  return nlohmann::json{{"id", o.id}, {"sku", o.sku}, {"quantity", o.quantity}}.dump();
}

inline std::string error_json(std::string_view error) { return nlohmann::json{{"error", error}}.dump(); }

}  // namespace orders
