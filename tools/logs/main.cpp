// instrukt-ai-logs: prints an app's recent lines, merged across its files
// (live, rotated, .gz) in timestamp order, and with --hosts across the host
// folders of a central tree (docs/fleet.md); filters; follows. docs/reading.md.
//
// Exit status: 0 lines printed; 1 nothing matched (as grep); 2 usage error,
// unknown app, or a file that could not be read (the others are still read).
#include "file_stream.hpp"
#include "follow.hpp"
#include "printer.hpp"

#include "common/args.hpp"
#include "common/descriptors.hpp"

#include <instrukt_ai/logging/configure.hpp>
#include <instrukt_ai/logging/logfmt.hpp>
#include <instrukt_ai/logging/names.hpp>

#include <sys/resource.h>

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
#include <variant>
#include <vector>

namespace tools = instrukt_ai::tools;
namespace fs = std::filesystem;
namespace logs = instrukt_ai::logs;

namespace {

constexpr const char* usage =
    "usage: instrukt-ai-logs APP [--since T] [--until T] [-f|--follow] [--grep RE] [--exclude RE]\n"
    "                        [--where KEY OP VALUE]... [--logs STEM,...] [--format raw|json] [--no-color]\n"
    "                        [--root DIR] [--hosts] [--follow-symlinks]\n"
    "  T: 30s 10m 2h 1d back from now (default --since 10m), or an RFC 3339 time\n"
    "  OP: = != > >= < <= ~ !~   (level>=WARNING, logger=jobs.*, job_id=42, duration_ms>100, latency>=250us,\n"
    "                            error~timeout)\n"
    "  reads DIR/APP/*.log, *.log.N, *.log-DATE and their .gz (DIR: $INSTRUKT_AI_LOG_ROOT, else /var/log/instrukt-ai)\n"
    "  --hosts: DIR is a central tree (DIR/HOST/APP/...): every host's lines, merged, each ending host=HOST\n"
    "  --follow-symlinks: read a symlink to a file outside its app folder (skipped by default)\n"
    "  exit status: 0 printed, 1 nothing matched, 2 error\n";

std::atomic<bool> stop_requested{false};

// Threads that follow --hosts folders: each takes its share of the folders.
constexpr std::size_t max_follow_threads = 4;

int usage_error(const std::string& message) {
  return tools::usage_exit("instrukt-ai-logs", message, tools::help_hint("instrukt-ai-logs"));
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
  bool root_given = false;
  std::string since = "10m", until;
  bool follow = false, no_color = false, hosts = false;
  logs::output_format format = logs::output_format::raw;
  logs::listing listing;
};

// The arguments into `args` and `q`; throws std::invalid_argument on a usage
// error. False for --help (printed).
bool parse_arguments(int argc, char** argv, arguments& args, logs::query& q) {
  for (tools::arg_reader a(argc, argv); a.next();) {
    if (a.help(usage)) return false;
    if (a.is("--root")) {
      args.root = a.value("--root needs a folder");
      args.root_given = true;
    } else if (a.is("--hosts")) {
      args.hosts = true;
    } else if (a.is("--since")) {
      args.since = a.value();
    } else if (a.is("--until")) {
      args.until = a.value();
    } else if (a.is("-f") || a.is("--follow")) {
      args.follow = true;
    } else if (a.is("--grep")) {
      q.filter.grep(a.value());
    } else if (a.is("--exclude")) {
      q.filter.exclude(a.value());
    } else if (a.is("--where")) {
      q.filter.where(a.value());
    } else if (a.is("--logs")) {
      args.listing.stems = split_commas(a.value());
      if (args.listing.stems.empty()) throw tools::usage_error("--logs needs stems, e.g. --logs app,cron");
    } else if (a.is("--format")) {
      const auto f = a.value();
      if (f == "raw")
        args.format = logs::output_format::raw;
      else if (f == "json")
        args.format = logs::output_format::json;
      else
        throw tools::usage_error("--format '" + std::string(f) + "': use raw or json");
    } else if (a.is("--no-color")) {
      args.no_color = true;
    } else if (a.is("--follow-symlinks")) {
      args.listing.follow_symlinks = true;
    } else if (a.current().starts_with("-") && a.current().size() > 1) {
      a.unknown();
    } else if (args.app.empty()) {
      args.app = a.current();
    } else {
      throw tools::usage_error("one APP only (got '" + args.app + "' and '" + std::string(a.current()) + "')");
    }
  }
  if (args.app.empty()) throw tools::usage_error("which app? name it, as configure_logging() was given it");
  if (args.hosts && !args.root_given)
    throw tools::usage_error("--hosts needs --root CENTRAL: the aggregator's folder that holds HOST/APP/ (docs/fleet.md)");
  const logs::micros now = logs::now_micros();
  const auto since = logs::parse_when(args.since, now);
  if (!since) throw tools::usage_error("--since '" + args.since + "': use 30s, 10m, 2h, 1d or an RFC 3339 time");
  q.since = *since;
  if (!args.until.empty()) {
    const auto until = logs::parse_when(args.until, now);
    if (!until) throw tools::usage_error("--until '" + args.until + "': use 30s, 10m, 2h, 1d or an RFC 3339 time");
    if (args.follow) throw tools::usage_error("--until and --follow do not go together");
    q.until = *until;
  }
  return true;
}

// A folder to read: the app's, or with --hosts one per host, with the suffix its lines get.
struct source {
  fs::path folder;
  std::string suffix;
};

// The sources, or the exit status when there is nothing to read (said on stderr).
std::variant<std::vector<source>, int> find_sources(const arguments& args, const std::string& stem) {
  std::vector<source> sources;
  std::error_code ec;
  std::string error;
  if (!args.hosts) {
    sources.push_back({args.root / stem, {}});
  } else if (!stem.empty()) {
    for (const auto& host : logs::list_apps(args.root, &error))  // the folders under the central root
      if (args.follow || fs::is_directory(args.root / host / stem, ec))
        sources.push_back({args.root / host / stem, " host=" + instrukt_ai::logging::logfmt::encode_value(host)});
    if (!error.empty()) {
      std::fprintf(stderr, "instrukt-ai-logs: %s\n", error.c_str());
      return 2;
    }
  }
  const bool found = !stem.empty() && std::any_of(sources.begin(), sources.end(), [&](const source& s) {
    return fs::is_directory(s.folder, ec);
  });
  if (found) return sources;
  const std::string where = args.hosts ? args.root.string() + "/*/" + stem : (args.root / stem).string();
  if (args.follow && !sources.empty()) {
    std::fprintf(stderr, "instrukt-ai-logs: waiting for %s to appear\n", where.c_str());
    return sources;
  }
  std::string names;
  for (const auto& name : logs::list_apps(args.root)) names += (names.empty() ? "" : ", ") + name;
  if (args.hosts)
    std::fprintf(stderr, "instrukt-ai-logs: no app '%s' in any host folder under %s (no folder %s). Hosts found: %s\n",
                 args.app.c_str(), args.root.c_str(), where.c_str(), names.empty() ? "none" : names.c_str());
  else
    std::fprintf(stderr, "instrukt-ai-logs: no app '%s' under %s (no folder %s). Apps found: %s\n", args.app.c_str(),
                 args.root.c_str(), where.c_str(), names.empty() ? "none" : names.c_str());
  return 2;
}

// Every file of every source that can hold lines of the window, opened.
struct window {
  std::vector<std::vector<logs::log_file>> files;  // per source
  std::vector<std::unique_ptr<logs::file_stream>> streams;
  std::vector<const logs::log_file*> opened;  // per stream
  std::vector<std::size_t> source_of;         // per stream
  int status = 0;
};

// Lists every source's files; false (said on stderr) when --follow would need
// more descriptors than the limit allows: one per live file, held while following.
bool list_window(const std::vector<source>& sources, const arguments& args, window& w) {
  w.files.resize(sources.size());
  std::size_t live = 0;
  for (std::size_t i = 0; i < sources.size(); ++i) {
    auto listed = logs::list_log_files(sources[i].folder, args.listing);
    for (const auto& notice : listed.notices) std::fprintf(stderr, "instrukt-ai-logs: %s\n", notice.c_str());
    if (!listed.error.empty()) {
      std::fprintf(stderr, "instrukt-ai-logs: %s\n", listed.error.c_str());
      w.status = 2;
    }
    w.files[i] = std::move(listed.files);
    live += static_cast<std::size_t>(std::count_if(w.files[i].begin(), w.files[i].end(), [](const logs::log_file& f) { return f.live; }));
  }
  rlimit r{};
  if (args.follow && ::getrlimit(RLIMIT_NOFILE, &r) == 0 && r.rlim_cur != RLIM_INFINITY && live + 64 > r.rlim_cur) {
    std::fprintf(stderr,
                 "instrukt-ai-logs: following %zu live files needs as many open files, and the limit is %llu: raise it "
                 "(ulimit -n) or follow fewer (--logs, one host with --root CENTRAL/HOST)\n",
                 live, static_cast<unsigned long long>(r.rlim_cur));
    return false;
  }
  return true;
}

void open_window(const std::vector<source>& sources, const arguments& args, const logs::query& q, window& w) {
  for (std::size_t i = 0; i < sources.size(); ++i) {
    for (const auto& f : w.files[i]) {
      if (!f.live && q.since != logs::no_time && f.modified_us < q.since - logs::out_of_order_tolerance)
        continue;  // written to last before the window: no line in it can be in the window
      std::string error;
      auto s = logs::open_stream(f, q, args.follow, error);
      if (!s) {
        std::fprintf(stderr, "instrukt-ai-logs: %s%s\n", error.c_str(),
                     error.find("Too many open files") != std::string::npos ? " (raise the limit: ulimit -n)" : "");
        w.status = 2;
        continue;
      }
      if (!s->notice().empty()) std::fprintf(stderr, "instrukt-ai-logs: %s\n", s->notice().c_str());
      w.streams.push_back(std::move(s));
      w.opened.push_back(&f);
      w.source_of.push_back(i);
    }
  }
}

// The window's groups, merged by (time, file order), printed.
void print_window(window& w, const std::vector<source>& sources, logs::printer& out) {
  struct head {
    logs::group g;
    std::size_t stream;
  };
  std::vector<head> heads;
  auto later = [](const head& a, const head& b) {
    return a.g.time != b.g.time ? a.g.time > b.g.time : a.stream > b.stream;
  };
  for (std::size_t i = 0; i < w.streams.size(); ++i) {
    head h{{}, i};
    if (w.streams[i]->next(h.g)) heads.push_back(std::move(h));
  }
  std::make_heap(heads.begin(), heads.end(), later);
  while (!heads.empty()) {
    if (heads.size() == 1) {  // the last stream with lines (often the only one): no merging
      head& h = heads.back();
      const auto& suffix = sources[w.source_of[h.stream]].suffix;
      do out.print(h.g.view(), suffix);
      while (w.streams[h.stream]->next(h.g));
      break;
    }
    std::pop_heap(heads.begin(), heads.end(), later);
    head& h = heads.back();
    out.print(h.g.view(), sources[w.source_of[h.stream]].suffix);
    if (w.streams[h.stream]->next(h.g))
      std::push_heap(heads.begin(), heads.end(), later);
    else
      heads.pop_back();
  }
  out.flush();
  for (const auto& s : w.streams)
    if (!s->error().empty()) {
      std::fprintf(stderr, "instrukt-ai-logs: %s\n", s->error().c_str());
      w.status = 2;
    }
}

// After the window, new lines as they come: the folders shared among at most
// max_follow_threads threads, each printing as its lines come.
void follow_sources(const std::vector<source>& sources, const arguments& args, const logs::query& q, window& w,
                    logs::printer::terminal term, std::mutex& stdout_lock, logs::printer& out) {
  std::signal(SIGINT, [](int) { stop_requested.store(true); });
  std::signal(SIGTERM, [](int) { stop_requested.store(true); });
  const std::size_t threads = std::min(sources.size(), max_follow_threads);
  std::vector<std::vector<logs::followed_folder>> shares(threads);
  std::vector<logs::followed_folder> folders(sources.size());
  for (std::size_t i = 0; i < sources.size(); ++i)
    folders[i].settings = {.folder = sources[i].folder,
                           .stems = args.listing.stems,
                           .suffix = sources[i].suffix,
                           .follow_symlinks = args.listing.follow_symlinks};
  for (std::size_t i = 0; i < w.streams.size(); ++i)
    if (w.opened[i]->live)
      folders[w.source_of[i]].starts.push_back(
          {w.opened[i]->path, w.opened[i]->stem, logs::take_follow_point(*w.streams[i])});
  for (std::size_t i = 0; i < folders.size(); ++i) shares[i % threads].push_back(std::move(folders[i]));
  if (threads == 1) {
    logs::follow(std::move(shares[0]), q, out, stop_requested);
    return;
  }
  std::vector<std::thread> pool;
  for (auto& share : shares)
    pool.emplace_back([&, share = std::move(share)]() mutable {
      logs::printer p(args.format, term, &stdout_lock);
      logs::follow(std::move(share), q, p, stop_requested);
    });
  for (auto& t : pool) t.join();
}

// Nothing matched: says where it looked and the newest line it saw. Exit status 1.
int report_nothing(const window& w, const arguments& args, const std::vector<source>& sources,
                   const std::string& stem) {
  logs::micros newest = logs::no_time;
  std::size_t count = 0;
  for (const auto& in_folder : w.files)
    for (const auto& f : in_folder) {
      ++count;
      if (const auto t = logs::newest_time(f); t && *t > newest) newest = *t;
    }
  for (const auto& s : w.streams)
    if (s->newest() > newest) newest = s->newest();
  const std::string where = args.hosts ? args.root.string() + "/*/" + stem : sources[0].folder.string();
  std::fprintf(stderr, "instrukt-ai-logs: no line matched in %s (%zu log file%s; newest line %s)\n", where.c_str(),
               count, count == 1 ? "" : "s", newest == logs::no_time ? "none" : logs::format_time(newest).c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  arguments args;
  logs::query q;
  try {
    if (!parse_arguments(argc, argv, args, q)) return 0;
  } catch (const std::invalid_argument& e) {
    return usage_error(e.what());
  }
  tools::raise_descriptor_limit();  // a descriptor per archive, and with --follow per live file
  const std::string stem = instrukt_ai::logging::names_for(args.app).file_stem;
  auto found = find_sources(args, stem);
  if (const int* status = std::get_if<int>(&found)) return *status;
  const auto& sources = std::get<std::vector<source>>(found);

  const bool tty = ::isatty(STDOUT_FILENO);
  const logs::printer::terminal term{.color = !args.no_color && tty && !std::getenv("NO_COLOR"), .escape_controls = tty};
  std::mutex stdout_lock;
  logs::printer out(args.format, term, &stdout_lock);
  window w;
  if (!list_window(sources, args, w)) return 2;
  open_window(sources, args, q, w);
  print_window(w, sources, out);
  for (const auto& report : {q.filter.limit_report(), q.filter.unit_report()})
    if (!report.empty()) {
      std::fprintf(stderr, "instrukt-ai-logs: %s\n", report.c_str());
      w.status = 2;
    }
  if (args.follow) {
    follow_sources(sources, args, q, w, term, stdout_lock, out);
    return w.status;
  }
  if (out.printed() == 0 && w.status == 0) return report_nothing(w, args, sources, stem);
  return w.status;
}
