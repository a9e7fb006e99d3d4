// instrukt-ai-ship's parts on real files (docs/fleet.md, "Exactly once"): what
// it reads of a source and when, how it follows rename and copytruncate, the
// frames that may not have arrived, and its saved positions.
#include "ship/positions.hpp"
#include "ship/resend_window.hpp"
#include "ship/source_file.hpp"
#include "support/command.hpp"

#include <catch2/catch.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

using namespace instrukt_ai::ship;
namespace fs = std::filesystem;

namespace {

// A root with app/app.log, and the root's folder open.
struct root_folder {
  fs::path dir;
  int fd = -1;
  explicit root_folder(const std::string& name) : dir(test_support::fresh_root(name)) {
    fs::create_directories(dir / "app");
    fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
    REQUIRE(fd >= 0);
  }
  ~root_folder() { ::close(fd); }
  fs::path log() const { return dir / "app" / "app.log"; }
  void append(const std::string& text, const fs::path& file = {}) const {
    std::ofstream(file.empty() ? log() : file, std::ios::binary | std::ios::app) << text;
  }
};

// Everything `s` gives now, frame by frame (each marked sent).
std::vector<std::string> drain(source_file& s, std::size_t limit = 1 << 16) {
  std::vector<std::string> out;
  std::string buffer;
  while (auto c = s.next(buffer, limit)) {
    out.emplace_back(c->bytes);
    s.sent(*c);
  }
  return out;
}

}  // namespace

TEST_CASE("ship source: whole lines only, a line longer than a frame in pieces, nothing before the first line ends",
          "[ship]") {
  root_folder r("ship-lines");
  source_file s("app", "app");
  r.append("first li");
  CHECK(s.check(r.fd, false).empty());
  CHECK(s.generations().empty());  // its first line is not whole yet: no generation
  r.append("ne\nsecond half");
  CHECK(s.check(r.fd, false).empty());
  REQUIRE(s.generations().size() == 1);
  CHECK(drain(s) == std::vector<std::string>{"first line\n"});  // not the half line
  r.append(" done\n" + std::string(100, 'x') + "\n");
  CHECK(drain(s, 64) == std::vector<std::string>{"second half done\n", std::string(64, 'x'), std::string(36, 'x') + "\n"});
}

TEST_CASE("ship source: a renamed file is read to its end once its successor has a line, then the successor",
          "[ship]") {
  root_folder r("ship-rename");
  source_file s("app", "app");
  r.append("a1\na2\n");
  s.check(r.fd, false);
  CHECK(drain(s) == std::vector<std::string>{"a1\na2\n"});
  fs::rename(r.log(), r.log().string() + ".1");
  r.append("b1\n");  // the successor has a whole line: the old file is done once read to its end
  r.append("a3\n", r.log().string() + ".1");  // the writer's last line to the old file
  s.check(r.fd, false);
  REQUIRE(s.generations().size() == 2);
  CHECK(s.generations()[0]->id != s.generations()[1]->id);
  CHECK(drain(s) == std::vector<std::string>{"a3\n", "b1\n"});
  CHECK(s.generations().size() == 1);
}

TEST_CASE("ship source: after copytruncate the rest of the old file is read from its copy, then the new one",
          "[ship]") {
  root_folder r("ship-copytruncate");
  source_file s("app", "app");
  r.append("old 1\n");
  s.check(r.fd, false);
  CHECK(drain(s) == std::vector<std::string>{"old 1\n"});
  r.append("old 2\n");
  fs::copy_file(r.log(), r.log().string() + ".1");
  fs::resize_file(r.log(), 0);
  r.append("new 1 is longer than the old file was\n");  // grown past where it was read
  std::string buffer;
  CHECK_FALSE(s.next(buffer, 1 << 16));  // it starts otherwise: nothing read from it
  s.check(r.fd, false);
  REQUIRE(s.generations().size() == 2);
  const auto old_id = s.generations()[0]->id;
  CHECK(drain(s) == std::vector<std::string>{"old 2\n", "new 1 is longer than the old file was\n"});
  REQUIRE(s.generations().size() == 1);
  CHECK(s.generations()[0]->id != old_id);
}

