// The regular expressions of --grep, --exclude and --where ~: PCRE2 (Perl
// syntax, the engine of `grep -P`), compiled to machine code by its JIT.
// A search runs over a whole block of lines at once, ^ and $ at line ends.
// A search that hits PCRE2's match limit (catastrophic backtracking) says so
// instead of passing for "no match"; the reader then searches line by line
// and reports the lines it could not search (exit 2), as grep -P does.
#pragma once

#include <cstddef>
#include <atomic>
#include <memory>
#include <string>
#include <string_view>

struct pcre2_real_code_8;
struct pcre2_real_match_data_8;

namespace instrukt_ai::logs {

class regex {
 public:
  // Throws std::invalid_argument: "<what> '<pattern>' is not a valid regular
  // expression: <why> (at character N)".
  regex(std::string_view pattern, std::string_view what);

  struct match {
    std::size_t begin = std::string_view::npos, end = std::string_view::npos;  // npos: none
    bool limited = false;  // the search hit a match limit: `text` was not searched to its end
  };
  // The first match at or after `from`. Safe on several threads at once.
  match find(std::string_view text, std::size_t from = 0) const;
  // Whether `text` matches; a search that hit the limit counts as no match and in limited().
  bool search(std::string_view text) const;

  // How many searches of whole texts (lines or groups) hit the limit, and the pattern.
  std::size_t limited() const noexcept { return limited_->load(std::memory_order_relaxed); }
  void count_limited() const noexcept { limited_->fetch_add(1, std::memory_order_relaxed); }
  const std::string& pattern() const noexcept { return pattern_; }

 private:
  std::shared_ptr<pcre2_real_code_8> code_;
  std::shared_ptr<std::atomic<std::size_t>> limited_ = std::make_shared<std::atomic<std::size_t>>(0);
  std::string pattern_;
  bool jit_ = false;
};

}  // namespace instrukt_ai::logs
