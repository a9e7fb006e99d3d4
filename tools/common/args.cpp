#include "args.hpp"

#include <cstdio>

namespace instrukt_ai::tools {

bool arg_reader::help(std::string_view usage) const {
  if (!is_help()) return false;
  std::fwrite(usage.data(), 1, usage.size(), stdout);
  return true;
}

std::string arg_reader::value(std::string_view needs) {
  const std::string option(current());
  if (i_ + 1 >= argc_) throw usage_error(needs.empty() ? option + " needs a value" : std::string(needs));
  std::string v = argv_[++i_];
  if (v.empty() && !needs.empty()) throw usage_error(std::string(needs));
  return v;
}

void arg_reader::unknown() const { throw usage_error("unknown option " + std::string(current())); }

void arg_reader::unexpected() const { throw usage_error("unexpected argument \"" + std::string(current()) + "\""); }

int usage_exit(std::string_view tool, std::string_view message, std::string_view after) {
  std::fprintf(stderr, "%.*s: %.*s\n%.*s", static_cast<int>(tool.size()), tool.data(), static_cast<int>(message.size()),
               message.data(), static_cast<int>(after.size()), after.data());
  return 2;
}

std::string help_hint(std::string_view tool) {
  std::string hint = "(";  // appended, not "(" + ...: GCC 12 warns falsely (-Wrestrict) on the operator+
  hint += tool;
  hint += " --help shows the options)\n";
  return hint;
}

}  // namespace instrukt_ai::tools
