// A project's own secret words (INSTRUKT_AI_LOGGING_EXTRA_SECRET_WORDS="pin, iban").
#include <instrukt_ai/logging.hpp>

#include <catch2/catch.hpp>

namespace d = instrukt_ai::logging::detail;

TEST_CASE("extra secret words extend the built-in list", "[guide][secrets]") {
  CHECK(d::is_secret_key("pin"));
  CHECK(d::is_secret_key("card_pin"));
  CHECK(d::is_secret_key("iban"));
  CHECK(d::is_secret_key("password"));  // the built-in words still count
  CHECK_FALSE(d::is_secret_key("spinner"));
  CHECK(d::is_secret_key("pin_count"));  // "pin" as a word anywhere
}
