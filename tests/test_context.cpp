// Context on every line: scoped_context, capture_context, trace_context.
#include "support/caller_allocations.hpp"
#include "support/log_file.hpp"
#include "support/numbered.hpp"

#include <instrukt_ai/logging.hpp>

#include "writer/ring_contexts.hpp"

#include <catch2/catch.hpp>

#include <random>
#include <regex>

#include <atomic>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <fcntl.h>
#include <functional>
#include <memory>
#include <mutex>
#include <new>
#include <stdexcept>
#include <string>
#include <thread>
#include <unistd.h>
#include <vector>

namespace ial = instrukt_ai::logging;
using test_support::fields;
using test_support::Numbered;

using test_support::allocations;
using test_support::counting;
using test_support::counts_allocations;

namespace {

struct Request {
  static constexpr ial::context_info context{"request"};
  ial::id<std::string_view> request_id;
  std::string_view tenant;
};

struct Job {
  static constexpr ial::context_info context{"job"};
  std::uint64_t job_id;
  std::string_view tenant;  // replaces the request's tenant inside the job's scope
};

struct Task {
  static constexpr ial::context_info context{"task"};
  std::uint64_t task;
  std::uint32_t worker;
};

struct Step {
  static constexpr ial::event_info event{"step", ial::level::info};
  int n;
};

struct Billed {
  static constexpr ial::event_info event{"billed", ial::level::info};
  std::string_view tenant;  // the same key as Request's
  int cents;
};

struct Sync {
  static constexpr ial::operation_info event{"sync"};
  int batch;
};

struct Noisy {
  static constexpr ial::event_info event{"noisy", ial::level::info};
  static constexpr ial::throttle_info throttle{2, std::chrono::hours(1)};
  int n;
};

struct Polled {
  static constexpr ial::event_info event{"polled", ial::level::info};
  static constexpr ial::aggregate_info aggregate{std::chrono::hours(1)};
  std::uint64_t items;
};

struct Tick {
  static constexpr ial::event_info event{"tick", ial::level::info};
  std::uint64_t seq;
};

struct Slot {
  static constexpr ial::context_info context{"slot"};
  std::uint64_t slot;
};

struct Depth {
  static constexpr ial::context_info context{"depth"};
  int level_no;
};

struct Big {
  static constexpr ial::context_info context{"big"};
  std::string_view blob;
};

std::vector<std::map<std::string, std::string>> lines_of(const std::filesystem::path& path) {
  std::vector<std::map<std::string, std::string>> out;
  for (const auto& l : test_support::read_lines(path)) out.push_back(fields(l));
  return out;
}

// The keys of a line after msg=, in order.
std::vector<std::string> keys_after_msg(const std::string& line) {
  auto parsed = ial::logfmt::parse_line(line);
  std::vector<std::string> keys;
  bool after = false;
  for (auto& p : parsed.pairs) {
    if (after) keys.push_back(p.key);
    after = after || p.key == "msg";
  }
  return keys;
}

// Redirects stderr to a file while it lives.
struct stderr_to_file {
  explicit stderr_to_file(const std::filesystem::path& path) : saved(::dup(2)) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ::dup2(fd, 2);
    ::close(fd);
  }
  ~stderr_to_file() {
    ::dup2(saved, 2);
    ::close(saved);
  }
  int saved;
};

}  // namespace

TEST_CASE("nested scopes: inner fields after outer ones, an inner key replaces the outer one, each scope ends with its block",
          "[context]") {
  const auto path = test_support::configure("ctx");
  auto log = ial::get_logger("ctx");
  log.log(Step{0});
  {
    ial::scoped_context request{Request{{"r-17"}, "acme"}};
    log.log(Step{1});
    {
      ial::scoped_context job{Job{42, "acme-eu"}};
      log.log(Step{2});
    }
    log.log(Step{3});
  }
  log.log(Step{4});
  ial::flush();
  const auto lines = test_support::read_lines(path);
  REQUIRE(lines.size() == 5);
  CHECK(keys_after_msg(lines[0]) == std::vector<std::string>{"n"});
  CHECK(test_support::body(lines[1]) == "level=INFO logger=ctx msg=step n=1 request_id=r-17 tenant=acme");
  CHECK(test_support::body(lines[2]) == "level=INFO logger=ctx msg=step n=2 request_id=r-17 job_id=42 tenant=acme-eu");
  CHECK(test_support::body(lines[3]) == "level=INFO logger=ctx msg=step n=3 request_id=r-17 tenant=acme");
  CHECK(keys_after_msg(lines[4]) == std::vector<std::string>{"n"});
}

