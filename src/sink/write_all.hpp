// Writes all of `data` to fd: again after a partial write or EINTR. `data`
// is left holding what was not written; false then, with errno set (EIO for a
// write of 0 bytes). The library's file sink and the tools' files share it.
#pragma once

#include <string_view>

namespace instrukt_ai::logging::detail {

bool write_all(int fd, std::string_view& data) noexcept;

}  // namespace instrukt_ai::logging::detail
