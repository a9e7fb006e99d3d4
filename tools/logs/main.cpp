// instrukt-ai-logs: prints an app's recent lines, merged across its files
// (live, rotated, .gz) in timestamp order, and with --hosts across the host
// folders of a central tree (docs/fleet.md); filters; follows. docs/reading.md.
//
// Exit status: 0 lines printed; 1 nothing matched (as grep); 2 usage error,
// unknown app, or a file that could not be read (the others are still read).
#include "file_stream.hpp"
#include "follow.hpp"
#include "printer.hpp"

#include <instrukt_ai/logging/configure.hpp>
#include <instrukt_ai/logging/logfmt.hpp>
#include <instrukt_ai/logging/names.hpp>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <mutex>
#include <string>
#include <thread>
#include <unistd.h>
#include <vector>

namespace fs = std::filesystem;
namespace logs = instrukt_ai::logs;

namespace {

constexpr const char* usage =
    "usage: instrukt-ai-logs APP [--since T] [--until T] [-f|--follow] [--grep RE] [--exclude RE]\n"
    "                        [--where KEY OP VALUE]... [--logs STEM,...] [--format raw|json] [--no-color]\n"
    "                        [--root DIR] [--hosts]\n"
    "  T: 30s 10m 2h 1d back from now (default --since 10m), or an RFC 3339 time\n"
    "  OP: = != > >= < <= ~ !~   (level>=WARNING, logger=jobs.*, job_id=42, duration_ms>100, error~timeout)\n"
    "  reads DIR/APP/*.log, *.log.N, *.log-DATE and their .gz (DIR: $INSTRUKT_AI_LOG_ROOT, else /var/log/instrukt-ai)\n"
    "  --hosts: DIR is a central tree (DIR/HOST/APP/...): every host's lines, merged, each ending host=HOST\n"
    "  exit status: 0 printed, 1 nothing matched, 2 error\n";

std::atomic<bool> stop_requested{false};

int usage_error(const std::string& message) {
  std::fprintf(stderr, "instrukt-ai-logs: %s\n(instrukt-ai-logs --help shows the options)\n", message.c_str());
  return 2;
}

std::vector<std::string> split_commas(std::string_view text) {
  std::vector<std::string> out;
  while (!text.empty()) {
    const auto comma = text.find(',');
    if (comma != 0) out.emplace_back(text.substr(0, comma));
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return out;
}

struct arguments {
  std::string app;
  fs::path root = instrukt_ai::logging::default_log_root();
  std::string since = "10m", until;
  bool follow = false, no_color = false, hosts = false;
  logs::output_format format = logs::output_format::raw;
  std::vector<std::string> stems;
};

}  // namespace

int main(int argc, char** argv) {
  arguments args;
  logs::query q;
  bool root_given = false;
  try {
    for (int i = 1; i < argc; ++i) {
      const std::string_view a = argv[i];
      auto value = [&]() -> std::string_view {
        if (i + 1 >= argc) throw std::invalid_argument(std::string(a) + " needs a value");
        return argv[++i];
      };
      if (a == "-h" || a == "--help") {
        std::fputs(usage, stdout);
        return 0;
      } else if (a == "--root") {
        args.root = std::string(value());
        if (args.root.empty()) throw std::invalid_argument("--root needs a folder");
        root_given = true;
      } else if (a == "--hosts") {
        args.hosts = true;
      } else if (a == "--since") {
        args.since = value();
      } else if (a == "--until") {
        args.until = value();
      } else if (a == "-f" || a == "--follow") {
        args.follow = true;
      } else if (a == "--grep") {
        q.filter.grep(value());
      } else if (a == "--exclude") {
        q.filter.exclude(value());
      } else if (a == "--where") {
        q.filter.where(value());
      } else if (a == "--logs") {
        args.stems = split_commas(value());
        if (args.stems.empty()) throw std::invalid_argument("--logs needs stems, e.g. --logs app,cron");
      } else if (a == "--format") {
        const auto f = value();
        if (f == "raw")
          args.format = logs::output_format::raw;
        else if (f == "json")
          args.format = logs::output_format::json;
        else
          throw std::invalid_argument("--format '" + std::string(f) + "': use raw or json");
      } else if (a == "--no-color") {
        args.no_color = true;
      } else if (a.starts_with("-") && a.size() > 1) {
        throw std::invalid_argument("unknown option " + std::string(a));
      } else if (args.app.empty()) {
        args.app = a;
      } else {
        throw std::invalid_argument("one APP only (got '" + args.app + "' and '" + std::string(a) + "')");
      }
    }
  } catch (const std::invalid_argument& e) {
    return usage_error(e.what());
  }
  if (args.app.empty()) return usage_error("which app? name it, as configure_logging() was given it");
  if (args.hosts && !root_given)
    return usage_error("--hosts needs --root CENTRAL: the aggregator's folder that holds HOST/APP/ (docs/fleet.md)");
  const logs::micros now = logs::now_micros();
  const auto since = logs::parse_when(args.since, now);
  if (!since) return usage_error("--since '" + args.since + "': use 30s, 10m, 2h, 1d or an RFC 3339 time");
  q.since = *since;
  if (!args.until.empty()) {
    const auto until = logs::parse_when(args.until, now);
    if (!until) return usage_error("--until '" + args.until + "': use 30s, 10m, 2h, 1d or an RFC 3339 time");
    if (args.follow) return usage_error("--until and --follow do not go together");
    q.until = *until;
  }

  // The app's folder, or with --hosts one per host folder, each with the
  // suffix its lines get.
  const std::string stem = instrukt_ai::logging::names_for(args.app).file_stem;
  struct source {
    fs::path folder;
    std::string suffix;
  };
  std::vector<source> sources;
  std::error_code ec;
  if (!args.hosts) {
    sources.push_back({args.root / stem, {}});
  } else if (!stem.empty()) {
    for (const auto& host : logs::list_apps(args.root))  // the folders under the central root
      if (args.follow || fs::is_directory(args.root / host / stem, ec))
        sources.push_back({args.root / host / stem, " host=" + instrukt_ai::logging::logfmt::encode_value(host)});
  }
  const bool found = !stem.empty() && std::any_of(sources.begin(), sources.end(), [&](const source& s) {
    return fs::is_directory(s.folder, ec);
  });
  if (!found) {
    const std::string where = args.hosts ? args.root.string() + "/*/" + stem : (args.root / stem).string();
    if (args.follow && !sources.empty()) {
      std::fprintf(stderr, "instrukt-ai-logs: waiting for %s to appear\n", where.c_str());
    } else if (args.hosts) {
      std::string hosts;
      for (const auto& name : logs::list_apps(args.root)) hosts += (hosts.empty() ? "" : ", ") + name;
      std::fprintf(stderr, "instrukt-ai-logs: no app '%s' in any host folder under %s (no folder %s). Hosts found: %s\n",
                   args.app.c_str(), args.root.c_str(), where.c_str(), hosts.empty() ? "none" : hosts.c_str());
      return 2;
    } else {
      std::string apps;
      for (const auto& name : logs::list_apps(args.root)) apps += (apps.empty() ? "" : ", ") + name;
      std::fprintf(stderr, "instrukt-ai-logs: no app '%s' under %s (no folder %s). Apps found: %s\n",
                   args.app.c_str(), args.root.c_str(), where.c_str(), apps.empty() ? "none" : apps.c_str());
      return 2;
    }
  }

  // The window: every file's matching groups, merged by (time, file order).
  const bool color = !args.no_color && ::isatty(STDOUT_FILENO) && !std::getenv("NO_COLOR");
  std::mutex stdout_lock;
  logs::printer out(args.format, color, &stdout_lock);
  std::vector<std::vector<logs::log_file>> files(sources.size());
  std::vector<std::unique_ptr<logs::file_stream>> streams;
  std::vector<const logs::log_file*> opened;
  std::vector<std::size_t> source_of;  // per stream
  int status = 0;
  for (std::size_t i = 0; i < sources.size(); ++i) {
    files[i] = logs::list_log_files(sources[i].folder, args.stems);
    for (const auto& f : files[i]) {
      if (!f.live && q.since != logs::no_time && f.modified_us < q.since - logs::out_of_order_tolerance)
        continue;  // written to last before the window: no line in it can be in the window
      std::string error;
      auto s = logs::open_stream(f, q, error);
      if (!s) {
        std::fprintf(stderr, "instrukt-ai-logs: %s\n", error.c_str());
        status = 2;
        continue;
      }
      streams.push_back(std::move(s));
      opened.push_back(&f);
      source_of.push_back(i);
    }
  }
  struct head {
    logs::group g;
    std::size_t stream;
  };
  std::vector<head> heads;
  auto later = [](const head& a, const head& b) {
    return a.g.time != b.g.time ? a.g.time > b.g.time : a.stream > b.stream;
  };
  for (std::size_t i = 0; i < streams.size(); ++i) {
    head h{{}, i};
    if (streams[i]->next(h.g)) heads.push_back(std::move(h));
  }
  std::make_heap(heads.begin(), heads.end(), later);
  while (!heads.empty()) {
    if (heads.size() == 1) {  // the last stream with lines (often the only one): no merging
      head& h = heads.back();
      const auto& suffix = sources[source_of[h.stream]].suffix;
      do out.print(h.g.view(), suffix);
      while (streams[h.stream]->next(h.g));
      break;
    }
    std::pop_heap(heads.begin(), heads.end(), later);
    head& h = heads.back();
    out.print(h.g.view(), sources[source_of[h.stream]].suffix);
    if (streams[h.stream]->next(h.g))
      std::push_heap(heads.begin(), heads.end(), later);
    else
      heads.pop_back();
  }
  out.flush();
  for (const auto& s : streams)
    if (!s->error().empty()) {
      std::fprintf(stderr, "instrukt-ai-logs: %s\n", s->error().c_str());
      status = 2;
    }

  if (args.follow) {
    std::signal(SIGINT, [](int) { stop_requested.store(true); });
    std::signal(SIGTERM, [](int) { stop_requested.store(true); });
    // One follower per folder; with --hosts each in its own thread, printing
    // lines as they come (a host folder made later is not followed).
    std::vector<std::vector<logs::followed_start>> starts(sources.size());
    for (std::size_t i = 0; i < streams.size(); ++i)
      if (opened[i]->live)
        starts[source_of[i]].push_back({opened[i]->path, opened[i]->stem, logs::take_follow_point(*streams[i])});
    auto follow_one = [&](std::size_t i, logs::printer& p) {
      logs::follow({.folder = sources[i].folder, .stems = args.stems, .suffix = sources[i].suffix},
                   std::move(starts[i]), q, p, stop_requested);
    };
    if (sources.size() == 1) {
      follow_one(0, out);
      return status;
    }
    std::vector<std::thread> threads;
    for (std::size_t i = 0; i < sources.size(); ++i)
      threads.emplace_back([&, i] {
        logs::printer p(args.format, color, &stdout_lock);
        follow_one(i, p);
      });
    for (auto& t : threads) t.join();
    return status;
  }

  if (out.printed() == 0 && status == 0) {
    logs::micros newest = logs::no_time;
    std::size_t count = 0;
    for (const auto& in_folder : files)
      for (const auto& f : in_folder) {
        ++count;
        if (const auto t = logs::newest_time(f); t && *t > newest) newest = *t;
      }
    for (const auto& s : streams)
      if (s->newest() > newest) newest = s->newest();
    const std::string where = args.hosts ? args.root.string() + "/*/" + stem : sources[0].folder.string();
    std::fprintf(stderr, "instrukt-ai-logs: no line matched in %s (%zu log file%s; newest line %s)\n", where.c_str(),
                 count, count == 1 ? "" : "s", newest == logs::no_time ? "none" : logs::format_time(newest).c_str());
    return 1;
  }
  return status;
}