TEST_CASE("ship source: a file truncated without a copy ends its generation where it was read, and a symlink is refused",
          "[ship]") {
  root_folder r("ship-truncate");
  source_file s("app", "app");
  r.append("one\n");
  s.check(r.fd, false);
  drain(s);
  fs::resize_file(r.log(), 0);
  r.append("two\n");  // as long as before: only the first line tells
  s.check(r.fd, false);
  CHECK(drain(s).empty());
  s.check(r.fd, /*deep=*/true);  // the shipper's look every second
  CHECK(drain(s) == std::vector<std::string>{"two\n"});
  fs::create_directories(r.dir / "other");
  r.append("secret\n", r.dir / "secret.log");
  fs::create_symlink(r.dir / "secret.log", r.dir / "other" / "other.log");
  source_file link("other", "other");
  CHECK(link.check(r.fd, false) == "a symlink: not followed");
  CHECK(link.generations().empty());
}

TEST_CASE("ship source: a file deleted for good is read to its end and let go, a renamed one is waited for", "[ship]") {
  root_folder r("ship-deleted");
  source_file s("app", "app", std::chrono::milliseconds(200));
  r.append("one\n");
  s.check(r.fd, false);
  fs::rename(r.log(), r.dir / "app" / "kept-open");
  s.check(r.fd, false);  // no file at the path: waited for (the service reopens it)
  r.append("two\n", r.dir / "app" / "kept-open");
  CHECK(drain(s) == std::vector<std::string>{"one\ntwo\n"});
  REQUIRE(s.generations().size() == 1);
  std::this_thread::sleep_for(std::chrono::milliseconds(250));
  s.check(r.fd, false);  // still none: taken as deleted
  r.append("three\n", r.dir / "app" / "kept-open");
  CHECK(drain(s) == std::vector<std::string>{"three\n"});  // read to its end, then let go
  CHECK(s.generations().empty());
}

TEST_CASE("ship window: frames within the buffers and the RELP window before them may be sent again", "[ship]") {
  root_folder r("ship-window");
  r.append("x\n");
  source_file a("app", "app"), b("app", "b");
  a.check(r.fd, false);
  const auto g = a.generations()[0];
  resend_window w(/*unacknowledged=*/2, /*buffered_bytes=*/100);
  for (std::uint64_t i = 0; i < 10; ++i) w.sent(i % 2 ? b : a, chunk{g, i * 10, {}}, 50);
  // 500 bytes written: the last 2 frames are within the buffers, 2 + 2 before them may be unacknowledged.
  CHECK(w.size() == 6);
  const auto points = w.resume_points();
  REQUIRE(points.at(&a).size() == 1);
  CHECK(points.at(&a)[0].second == 40);  // a's frames 4, 6, 8 stay: from 40
  CHECK(points.at(&b)[0].second == 50);
  w.clear();
  CHECK(w.resume_points().empty());
}

TEST_CASE("ship positions: saved and read back, a renamed file found by inode, a copy by its first line", "[ship]") {
  root_folder r("ship-positions");
  r.append("first\nsecond\n");
  source_file s("app", "app");
  s.check(r.fd, false);
  const auto g = s.generations()[0];
  const saved_generation saved{"app", "app", g->ino, g->id, 6};
  std::string error;
  const auto back = parse_positions(positions_text({saved}), error);
  REQUIRE(error.empty());
  REQUIRE(back.size() == 1);
  CHECK(back[0].id == g->id);
  CHECK(back[0].offset == 6);
  parse_positions("ial-ship-positions 1\napp app x y 1\n", error);
  CHECK(error == "line 2 is not 'APP FILE INODE GENERATION OFFSET'");

  auto found = find_generation(r.fd, saved);  // at the path
  REQUIRE(found);
  CHECK_FALSE(found->superseded);
  fs::rename(r.log(), r.log().string() + ".1");
  found = find_generation(r.fd, saved);  // renamed
  REQUIRE(found);
  CHECK(found->superseded);
  CHECK(found->next == 6);
  fs::copy_file(r.log().string() + ".1", r.log().string() + ".2");
  fs::remove(r.log().string() + ".1");
  found = find_generation(r.fd, saved);  // only a copy left: found by its first line, under its own id
  REQUIRE(found);
  CHECK(found->id == g->id);
  CHECK(found->superseded);
  fs::remove(r.log().string() + ".2");
  CHECK_FALSE(find_generation(r.fd, saved));
}
