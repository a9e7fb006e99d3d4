#include "flight_recorder.hpp"

#include "line_format.hpp"
#include "ring_contexts.hpp"

#include <instrukt_ai/logging/detail/record/record.hpp>
#include <instrukt_ai/logging/detail/ring/producer.hpp>

#include <algorithm>
#include <cstring>

namespace instrukt_ai::logging::detail {
namespace {

// An entry: this header, the record, its context text, padded to 8 bytes.
struct entry_header {
  std::uint32_t bytes;  // the whole entry; 0: a wrap marker, the next entry is at the buffer's start
  std::uint32_t record_bytes;
  std::int64_t unix_ns;
  std::uint64_t context_bits;
  std::uint32_t context_bytes;
  std::uint32_t padding;
};
static_assert(sizeof(entry_header) == 32);

}  // namespace

flight_history::flight_history(std::size_t bytes)
    : words_(new std::uint64_t[(bytes + 7) / 8]),
      bytes_(reinterpret_cast<std::byte*>(words_.get())),
      capacity_((bytes + 7) / 8 * 8) {}

std::size_t flight_history::entry_bytes(std::uint64_t pos) const noexcept {
  std::uint32_t n;
  std::memcpy(&n, bytes_ + offset(pos), sizeof n);
  return n;
}

bool flight_history::add(const std::byte* record, std::size_t record_bytes, std::int64_t unix_ns,
                         std::string_view context_text, std::uint64_t context_bits) noexcept {
  const std::size_t n = align_record(sizeof(entry_header) + record_bytes + context_text.size());
  if (n > capacity_) return false;
  // Where it goes: here, or at the buffer's start when it would straddle the end.
  std::uint64_t at = write_;
  const bool wraps = offset(at) + n > capacity_;
  if (wraps) at += capacity_ - offset(at);
  const std::uint64_t end = at + n;
  while (end - read_ > capacity_) {  // the oldest entries make room
    if (read_ >= write_) {
      read_ = at;
      break;
    }
    const std::size_t bytes = entry_bytes(read_);
    read_ += bytes != 0 ? bytes : capacity_ - offset(read_);
  }
  if (wraps) std::memset(bytes_ + offset(write_), 0, sizeof(std::uint32_t));  // the marker
  std::byte* out = bytes_ + offset(at);
  const entry_header h{static_cast<std::uint32_t>(n), static_cast<std::uint32_t>(record_bytes), unix_ns, context_bits,
                       static_cast<std::uint32_t>(context_text.size()), 0};
  std::memcpy(out, &h, sizeof h);
  std::memcpy(out + sizeof h, record, record_bytes);
  std::memcpy(out + sizeof h + record_bytes, context_text.data(), context_text.size());
  write_ = end;
  return true;
}

bool flight_history::at(std::uint64_t& pos, entry& out) const noexcept {
  while (pos < write_) {
    const std::size_t bytes = entry_bytes(pos);
    if (bytes == 0) {
      pos += capacity_ - offset(pos);
      continue;
    }
    entry_header h;
    const std::byte* p = bytes_ + offset(pos);
    std::memcpy(&h, p, sizeof h);
    out = {p + sizeof h, h.unix_ns,
           std::string_view(reinterpret_cast<const char*>(p + sizeof h + h.record_bytes), h.context_bytes),
           h.context_bits};
    pos += bytes;
    return true;
  }
  return false;
}

void flight_recorder::keep(ring_contexts& ring, const std::byte* record, std::size_t bytes, std::int64_t unix_ns,
                           bool may_allocate) {
  if (ring.history == nullptr) {
    if (!may_allocate) return;
    ring.history = make_history();
  }
  const bool was_empty = ring.history->empty();
  if (ring.history->add(record, bytes, unix_ns, ring.merged_text(), ring.merged_bits) && was_empty) ++holding_;
}

void flight_recorder::replay(line_formatter& f, line_buffer& out, ring_contexts& ring, std::int64_t unix_ns,
                             bool may_free) {
  if (!settings_.all_threads) {
    if (ring.history == nullptr || ring.history->empty()) return;
    flight_history* h = ring.history.get();
    replay_histories(f, out, &h, 1, unix_ns);
    return;
  }
  replay_all(f, out, unix_ns);
  if (may_free) orphans_.clear();  // written: they are empty now
}

void flight_recorder::replay_all(line_formatter& f, line_buffer& out, std::int64_t unix_ns) noexcept {
  flight_history* group[64];  // no allocation: merged 64 histories at a time
  std::size_t count = 0;
  const auto add = [&](flight_history* h) {
    if (h == nullptr || h->empty()) return;
    group[count++] = h;
    if (count == std::size(group)) {
      replay_histories(f, out, group, count, unix_ns);
      count = 0;
    }
  };
  for (auto& h : orphans_) add(h.get());
  for (producer* p = rings_.load(std::memory_order_acquire); p != nullptr; p = p->next_attached)
    add(p->contexts->history.get());
  replay_histories(f, out, group, count, unix_ns);
}

void flight_recorder::replay_histories(line_formatter& f, line_buffer& out, flight_history* const* histories,
                                       std::size_t count, std::int64_t unix_ns) noexcept {
  const std::int64_t since = unix_ns - static_cast<std::int64_t>(settings_.window.count());
  struct cursor {
    flight_history* h;
    std::uint64_t pos;
    flight_history::entry e;
    bool more;
  };
  cursor heads[64];
  const std::size_t n = std::min(count, std::size(heads));
  for (std::size_t i = 0; i < n; ++i) {
    heads[i] = {histories[i], histories[i]->begin(), {}, false};
    heads[i].more = heads[i].h->at(heads[i].pos, heads[i].e);
  }
  while (true) {
    cursor* oldest = nullptr;  // merged by time: lines of several threads come out in order
    for (std::size_t i = 0; i < n; ++i)
      if (heads[i].more && (oldest == nullptr || heads[i].e.unix_ns < oldest->e.unix_ns)) oldest = &heads[i];
    if (oldest == nullptr) break;
    if (oldest->e.unix_ns >= since)
      f.append_replayed_line(out, oldest->e.record, oldest->e.unix_ns, oldest->e.context_text, oldest->e.context_bits);
    oldest->more = oldest->h->at(oldest->pos, oldest->e);
  }
  for (std::size_t i = 0; i < n; ++i) {
    heads[i].h->clear();
    --holding_;
  }
}

void flight_recorder::release(ring_contexts& ring, bool goes_on, bool may_allocate) {
  if (ring.history == nullptr || ring.history->empty()) return;
  if (!settings_.all_threads || !may_allocate) {
    --holding_;
    ring.history->clear();
    return;
  }
  orphans_.push_back(std::move(ring.history));
  if (orphans_.size() > max_orphans) {
    --holding_;
    orphans_.erase(orphans_.begin());
  }
  if (goes_on) ring.history = make_history();
}

}  // namespace instrukt_ai::logging::detail
