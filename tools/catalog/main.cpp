// instrukt-ai-catalog: audits event catalogs and the logs written against them.
//
//   instrukt-ai-catalog check CATALOG.json LOG... [--format json] [--allow-empty]   (LOG "-": stdin)
//   instrukt-ai-catalog diff OLD.json NEW.json [--format json]
//   instrukt-ai-catalog docs CATALOG.json
//
// Exit status: 0 clean; 1 findings or no line of the app at all (check), or a
// breaking change (diff);
// 2 usage, I/O or catalog-file errors.
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
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--root") {
      if (i + 1 >= argc || argv[i + 1][0] == '\0') {
        fmt::print(stderr, "instrukt-ai-catalog: --root needs a folder\n{}", usage);
        return 2;
      }
      root = argv[++i];
    } else if (a == "--format") {
      if (i + 1 >= argc || (std::strcmp(argv[i + 1], "json") != 0 && std::strcmp(argv[i + 1], "text") != 0)) {
        fmt::print(stderr, "instrukt-ai-catalog: --format takes json or text\n{}", usage);
        return 2;
      }
      format = std::strcmp(argv[++i], "json") == 0 ? tool::output_format::json : tool::output_format::text;
    } else if (a == "--allow-empty") {
      allow_empty = true;
    } else if (a == "-h" || a == "--help") {
      std::fputs(usage, stdout);
      return 0;
    } else {
      args.push_back(a);
    }
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
  fmt::print(stderr, "instrukt-ai-catalog: {}\n{}",
             command == "check" || command == "diff" || command == "docs" ? "wrong number of arguments"
                                                                            : "unknown command " + command,
             usage);
  return 2;
}
