// libFuzzer: any bytes as a value -> exactly one line's worth of text (no raw
// newline), that parses back to the value (invalid UTF-8 as U+FFFD per byte).
#include "../support/utf8_reference.hpp"

#include <instrukt_ai/logging/logfmt.hpp>

#include <cstdint>
#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace logfmt = instrukt_ai::logging::logfmt;
  const std::string value(reinterpret_cast<const char*>(data), size);
  const std::string encoded = logfmt::encode_value(value);
  if (encoded.find('\n') != std::string::npos || encoded.find('\r') != std::string::npos) std::abort();
  const auto parsed = logfmt::parse_line("k=" + encoded);
  if (parsed.error || parsed.pairs.size() != 1) std::abort();
  if (parsed.pairs[0].value != test_support::as_read_back(value)) std::abort();
  return 0;
}
