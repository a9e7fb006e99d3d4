// The tools' command lines, read left to right by one loop:
//
//   tools::arg_reader args(argc, argv);
//   while (args.next()) {
//     if (args.help(usage)) return 0;
//     if (args.is("--root")) root = args.value();
//     else args.positional(app, level);   // or args.unknown()
//   }
//
// A mistake throws tools::usage_error; usage_exit() prints it the tools' way
// and gives exit status 2.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace instrukt_ai::tools {

struct usage_error : std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};

class arg_reader {
 public:
  arg_reader(int argc, char** argv) : argc_(argc), argv_(argv) {}

  // Moves to the next argument; false past the last.
  bool next() noexcept { return ++i_ < argc_; }
  std::string_view current() const noexcept { return argv_[i_]; }
  bool is(std::string_view name) const noexcept { return current() == name; }
  bool is_help() const noexcept { return is("-h") || is("--help"); }
  // At -h or --help: prints `usage` on stdout and returns true.
  bool help(std::string_view usage) const;

  // The current option's value (the next argument): "OPTION needs a value"
  // when there is none, or `needs` ("--root needs a folder") when it is empty.
  std::string value(std::string_view needs = {});

  // The current argument into the first empty one of `slots`; an option
  // ("-x") is unknown, and one more than the slots is unexpected.
  template <class... S>
  void positional(S&... slots) {
    if (current().starts_with("-") && current().size() > 1) unknown();
    if (!((slots.empty() ? (slots = std::string(current()), true) : false) || ...)) unexpected();
  }
  [[noreturn]] void unknown() const;     // "unknown option X"
  [[noreturn]] void unexpected() const;  // "unexpected argument "X""

 private:
  int argc_;
  char** argv_;
  int i_ = 0;
};

// "TOOL: MESSAGE", then `after` (the usage, or a hint to --help); returns 2.
int usage_exit(std::string_view tool, std::string_view message, std::string_view after);
// The hint most tools give after a usage error.
std::string help_hint(std::string_view tool);

}  // namespace instrukt_ai::tools
