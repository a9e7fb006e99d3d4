// How matched lines are written to stdout: raw (the level coloured on a
// terminal) or one JSON object per line. On a terminal, raw output shows the
// control bytes of a line escaped (ESC as \x1b; C0, DEL, C1 and bytes that are
// not UTF-8), so that a line from any host cannot drive the terminal; to a
// pipe or a file the bytes go unchanged.
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
  struct terminal {
    bool color = false;            // the level coloured
    bool escape_controls = false;  // control bytes shown escaped
  };
  printer(output_format format, terminal term, std::mutex* shared = nullptr);
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
  terminal term_;
  std::string out_;
  std::string scratch_;
  std::string with_suffix_;
  std::string escaped_;
  std::mutex* shared_;
  std::size_t printed_ = 0;
};

// The JSON object for one line: keys in line order, each once (the first
// wins), `timestamp` for the leading time, values as strings (a bare null as
// null, a key without '=' as true), lines that continue it under "continued".
// A line that is not logfmt gives {"line": ..., "parse_error": ...}.
void append_json(std::string& out, std::string_view group, std::string& scratch);

// `text` with its control bytes escaped as \xNN: C0 but tab and the '\n'
// between a group's lines, DEL, C1 (U+0080..U+009F) and bytes that are not UTF-8.
void append_for_terminal(std::string& out, std::string_view text);

}  // namespace instrukt_ai::logs
