// instrukt-ai-catalog: audits event catalogs and the logs written against them.
//
//   instrukt-ai-catalog check CATALOG.json LOG... [--format json] [--allow-empty]   (LOG "-": stdin)
//   instrukt-ai-catalog diff OLD.json NEW.json [--format json]
//   instrukt-ai-catalog docs CATALOG.json
//
// Exit status: 0 clean; 1 findings or no line of the app at all (check), or a
// breaking change (diff);
// 2 usage, I/O or catalog-file errors.
#include "common/args.hpp"
#include "check.hpp"
#include "diff.hpp"

#include <instrukt_ai/logging/catalog_model.hpp>
#include <instrukt_ai/logging/configure.hpp>

#include <fmt/format.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace tools = instrukt_ai::tools;
namespace ial = instrukt_ai::logging;
namespace tool = instrukt_ai::catalog_tool;

constexpr const char* usage =
    "usage: instrukt-ai-catalog check CATALOG.json LOG... [--root DIR] [--format json] [--allow-empty]\n"
    "         LOG: a log file (plain or .gz), a folder of logs, an app's name under --root (default\n"
    "         $INSTRUKT_AI_LOG_ROOT, else /var/log/instrukt-ai), or '-' for stdin\n"
    "       instrukt-ai-catalog diff OLD.json NEW.json [--format json]\n"
    "       instrukt-ai-catalog docs CATALOG.json\n";

std::optional<ial::catalog_description> load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    fmt::print(stderr, "instrukt-ai-catalog: cannot open {}: {}\n", path, std::strerror(errno));
    return std::nullopt;
  }
  std::ostringstream text;
  text << in.rdbuf();
  try {
    return ial::read_catalog_json(text.str());
  } catch (const ial::catalog_format_error& e) {
    fmt::print(stderr, "instrukt-ai-catalog: {} is not a valid catalog: {}\n", path, e.what());
    return std::nullopt;
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args;
  auto format = tool::output_format::text;
  bool allow_empty = false;
  std::filesystem::path root = ial::default_log_root();
  try {
    for (tools::arg_reader a(argc, argv); a.next();) {
      if (a.help(usage)) return 0;
      if (a.is("--root")) {
        root = a.value("--root needs a folder");
      } else if (a.is("--format")) {
        const std::string f = a.value("--format takes json or text");
        if (f != "json" && f != "text") throw tools::usage_error("--format takes json or text");
        format = f == "json" ? tool::output_format::json : tool::output_format::text;
      } else if (a.is("--allow-empty")) {
        allow_empty = true;
      } else {
        args.emplace_back(a.current());
      }
    }
  } catch (const tools::usage_error& e) {
    return tools::usage_exit("instrukt-ai-catalog", e.what(), usage);
  }
  if (args.empty()) {
    std::fputs(usage, stderr);
    return 2;
  }
  const std::string command = args[0];
  if (command == "check" && args.size() >= 3) {
    const auto catalog = load(args[1]);
    if (!catalog) return 2;
    return tool::run_check(*catalog, {args.begin() + 2, args.end()}, root, format, allow_empty, stdout, stderr);
  }
  if (command == "diff" && args.size() == 3) {
    const auto before = load(args[1]);
    const auto after = before ? load(args[2]) : std::nullopt;
    if (!after) return 2;
    return tool::run_diff(*before, *after, format, stdout);
  }
  if (command == "docs" && args.size() == 2) {
    const auto catalog = load(args[1]);
    if (!catalog) return 2;
    const std::string page = ial::to_markdown(*catalog);
    return std::fwrite(page.data(), 1, page.size(), stdout) == page.size() ? 0 : 2;
  }
  return tools::usage_exit("instrukt-ai-catalog",
                           command == "check" || command == "diff" || command == "docs" ? "wrong number of arguments"
                                                                                          : "unknown command " + command,
                           usage);
}
