#include <instrukt_ai/logging/exception_text.hpp>

#include <cxxabi.h>

#include <cstdlib>
#include <memory>
#include <string_view>
#include <typeinfo>

namespace instrukt_ai::logging {
namespace {

std::string type_name(const std::type_info& t) {
  int status = 0;
  std::unique_ptr<char, void (*)(void*)> name(abi::__cxa_demangle(t.name(), nullptr, nullptr, &status), std::free);
  std::string out = status == 0 && name ? name.get() : t.name();
  // std::throw_with_nested throws an implementation type around the user's: name the user's.
  constexpr std::string_view wrapper = "std::_Nested_exception<";
  if (out.starts_with(wrapper) && out.ends_with('>')) out = out.substr(wrapper.size(), out.size() - wrapper.size() - 1);
  return out;
}

void append(std::string& out, const std::exception& e, int depth) {
  if (depth > 0) out += "; caused by ";
  out += type_name(typeid(e));
  out += ": ";
  out += e.what();
  if (depth >= 16) return;  // a cycle of nested exceptions would never end
  try {
    std::rethrow_if_nested(e);
  } catch (const std::exception& inner) {
    append(out, inner, depth + 1);
  } catch (...) {
    out += "; caused by unknown exception";
  }
}

}  // namespace

std::string describe_exception(const std::exception& e) {
  std::string out;
  append(out, e, 0);
  return out;
}

std::string describe_exception(const std::exception_ptr& e) {
  if (!e) return "no exception";
  try {
    std::rethrow_exception(e);
  } catch (const std::exception& x) {
    return describe_exception(x);
  } catch (...) {
    return "unknown exception";
  }
}

}  // namespace instrukt_ai::logging
