#include "atomic_file.hpp"

#include "sink/write_all.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

namespace instrukt_ai::tools {

void write_file_atomically(const std::filesystem::path& path, std::string_view text, mode_t mode, file_owner owner) {
  const std::filesystem::path folder = path.has_parent_path() ? path.parent_path() : ".";
  std::string name = ".";
  name += path.filename().string();
  name += ".XXXXXX";
  std::string tmp = (folder / name).string();
  const int fd = ::mkstemp(tmp.data());
  if (fd < 0)
    throw std::runtime_error("cannot write " + path.string() + ": cannot create a file in " + folder.string() + ": " +
                             std::strerror(errno) + " (run as a user who may write there, or root)");
  std::string_view rest = text;
  bool ok = ::fchmod(fd, mode) == 0 && ::fchown(fd, owner.uid, owner.gid) == 0 &&
            logging::detail::write_all(fd, rest) && ::fsync(fd) == 0;
  const int saved = errno;
  ::close(fd);
  if (!ok || ::rename(tmp.c_str(), path.c_str()) != 0) {
    const int err = ok ? errno : saved;
    ::unlink(tmp.c_str());
    throw std::runtime_error("cannot write " + path.string() + ": " + std::strerror(err));
  }
  // The rename itself is durable once the folder is.
  const int dir = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
}

}  // namespace instrukt_ai::tools
