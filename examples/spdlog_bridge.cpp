// A service ("shop") and a component that logs through spdlog ("vendor.cache").
// The component's lines land in shop's file through ial::spdlog_sink_mt, under
// the third-party rules: held at WARNING+ unless spotlighted.
//
//   INSTRUKT_AI_LOG_ROOT=./logs build/.../examples/example_spdlog_bridge
//       -> the component's WARNING line only
//   SHOP_THIRD_PARTY_LOGGERS=vendor SHOP_THIRD_PARTY_LOG_LEVEL=DEBUG INSTRUKT_AI_LOG_ROOT=./logs ...
//       -> its DEBUG lines too
#include <instrukt_ai/logging.hpp>
#include <instrukt_ai/logging/spdlog_sink.hpp>

#include <spdlog/spdlog.h>

#include <cstdio>
#include <fstream>
#include <memory>
#include <string>

namespace ial = instrukt_ai::logging;

namespace vendor {
// A third-party cache that knows nothing of instrukt-ai: it logs through spdlog.
class cache {
 public:
  explicit cache(std::shared_ptr<spdlog::logger> log) : log_(std::move(log)) {}
  void put(int key) {
    log_->debug("stored key {}", key);
    if (++size_ > 3) {
      log_->debug("evicting {} entries", size_ - 3);
      log_->warn("cache over capacity ({} > 3)", size_);
      size_ = 3;
    }
  }

 private:
  std::shared_ptr<spdlog::logger> log_;
  int size_ = 0;
};
}  // namespace vendor

struct OrderPlaced {
  static constexpr ial::event_info event{"order_placed", ial::level::info};
  std::uint64_t order_id;
  std::uint32_t items;
};

int main() {
  std::filesystem::path path;
  try {
    path = ial::configure_logging("shop");
  } catch (const ial::configuration_error& e) {
    std::fprintf(stderr, "%s\n", e.what());
    return 1;
  }
  // Route the component's spdlog logger into our file; our rules do the filtering.
  auto spd = std::make_shared<spdlog::logger>("vendor.cache", std::make_shared<ial::spdlog_sink_mt>());
  spd->set_level(spdlog::level::trace);
  vendor::cache cache(spd);

  auto log = ial::get_logger("shop.orders");
  for (std::uint64_t order = 1; order <= 4; ++order) {
    log.log(OrderPlaced{order, static_cast<std::uint32_t>(order * 2)});
    cache.put(static_cast<int>(order));
  }
  ial::flush();

  std::printf("log file: %s\n", path.c_str());
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) std::printf("  %s\n", line.c_str());
  return 0;
}
