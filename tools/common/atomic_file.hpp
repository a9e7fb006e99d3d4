// Writing a file whole, or not at all: a reader (the service reading its
// control file, logrotate reading its stanza) never sees half of it, and a
// crash leaves the old file or the new one.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <string_view>

namespace instrukt_ai::tools {

struct file_owner {
  uid_t uid = static_cast<uid_t>(-1);  // -1: unchanged (the caller's)
  gid_t gid = static_cast<gid_t>(-1);
};

// A temporary file in the same folder (mkstemp), `mode` and `owner` set, the
// text written and fsync'ed, renamed over `path`, then the folder fsync'ed.
// Throws std::runtime_error naming the path and the reason.
void write_file_atomically(const std::filesystem::path& path, std::string_view text, mode_t mode,
                           file_owner owner = {});

}  // namespace instrukt_ai::tools
