// The regular expressions of --grep, --exclude and --where ~: PCRE2 (Perl
// syntax, the engine of `grep -P`), compiled to machine code by its JIT.
// A search runs over a whole block of lines at once, ^ and $ at line ends.
#pragma once

#include <cstddef>
#include <memory>
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
  };
  // The first match at or after `from`.
  match find(std::string_view text, std::size_t from = 0) const;
  bool search(std::string_view text) const { return find(text).begin != std::string_view::npos; }

 private:
  std::shared_ptr<pcre2_real_code_8> code_;
  std::shared_ptr<pcre2_real_match_data_8> match_;  // the tool reads on one thread
  bool jit_ = false;
};

}  // namespace instrukt_ai::logs
