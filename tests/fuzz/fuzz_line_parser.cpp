// libFuzzer: any bytes as a line -> the parser (the one instrukt-ai-catalog
// check uses) never crashes; when it accepts the line, writing its pairs out
// again gives a line that parses to the same pairs.
#include <instrukt_ai/logging/logfmt.hpp>

#include <cstdint>
#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace logfmt = instrukt_ai::logging::logfmt;
  const std::string line(reinterpret_cast<const char*>(data), size);
  const auto parsed = logfmt::parse_line(line);
  if (parsed.error) {
    if (parsed.error->column > line.size()) std::abort();
    return 0;
  }
  std::string again;
  for (const auto& p : parsed.pairs) {
    if (p.key.empty() || p.key.find_first_of(" =\"") != std::string::npos) std::abort();
    again += again.empty() ? "" : " ";
    again += p.key;
    if (p.has_value) again += "=" + logfmt::encode_value(p.value);
  }
  const auto reparsed = logfmt::parse_line(again);
  if (reparsed.error || reparsed.pairs.size() != parsed.pairs.size()) std::abort();
  for (std::size_t i = 0; i < parsed.pairs.size(); ++i) {
    const auto& a = parsed.pairs[i];
    const auto& b = reparsed.pairs[i];
    // A value with invalid UTF-8 reads back with U+FFFD: compare only valid ones.
    const bool valid = logfmt::encode_value(a.value).find("\\ufffd") == std::string::npos;
    if (a.key != b.key || a.has_value != b.has_value || (valid && a.value != b.value)) std::abort();
  }
  return 0;
}
