// How matched lines are written to stdout: raw (the level coloured on a
// terminal) or one JSON object per line.
#pragma once

#include <cstdio>
#include <mutex>
#include <string>
#include <string_view>

namespace instrukt_ai::logs {

enum class output_format { raw, json };

class printer {
 public:
  // `shared`: held while writing to stdout, when several printers share it.
  printer(output_format format, bool color, std::mutex* shared = nullptr);
  ~printer() { flush(); }
  // `group`: a line and the lines without a timestamp that continue it.
  // `suffix` (" host=web-1" with --hosts) goes at the end of its first line,
  // before the JSON is derived from it.
  void print(std::string_view group, std::string_view suffix = {});
  void flush();
  std::size_t printed() const noexcept { return printed_; }

 private:
  void raw(std::string_view group);
  void json(std::string_view group);

  output_format format_;
  bool color_;
  std::string out_;
  std::string scratch_;
  std::string with_suffix_;
  std::mutex* shared_;
  std::size_t printed_ = 0;
};

// The JSON object for one line: keys in line order, each once (the first
// wins), `timestamp` for the leading time, values as strings (a bare null as
// null, a key without '=' as true), lines that continue it under "continued".
// A line that is not logfmt gives {"line": ..., "parse_error": ...}.
void append_json(std::string& out, std::string_view group, std::string& scratch);

}  // namespace instrukt_ai::logs
