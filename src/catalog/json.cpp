#include "json.hpp"

#include <instrukt_ai/logging/catalog_model.hpp>

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <string>
#include <vector>

namespace instrukt_ai::logging::detail::json {
namespace {

// nlohmann's reader tells where it is only in its errors; catalog errors name
// the line and column of the value they are about. So the text is read through
// an iterator that notes how far the reader has got.
struct tracking_iterator {
  using iterator_category = std::input_iterator_tag;
  using value_type = char;
  using difference_type = std::ptrdiff_t;
  using pointer = const char*;
  using reference = const char&;

  const char* at;
  const char** reached;  // the furthest character read, shared by the copies

  reference operator*() const noexcept { return *at; }
  tracking_iterator& operator++() noexcept {
    *reached = ++at;
    return *this;
  }
  tracking_iterator operator++(int) noexcept {
    auto before = *this;
    ++*this;
    return before;
  }
  bool operator==(const tracking_iterator& o) const noexcept { return at == o.at; }
};

// Builds the value tree from nlohmann's SAX events, each value with its
// offset: the first character after the previous token that is not space, a
// comma or a colon. A number is known to have ended one character later than
// it did (the reader looks one past it).
class tree_builder {
 public:
  explicit tree_builder(std::string_view text) : s_(text), reached_(text.data()) {}

  value document() {
    const char* begin = s_.data();
    nlohmann::json::sax_parse(tracking_iterator{begin, &reached_}, tracking_iterator{begin + s_.size(), &reached_},
                              this, nlohmann::json::input_format_t::json, true, false);
    return std::move(root_);
  }

  // The SAX interface.
  bool null() { return scalar(value{}); }
  bool boolean(bool b) {
    value v;
    v.type = value::kind::boolean;
    v.boolean = b;
    return scalar(std::move(v));
  }
  bool number_integer(std::int64_t n) { return number(static_cast<double>(n)); }
  bool number_unsigned(std::uint64_t n) { return number(static_cast<double>(n)); }
  bool number_float(double n, const std::string&) { return number(n); }
  bool string(std::string& text) {
    value v;
    v.type = value::kind::string;
    v.text = std::move(text);
    return scalar(std::move(v));
  }
  bool binary(std::vector<std::uint8_t>&) { return false; }  // not in JSON text
  bool start_object(std::size_t) { return open(value::kind::object); }
  bool key(std::string& k) {
    key_ = std::move(k);
    last_end_ = read_so_far();
    expecting_ = expect::colon;
    return true;
  }
  bool end_object() { return close(); }
  bool start_array(std::size_t) { return open(value::kind::array); }
  bool end_array() { return close(); }
  [[noreturn]] bool parse_error(std::size_t, const std::string&, const nlohmann::json::exception& e) {
    fail_where_expected(e);
  }

 private:
  // What may come next, for the error message.
  enum class expect { value, key_or_close, colon, comma_or_close, end };

  std::size_t read_so_far() const noexcept { return static_cast<std::size_t>(reached_ - s_.data()); }

  std::size_t skip(std::size_t at, std::string_view chars) const noexcept {
    while (at < s_.size() && chars.find(s_[at]) != std::string_view::npos) ++at;
    return at;
  }
  std::size_t next_value_start() const noexcept { return skip(last_end_, " \t\r\n,:"); }

  [[noreturn]] void fail(std::size_t at, std::string_view what) const {
    throw catalog_format_error(fmt::format("{}: {}", position(s_, at), what));
  }

  // The place the reader stopped at, and what it wanted there.
  [[noreturn]] void fail_where_expected(const nlohmann::json::exception& e) const {
    std::size_t at = skip(last_end_, " \t\r\n");
    const auto next_is = [&](char c) { return at < s_.size() && s_[at] == c; };
    const bool in_object = !open_.empty() && open_.back()->type == value::kind::object;
    switch (expecting_) {
      case expect::value: fail_value(at, e);
      case expect::key_or_close: fail_key(at, e);
      case expect::colon:
        if (!next_is(':')) fail(at, "expected ':' after a member name");
        fail_value(skip(at + 1, " \t\r\n"), e);
      case expect::comma_or_close:
        if (!next_is(',')) fail(at, in_object ? "expected '}' to close the object" : "expected ']' to close the array");
        at = skip(at + 1, " \t\r\n");
        if (in_object) fail_key(at, e);
        fail_value(at, e);
      case expect::end: break;
    }
    fail(at, "unexpected text after the JSON value");
  }
  [[noreturn]] void fail_value(std::size_t at, const nlohmann::json::exception& e) const {
    if (at >= s_.size()) fail(at, "unexpected end of the file");
    const char c = s_[at];
    if (c == '"') fail(at, lexer_detail("malformed string", e));
    if (c == '-' || (c >= '0' && c <= '9')) fail(at, lexer_detail("malformed number", e));
    fail(at, "expected a JSON value");
  }
  [[noreturn]] void fail_key(std::size_t at, const nlohmann::json::exception& e) const {
    if (at < s_.size() && s_[at] == '"') fail(at, lexer_detail("malformed string", e));
    fail(at, "expected a quoted member name");
  }