TEST_CASE("a scope left by an exception is closed like any other", "[context]") {
  const auto path = test_support::configure("ctx");
  auto log = ial::get_logger("ctx");
  try {
    ial::scoped_context request{Request{{"r-1"}, "acme"}};
    log.log(Step{1});
    throw std::runtime_error("boom");
  } catch (const std::exception&) {
    log.log(Step{2});
  }
  ial::flush();
  const auto lines = lines_of(path);
  REQUIRE(lines.size() == 2);
  CHECK(lines[0].at("request_id") == "r-1");
  CHECK(lines[1].count("request_id") == 0);
  CHECK(lines[1].count("tenant") == 0);
}

TEST_CASE("8 threads with their own contexts: every line carries its own thread's context", "[context]") {
  ial::options opts;
  opts.ring_bytes = 64 << 10;  // small rings: the writer drains them while the threads log
  const auto path = test_support::configure("ctx", opts);
  constexpr std::uint32_t threads = 8;
  constexpr std::uint64_t per = 20000;
  std::vector<std::thread> pool;
  for (std::uint32_t t = 0; t < threads; ++t)
    pool.emplace_back([t] {
      auto log = ial::get_logger("ctx.worker");
      const std::string request = "r-" + std::to_string(t);
      ial::scoped_context scope{Request{{request}, "acme"}};
      for (std::uint64_t i = 0; i < per; ++i) {
        if (i % 1000 == 0) {
          // A new inner scope every 1,000 events: the slot is i / 1000.
          ial::scoped_context slot{Slot{i / 1000}};
          for (std::uint64_t j = i; j < i + 1000; ++j) log.log(Numbered{t, j, "in slot"});
          i += 999;
        }
      }
    });
  for (auto& th : pool) th.join();
  ial::flush();
  std::vector<std::uint64_t> seen(threads, 0);
  std::size_t wrong = 0;
  for (const auto& f : lines_of(path)) {
    if (f.at("msg") != "numbered") continue;
    const auto t = std::stoul(f.at("thread"));
    const auto seq = std::stoull(f.at("seq"));
    wrong += f.at("request_id") != "r-" + std::to_string(t) || f.at("slot") != std::to_string(seq / 1000) ||
             seq != seen[t];
    ++seen[t];
  }
  CHECK(wrong == 0);
  for (std::uint32_t t = 0; t < threads; ++t) CHECK(seen[t] == per);
}

TEST_CASE("a scope destroyed on another thread at the same depth leaves that thread's own context untouched, and "
          "stderr says so",
          "[context]") {
  const auto path = test_support::configure("ctx");
  const auto err = path.parent_path() / "stderr.txt";
  auto log = ial::get_logger("ctx");
  {
    stderr_to_file redirect(err);
    auto foreign = std::make_unique<ial::scoped_context>(Request{{"r-main"}, "acme"});  // depth 1 on this thread
    std::thread other([&] {
      ial::scoped_context own{Job{7, "globex"}};  // depth 1 on the other thread too
      foreign.reset();  // misuse: before, this popped the other thread's own Job
      log.log(Step{1});
    });
    other.join();
    ial::flush();
  }
  const auto lines = lines_of(path);
  REQUIRE(lines.size() == 1);
  CHECK(lines[0].at("job_id") == "7");  // the other thread's context is still in force
  CHECK(lines[0].at("tenant") == "globex");
  CHECK(lines[0].count("request_id") == 0);
  CHECK(test_support::read_all(err).find("a scoped_context was destroyed on another thread") != std::string::npos);
}

