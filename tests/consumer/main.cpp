// A service built against an installed copy: logs one event and checks the file.
#include <consumer_descriptors.hpp>  // events.hpp, its event described once

#include <fstream>
#include <string>

namespace ial = instrukt_ai::logging;

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  ial::options opts;
  opts.log_root = argv[1];
  const auto path = ial::configure_logging("consumer", opts);
  static_assert(ial::detail::declared_elsewhere<Installed>, "the generated header declares the event");
  ial::get_logger<consumer_events>("consumer").log(Installed{42});
  ial::flush();
  std::ifstream in(path);
  std::string first, second;
  std::getline(in, first);   // configure_logging's own line, then the event
  std::getline(in, second);
  return first.find("msg=logging_configured") != std::string::npos &&
                 second.find("level=INFO logger=consumer msg=installed answer=42") != std::string::npos
             ? 0
             : 1;
}