  // "malformed string (invalid string: ...)", from nlohmann's message.
  static std::string lexer_detail(std::string_view what, const nlohmann::json::exception& e) {
    std::string_view m = e.what();
    const auto dash = m.find(" - ");
    if (dash == std::string_view::npos) return std::string(what);
    m.remove_prefix(dash + 3);
    return fmt::format("{} ({})", what, m.substr(0, m.find(';')));
  }

  bool number(double n) {
    value v;
    v.type = value::kind::number;
    v.number = n;
    const bool ok = scalar(std::move(v));
    // The character the reader looked at past the number, unless the text ended there.
    if (last_end_ > 0 && std::string_view("0123456789+-.eE").find(s_[last_end_ - 1]) == std::string_view::npos)
      --last_end_;
    return ok;
  }

  value& place(value&& v) {
    v.offset = next_value_start();
    if (open_.empty()) {
      root_ = std::move(v);
      return root_;
    }
    value& parent = *open_.back();
    if (parent.type == value::kind::object) {
      parent.members.push_back({std::move(key_), std::move(v)});
      return parent.members.back().second;
    }
    parent.items.push_back(std::move(v));
    return parent.items.back();
  }

  bool scalar(value&& v) {
    place(std::move(v));
    after_value();
    return true;
  }

  bool open(value::kind k) {
    if (open_.size() > 64) fail(next_value_start(), "nested too deeply");
    value v;
    v.type = k;
    open_.push_back(&place(std::move(v)));
    last_end_ = read_so_far();
    expecting_ = k == value::kind::object ? expect::key_or_close : expect::value;
    return true;
  }

  bool close() {
    open_.pop_back();
    after_value();
    return true;
  }

  void after_value() {
    last_end_ = read_so_far();
    expecting_ = open_.empty() ? expect::end : expect::comma_or_close;
  }

  std::string_view s_;
  const char* reached_;
  std::size_t last_end_ = 0;
  expect expecting_ = expect::value;
  value root_;
  std::vector<value*> open_;  // the containers being filled, outermost first
  std::string key_;
};

}  // namespace

const value* value::get(std::string_view key) const noexcept {
  for (const auto& [k, v] : members)
    if (k == key) return &v;
  return nullptr;
}

std::string_view kind_name(value::kind k) noexcept {
  switch (k) {
    case value::kind::null: return "null";
    case value::kind::boolean: return "a boolean";
    case value::kind::number: return "a number";
    case value::kind::string: return "a string";
    case value::kind::array: return "an array";
    case value::kind::object: return "an object";
  }
  return "?";
}

std::string position(std::string_view text, std::size_t offset) {
  std::size_t line = 1, column = 1;
  for (std::size_t k = 0; k < offset && k < text.size(); ++k) {
    if (text[k] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return fmt::format("line {}, column {}", line, column);
}

value parse(std::string_view text) { return tree_builder(text).document(); }

void append_string(std::string& out, std::string_view s) {
  // nlohmann's serializer, kept per thread: constructing one allocates and
  // reads the locale, and this runs for every value the reader prints as JSON.
  // ASCII out (ensure_ascii): any other character as \uXXXX, invalid UTF-8 as
  // \ufffd (error_handler_t::replace), so the JSON is always valid and safe to print.
  struct escaper {
    std::string text;
    nlohmann::json holder = std::string();
    nlohmann::detail::serializer<nlohmann::json> serializer{nlohmann::detail::output_adapter<char>(text), ' ',
                                                            nlohmann::json::error_handler_t::replace};
  };
  // Most values need no escape: printable ASCII without a quote or a backslash.
  const bool plain = std::all_of(s.begin(), s.end(), [](char c) { return c >= 0x20 && c < 0x7f && c != '"' && c != '\\'; });
  if (plain) {
    out += '"';
    out += s;
    out += '"';
    return;
  }
  thread_local escaper e;
  e.text.clear();
  e.holder.get_ref<std::string&>().assign(s);
  e.serializer.dump(e.holder, false, true, 0);
  out += e.text;
}

}  // namespace instrukt_ai::logging::detail::json