TEST_CASE("a thread pool runs 10,000 tasks with captured contexts: each line carries its task's context",
          "[context]") {
  const auto path = test_support::configure("ctx");
  std::mutex m;
  std::condition_variable cv;
  std::deque<std::function<void()>> queue;
  bool done = false;
  std::vector<std::thread> workers;
  for (std::uint32_t w = 0; w < 4; ++w)
    workers.emplace_back([&, w] {
      ial::scoped_context own{Depth{static_cast<int>(w)}};  // the worker's own context, outside the task's
      while (true) {
        std::function<void()> task;
        {
          std::unique_lock lock(m);
          cv.wait(lock, [&] { return done || !queue.empty(); });
          if (queue.empty()) return;
          task = std::move(queue.front());
          queue.pop_front();
        }
        task();
      }
    });
  auto log = ial::get_logger("ctx.pool");
  constexpr std::uint64_t tasks = 10000;
  for (std::uint64_t k = 0; k < tasks; ++k) {
    const std::string request = "req-" + std::to_string(k);  // gone before the task runs: the capture owns a copy
    ial::scoped_context scope{Request{{request}, k % 2 ? "odd" : "even"}};
    ial::scoped_context task{Task{k, 0}};
    auto ctx = ial::capture_context();
    CHECK(ctx.depth() == 2);
    std::lock_guard lock(m);
    queue.push_back([ctx, k, log] {
      ial::scoped_context scope{ctx};
      log.log(Tick{k});
    });
    cv.notify_one();
  }
  {
    std::lock_guard lock(m);
    done = true;
  }
  cv.notify_all();
  for (auto& w : workers) w.join();
  ial::flush();
  std::size_t ticks = 0, wrong = 0;
  for (const auto& f : lines_of(path)) {
    if (f.at("msg") != "tick") continue;
    ++ticks;
    const auto k = std::stoull(f.at("seq"));
    wrong += f.at("request_id") != "req-" + std::to_string(k) || f.at("tenant") != (k % 2 ? "odd" : "even") ||
             f.at("task") != std::to_string(k) || f.count("level_no") != 1;
  }
  CHECK(ticks == tasks);
  CHECK(wrong == 0);
}

TEST_CASE("a key both in the event and in a context: the event's value is written once, the clash counted and reported once",
          "[context]") {
  const auto path = test_support::configure("ctx");
  const auto err = path.parent_path() / "stderr.txt";
  const auto before = ial::context_key_clashes();
  {
    stderr_to_file redirect(err);
    auto log = ial::get_logger("ctx");
    ial::scoped_context scope{Request{{"r-9"}, "acme"}};
    log.log(Billed{"globex", 120});
    log.log(Step{1});
    log.log(Billed{"initech", 80});
    ial::flush();
  }
  const auto lines = test_support::read_lines(path);
  REQUIRE(lines.size() == 3);
  CHECK(test_support::body(lines[0]) == "level=INFO logger=ctx msg=billed tenant=globex cents=120 request_id=r-9");
  CHECK(test_support::body(lines[1]) == "level=INFO logger=ctx msg=step n=1 request_id=r-9 tenant=acme");
  CHECK(test_support::body(lines[2]) == "level=INFO logger=ctx msg=billed tenant=initech cents=80 request_id=r-9");
  CHECK(ial::context_key_clashes() - before == 2);
  const auto text = test_support::read_all(err);
  const std::string notice = "the event billed and the context request both have the key tenant";
  CHECK(text.find(notice) != std::string::npos);
  CHECK(text.find(notice, text.find(notice) + 1) == std::string::npos);  // once
}

TEST_CASE("log_message, operation and throttled lines carry the context, the writer's own lines do not", "[context]") {
  const auto path = test_support::configure("ctx");
  auto log = ial::get_logger("ctx");
  {
    ial::scoped_context scope{Request{{"r-3"}, "acme"}};
    log.log_message(ial::level::warning, "from another library", {{"tenant", "other"}, {"k", "v"}});
    log.log_message(ial::level::warning, "plain");
    for (int i = 0; i < 3; ++i) log.log(Noisy{i});  // 2 lines, the third throttled (its count comes at shutdown, alone)
    auto op = log.operation(Sync{7});
    op.fail("remote down");
    log.log(Polled{3});
  }
  ial::shutdown();  // the aggregate's line: written by the writer at shutdown
  const auto lines = test_support::read_lines(path);
  REQUIRE(lines.size() == 7);
  CHECK(test_support::body(lines[2]) == "level=INFO logger=ctx msg=noisy n=0 request_id=r-3 tenant=acme");
  CHECK(test_support::body(lines[3]) == "level=INFO logger=ctx msg=noisy n=1 request_id=r-3 tenant=acme");
  // Written by the writer at shutdown: no context, like the aggregate's line.
  std::map<std::string, std::string> polled, count_only;
  for (std::size_t i = 5; i < 7; ++i) (fields(lines[i]).at("msg") == "polled" ? polled : count_only) = fields(lines[i]);
  CHECK(count_only.at("msg") == "noisy");
  CHECK(count_only.at("suppressed") == "1");
  CHECK(count_only.count("request_id") == 0);
  CHECK(polled.at("msg") == "polled");
  CHECK(polled.at("count") == "1");
  CHECK(polled.count("request_id") == 0);
  // A failure says how long it took (guide.md), then the context.
  CHECK(std::regex_replace(test_support::body(lines[4]), std::regex(" duration_ms=[0-9.e-]+"), "") ==
        "level=WARNING logger=ctx msg=sync batch=7 outcome=failed error=\"remote down\" request_id=r-3 tenant=acme");
  // The message's own tenant wins over the context's.
  CHECK(test_support::body(lines[0]) ==
        "level=WARNING logger=ctx msg=\"from another library\" tenant=other k=v request_id=r-3");
  CHECK(test_support::body(lines[1]) == "level=WARNING logger=ctx msg=plain request_id=r-3 tenant=acme");
}

struct Alarm {
  static constexpr ial::event_info event{"alarm", ial::level::warning};
  int code;
};

TEST_CASE("not configured: a line on stderr ends with the thread's contexts too", "[context]") {
  const auto err = test_support::fresh_root("ctx-stderr") / "stderr.txt";
  {
    stderr_to_file redirect(err);
    ial::scoped_context scope{Request{{"r-5"}, "acme"}};
    ial::scoped_context job{Job{9, "acme-us"}};
    ial::get_logger("ctx").log(Alarm{3});
  }
  const auto text = test_support::read_all(err);
  CHECK(text.find("msg=alarm code=3 request_id=r-5 job_id=9 tenant=acme-us\n") != std::string::npos);
}

TEST_CASE("a scope entered before configure_logging is on the lines logged after it", "[context]") {
  ial::scoped_context scope{Request{{"r-early"}, "acme"}};
  const auto path = test_support::configure("ctx");
  ial::get_logger("ctx").log(Step{1});
  ial::flush();
  const auto lines = lines_of(path);
  REQUIRE(lines.size() == 1);
  CHECK(lines[0].at("request_id") == "r-early");
}

TEST_CASE("drop policy: a full ring drops events, never a scope's entry or exit, so no line has another context",
          "[context]") {
  ial::options opts;
  opts.ring_bytes = 4 << 10;
  opts.on_full_ring = ial::full_ring_policy::drop;
  const auto path = test_support::configure("ctx", opts);
  auto log = ial::get_logger("ctx");
  for (std::uint64_t slot = 0; slot < 2000; ++slot) {
    ial::scoped_context scope{Slot{slot}};
    for (std::uint64_t i = 0; i < 20; ++i) log.log(Tick{slot});
  }
  ial::flush();  // room for the last event: it must not be dropped itself
  log.log(Step{0});
  ial::flush();
  std::size_t ticks = 0, wrong = 0;
  bool last_plain = false;
  for (const auto& f : lines_of(path)) {
    if (f.at("msg") == "tick") {
      ++ticks;
      wrong += f.at("slot") != f.at("seq");
    }
    last_plain = f.at("msg") == "step" && f.count("slot") == 0;
  }
  CHECK(ial::dropped_events() > 0);  // the test's premise: the ring was full
  CHECK(ticks > 0);
  CHECK(wrong == 0);
  CHECK(last_plain);
}

TEST_CASE("a scope past the depth or size limit is refused with a WARNING line, and the others carry on", "[context]") {
  const auto path = test_support::configure("ctx");
  auto log = ial::get_logger("ctx");
  {
    std::vector<std::unique_ptr<ial::scoped_context>> scopes;
    for (int i = 0; i < 17; ++i) scopes.push_back(std::make_unique<ial::scoped_context>(Depth{i}));
    log.log(Step{1});
    const std::string blob(2000, 'x');
    ial::scoped_context big{Big{blob}};
    log.log(Step{2});
    while (!scopes.empty()) scopes.pop_back();  // innermost first
  }
  log.log(Step{3});
  ial::flush();
  const auto lines = lines_of(path);
  REQUIRE(lines.size() == 5);
  CHECK(lines[0].at("msg") == "log_context_refused");
  CHECK(lines[0].at("context") == "depth");
  CHECK(lines[0].at("depth") == "16");
  CHECK(lines[0].at("depth_limit") == "16");
  CHECK(lines[1].at("msg") == "step");
  CHECK(lines[1].at("level_no") == "15");  // the innermost of the 16 that were entered
  CHECK(lines[2].at("msg") == "log_context_refused");
  CHECK(lines[2].at("context") == "big");  // refused for the depth before its size
  CHECK(lines[2].at("depth") == "16");
  CHECK(lines[3].at("msg") == "step");
  CHECK(lines[3].count("blob") == 0);
  CHECK(lines[4].count("level_no") == 0);
}

TEST_CASE("levels whose text no longer fits the ring's context storage are left out, hide the outer levels' values "
          "of their keys, and stderr says so once",
          "[context]") {
  const auto path = test_support::configure("ctx");
  const auto err = path.parent_path() / "stderr.txt";
  auto log = ial::get_logger("ctx");
  {
    stderr_to_file redirect(err);
    std::vector<std::string> blobs;
    for (int i = 0; i < 16; ++i) blobs.push_back(std::string(900, static_cast<char>('a' + i)));  // 16 x 906 bytes > 8 KiB
    std::vector<std::unique_ptr<ial::scoped_context>> scopes;
    for (const auto& b : blobs) scopes.push_back(std::make_unique<ial::scoped_context>(Big{b}));
    log.log(Step{1});
    while (!scopes.empty()) scopes.pop_back();
    log.log(Step{2});
    ial::flush();
  }
  const auto lines = lines_of(path);
  REQUIRE(lines.size() == 2);
  // The innermost levels did not fit: blob= of an outer level would be a value
  // not in force (before: the innermost level that fitted), so none is written.
  CHECK(lines[0].count("blob") == 0);
  CHECK(lines[1].count("blob") == 0);
  const auto text = test_support::read_all(err);
  const std::string notice = "the fields of context big did not fit";
  CHECK(text.find(notice) != std::string::npos);
  CHECK(text.find(notice, text.find(notice) + 1) == std::string::npos);
}

TEST_CASE("a record over the context size limit is refused, and names the limit", "[context]") {
  const auto path = test_support::configure("ctx");
  auto log = ial::get_logger("ctx");
  {
    const std::string blob(2000, 'x');
    ial::scoped_context big{Big{blob}};
    log.log(Step{1});
  }
  ial::flush();
  const auto lines = lines_of(path);
  REQUIRE(lines.size() == 2);
  CHECK(lines[0].at("msg") == "log_context_refused");
  CHECK(lines[0].at("context") == "big");
  CHECK(std::stoul(lines[0].at("record_bytes")) > 2000);
  CHECK(lines[0].at("record_limit") == "1024");
  CHECK(lines[1].count("blob") == 0);
}

TEST_CASE("inside a scope logging allocates nothing on the caller, nor do entering and leaving once warm", "[context]") {
  const auto path = test_support::configure("ctx");
  auto log = ial::get_logger("ctx");
  {
    ial::scoped_context warm{Request{{"r-0"}, "acme"}};  // the thread's ring and its context storage
    log.log(Step{0});
  }
  allocations = 0;
  counting = true;
  {
    ial::scoped_context scope{Request{{"r-1"}, "acme"}};
    for (int i = 0; i < 1000; ++i) log.log(Step{i});
    for (int i = 0; i < 100; ++i) {
      ial::scoped_context inner{Slot{static_cast<std::uint64_t>(i)}};
      log.log(Step{i});
    }
  }
  counting = false;
  ial::flush();
  if (counts_allocations) CHECK(allocations.load() == 0);
  CHECK(test_support::read_lines(path).size() == 1101);
}

TEST_CASE("traceparent: the W3C examples parse, round-trip, and a child keeps the trace with a new span", "[context]") {
  const auto t = ial::trace_context::from_traceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
  REQUIRE(t.has_value());
  CHECK(t->trace_id() == "4bf92f3577b34da6a3ce929d0e0e4736");
  CHECK(t->span_id() == "00f067aa0ba902b7");
  CHECK(t->sampled());
  CHECK(t->traceparent() == "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
  const auto unsampled = ial::trace_context::from_traceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00");
  REQUIRE(unsampled.has_value());
  CHECK_FALSE(unsampled->sampled());
  CHECK(unsampled->traceparent().substr(53) == "00");
  // A later version may append fields: the first four are read, and the header written is version 00.
  const auto future = ial::trace_context::from_traceparent("cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-what-the-future-holds");
  REQUIRE(future.has_value());
  CHECK(future->traceparent() == "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
  CHECK(ial::trace_context::from_traceparent(" \t00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01 ").has_value());

  const auto child = t->child();
  CHECK(child.trace_id() == t->trace_id());
  CHECK(child.span_id() != t->span_id());
  CHECK(child.span_id().find_first_not_of("0123456789abcdef") == std::string_view::npos);
  CHECK(ial::trace_context::from_traceparent(child.traceparent()).has_value());

  const auto root = ial::trace_context::new_root();
  CHECK(root.trace_id().size() == 32);
  CHECK(root.trace_id() != ial::trace_context::new_root().trace_id());
  CHECK(ial::trace_context::from_traceparent(root.traceparent())->trace_id() == root.trace_id());
}

TEST_CASE("traceparent: hostile and invalid headers give no context and are counted, never thrown", "[context]") {
  const std::vector<std::string> bad = {
      "",
      "00",
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7",                    // no flags
      "00-4BF92F3577B34DA6A3CE929D0E0E4736-00F067AA0BA902B7-01",                 // upper case
      "00-00000000000000000000000000000000-00f067aa0ba902b7-01",                 // all-zero trace id
      "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",                 // all-zero span id
      "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",                 // version ff
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra",           // version 00 has 4 fields
      "cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01x",                // later version, no '-' after
      "00_4bf92f3577b34da6a3ce929d0e0e4736_00f067aa0ba902b7_01",                 // separators
      "00-4bf92f3577b34da6a3ce929d0e0e473g-00f067aa0ba902b7-01",                 // not hex
      "0-04bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",                 // shifted fields
      std::string(100000, '0'),
      std::string("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0\0", 55),
  };
  const auto before = ial::invalid_traceparents();
  for (const auto& h : bad) {
    INFO(h.substr(0, 80));
    CHECK_FALSE(ial::trace_context::from_traceparent(h).has_value());
  }
  CHECK(ial::invalid_traceparents() - before == bad.size());
}

TEST_CASE("a trace context on the lines: trace_id and span_id, and a child span's scope replaces the span id",
          "[context]") {
  const auto path = test_support::configure("ctx");
  auto log = ial::get_logger("ctx");
  const auto trace = *ial::trace_context::from_traceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
  const auto child = trace.child();
  {
    ial::scoped_context scope{trace};
    log.log(Step{1});
    ial::scoped_context inner{child};
    log.log(Step{2});
  }
  ial::flush();
  const auto lines = test_support::read_lines(path);
  REQUIRE(lines.size() == 2);
  CHECK(test_support::body(lines[0]) ==
        "level=INFO logger=ctx msg=step n=1 trace_id=4bf92f3577b34da6a3ce929d0e0e4736 span_id=00f067aa0ba902b7");
  CHECK(test_support::body(lines[1]) == "level=INFO logger=ctx msg=step n=2 trace_id=4bf92f3577b34da6a3ce929d0e0e4736 span_id=" +
                                            std::string(child.span_id()));
}

TEST_CASE("the writer's merged context text: entering and leaving levels in any order gives what merging every level "
          "again gives",
          "[context]") {
  // Levels of keys drawn from five (so that inner levels often hide outer keys), entered and left at random;
  // after each step the kept text must equal a merge of every level from scratch.
  namespace d = ial::detail;
  auto contexts = std::make_unique<d::ring_contexts>();
  auto fresh = std::make_unique<d::ring_contexts>();
  std::mt19937 rng(7);
  const char* keys[] = {"tenant", "request_id", "trace_id", "span_id", "job"};
  std::size_t appended = 0, steps = 0;
  std::vector<d::descriptor> descriptors(40);  // each lives while its level may be open
  const d::field_descriptor field_slots[3]{};
  for (int step = 0; step < 20000; ++step) {
    if (contexts->depth > 0 && (rng() % 5 < 2 || contexts->depth >= 18)) {
      contexts->pop(1 + rng() % (rng() % 4 == 0 ? contexts->depth : 1));
    } else {
      // Half the levels with a descriptor (its key bits and field count, as a context's), half read from text.
      std::string text;
      const std::size_t n = 1 + rng() % 3;
      auto& desc = descriptors[steps % descriptors.size()];
      desc.key_bits = 0;
      for (std::size_t k = 0; k < n; ++k) {
        const char* key = keys[rng() % 5];
        const std::string value = "v" + std::to_string(rng() % 100);
        text += std::string(" ") + key + "=" + (rng() % 4 == 0 ? "\"" + value + " x=y\"" : value);
        desc.key_bits |= d::key_bit(key);
      }
      desc.fields = std::span<const d::field_descriptor>(field_slots, n);
      const std::size_t level = contexts->levels_with_text(), used = contexts->text_used();
      if (level < d::ring_contexts::max_levels) {
        std::memcpy(contexts->text + used, text.data(), text.size());
        contexts->level_end[level] = static_cast<std::uint32_t>(used + text.size());
        contexts->level_cut[level] = false;
        contexts->level_context[level] = rng() % 2 ? &desc : nullptr;
      }
      ++contexts->depth;
      contexts->push_merged();
      appended += level < d::ring_contexts::max_levels && contexts->appended[level];
    }
    ++steps;
    std::memcpy(fresh->text, contexts->text, sizeof contexts->text);
    std::copy(std::begin(contexts->level_end), std::end(contexts->level_end), fresh->level_end);
    std::copy(std::begin(contexts->level_cut), std::end(contexts->level_cut), fresh->level_cut);
    std::copy(std::begin(contexts->level_context), std::end(contexts->level_context), fresh->level_context);
    fresh->depth = contexts->depth;
    fresh->merge();
    INFO("step " << step << " depth " << contexts->depth);
    REQUIRE(std::string(contexts->merged_text()) == std::string(fresh->merged_text()));
    REQUIRE(contexts->merged_pairs == fresh->merged_pairs);
    REQUIRE(contexts->merged_bits == fresh->merged_bits);
    REQUIRE(std::equal(contexts->merged_level, contexts->merged_level + contexts->merged_pairs, fresh->merged_level));
  }
  CHECK(appended > steps / 10);  // the quick path was taken, and checked
}
