// The rules an event type must meet, checked once per type with errors that
// say what to change. The failing template's name and arguments (event, key,
// type) appear in the compiler's "required from" lines.
#pragma once

#include <instrukt_ai/logging/detail/event/field_names.hpp>
#include <instrukt_ai/logging/detail/event/fixed_string.hpp>
#include <instrukt_ai/logging/detail/event/naming_rules.hpp>
#include <instrukt_ai/logging/detail/record/codecs.hpp>
#include <instrukt_ai/logging/context_info.hpp>
#include <instrukt_ai/logging/event.hpp>

#include <instrukt_ai/logging/detail/event/tie.hpp>

#include <array>
#include <string_view>
#include <type_traits>

namespace instrukt_ai::logging::detail {

template <class...>
inline constexpr bool always_false = false;

// The traits asked of an event type itself are the compilers' built-ins
// (GCC and Clang both have them): <type_traits>' versions instantiate a few
// helper classes per type (libstdc++'s completeness checks), which a service's
// hundreds of event types pay for at every build.

// Converts only to a strict base of T: T{probe} compiles iff T's first
// initializer is a base class.
template <class T>
struct base_class_probe {
  template <class B>
    requires(__is_base_of(B, T) && !__is_same(B, T))
  operator B&() const;
};
template <class T>
concept has_base_class = requires { T{base_class_probe<T>{}}; };

// Converts to any type as a prvalue, which cannot bind a non-const reference.
// Defined (never run) because Clang counts the use in the check below as odr-use.
struct prvalue_probe {
  template <class U>
  operator U() const {
    U (*never_called)() = nullptr;
    return never_called();
  }
};
template <class T, std::size_t... I>
constexpr bool initialisable_from_prvalues(std::index_sequence<I...>) {
  return requires { T{(void(I), prvalue_probe{})...}; };
}

// A field type that meets every type rule wherever it is: `redacted` when its
// key is then free to name a secret. A variable per type, shared by every
// event with that type, so the common case costs no function per field.
enum class type_verdict : unsigned char { ok, redacted, see_report };
template <class T>
inline constexpr type_verdict judge_type =
    !has_codec<T> || is_payload<T> ? type_verdict::see_report
    : is_redacted_or_absent<T>     ? type_verdict::redacted
                                   : type_verdict::ok;

// What the checks ask of all of a struct's field types at once, from its tie's
// type (reflect.hpp's field_tuple): one instance per set of field types,
// shared by every struct with that set, and no type computed per field.
template <class Tuple>
struct field_facts;
template <class... Ref>
struct field_facts<field_refs<Ref...>> {
  static constexpr std::array<std::size_t, sizeof...(Ref)> sizes{sizeof(Ref)...};  // of the type referred to
  static constexpr std::array<std::size_t, sizeof...(Ref)> alignments{alignof(Ref)...};
  static constexpr std::array<type_verdict, sizeof...(Ref)> verdicts{judge_type<std::remove_cvref_t<Ref>>...};
};

// PFR reports a reference field as the type it refers to; laying the reported
// types out again then gives another size than the struct's. One function per
// field count, shared by every struct with that count.
template <std::size_t N>
constexpr bool layout_matches(std::size_t struct_size, const std::array<std::size_t, N>& sizes,
                              const std::array<std::size_t, N>& alignments) {
  const std::size_t* size = sizes.data();
  const std::size_t* alignment = alignments.data();
  std::size_t offset = 0, align = 1;
  for (std::size_t i = 0; i < N; ++i) {
    offset = (offset + alignment[i] - 1) / alignment[i] * alignment[i] + size[i];
    align = alignment[i] > align ? alignment[i] : align;
  }
  return N == 0 || (offset + align - 1) / align * align == struct_size;
}

// Instantiating it makes the compiler name the event's reference
// field ("member 'Bad::user_id' is uninitialized reference"), which reflection
// cannot do for references.
template <class Event>
consteval bool the_reference_field_is_named_below() {
  [[maybe_unused]] Event e{};
  return false;
}

// A reference member deletes the implicit copy assignment, so a copy-assignable
// struct (nearly every event) needs only the layout check; the probe runs for
// the others (const fields, or a reference).
template <class T, std::size_t... I>
constexpr bool has_reference_field(std::index_sequence<I...> fields) {
  using facts = field_facts<field_tuple<T>>;
  constexpr bool layout_ok = layout_matches(sizeof(T), facts::sizes, facts::alignments);
  if constexpr (__is_assignable(T&, const T&)) return !layout_ok;
  else return !initialisable_from_prvalues<T>(fields) || !layout_ok;
}

template <class Event, fixed_string Key>
struct field_key_is_not_snake_case {
  static_assert(always_false<Event>,
                "instrukt_ai::logging: a field name is a logfmt key and must be snake_case "
                "(lower-case words joined by single underscores, like `job_id`). Rename the field.");
};

template <class Event, fixed_string Key>
struct field_key_is_reserved {
  static_assert(always_false<Event>,
                "instrukt_ai::logging: fields may not be named `level`, `logger`, `msg` or `exc`: "
                "the line writes those keys itself. Rename the field.");
};

template <class Event, fixed_string Key, class FieldType>
struct field_type_is_not_copyable {
  static_assert(always_false<Event>,
                "instrukt_ai::logging: this field's type has an fmt::formatter but no copy constructor; "
                "fields are copied to the writer thread. Make the type copyable or log a copyable summary.");
};

template <class Event, fixed_string Key, class FieldType>
struct field_type_is_not_loggable {
  static_assert(always_false<Event>,
                "instrukt_ai::logging: this field's type cannot be logged. Supported: integers, float, double, "
                "bool, char, std::string_view, std::string, const char*, enums, std::chrono durations, "
                "std::chrono::system_clock::time_point, std::optional of those, and copyable types with an "
                "fmt::formatter once <instrukt_ai/logging/formatted.hpp> is included. Change the field's type, "
                "or give it an fmt::formatter and include that header.");
};

template <class Event, fixed_string Key, class FieldType>
struct field_key_names_a_secret {
  static_assert(always_false<Event>,
                "instrukt_ai::logging: this field's name says it holds a secret (password, token, api_key, "
                "cookie, ...; see guide.md in share/doc/instrukt_ai_logging/, or docs/ in the source), so its type must be instrukt_ai::logging::redacted<T> "
                "(written as ***, or redacted<T, redaction::fingerprint> for sha256:...). Wrap the type, "
                "or rename the field if it holds no secret.");
};

template <class Event, fixed_string Key, class FieldType>
struct payload_field_outside_trace {
  static_assert(always_false<Event>,
                "instrukt_ai::logging: payload<T> fields (whole request or response bodies) are allowed only "
                "in TRACE events. Declare the event with level::trace, or log a summary (size, hash) instead.");
};

template <class Context, fixed_string Key, class FieldType>
struct context_field_is_formatted_by_fmt {
  static_assert(always_false<Context>,
                "instrukt_ai::logging: a context's fields are kept as bytes and entered again on other threads "
                "(capture_context), so a type logged through its fmt::formatter cannot be one. Use its text "
                "(std::string), an id or a number instead.");
};

// Copied into the record as an object (a type with an fmt::formatter), itself or inside an optional.
template <class T>
constexpr bool copied_as_object() {
  if constexpr (codec<T>::type_name == std::string_view("optional")) return copied_as_object<typename T::value_type>();
  else return codec<T>::type_name == std::string_view("formatted");
}

// payload<T> is for TRACE events only (never in a context).
template <class T>
constexpr bool allows_payload() {
  if constexpr (requires { T::event.severity; }) return T::event.severity == level::trace;
  else return false;
}

// What is wrong with a field's key, in one pass over it: a field that breaks
// no rule (nearly all) then costs one evaluation, and the rules below run
// only to say which error to give.
enum class key_verdict { ok, not_snake_case, reserved, secret };
constexpr key_verdict judge_key(const char* key, std::size_t size, bool redacted) {
  if (!is_snake_case(key, size)) return key_verdict::not_snake_case;
  if (is_reserved_key(key, size)) return key_verdict::reserved;
  if (!redacted && is_secret_key(key, size)) return key_verdict::secret;
  return key_verdict::ok;
}

// The field's broken rule, as an error naming the event, the key and the type.
template <class Event, std::size_t I>
consteval bool report_field() {
  using type = field_type_t<I, Event>;
  constexpr std::string_view key = field_names<Event>[I];
  constexpr fixed_string<key.size()> key_arg{key};
  if constexpr (!is_snake_case(key)) {
    (void)field_key_is_not_snake_case<Event, key_arg>{};
    return false;
  } else if constexpr (is_reserved_key(key)) {
    (void)field_key_is_reserved<Event, key_arg>{};
    return false;
  } else if constexpr (is_secret_key(key) && !is_redacted_or_absent<type>) {
    (void)field_key_names_a_secret<Event, key_arg, type>{};
    return false;
  } else if constexpr (is_payload<type> && !allows_payload<Event>()) {
    (void)payload_field_outside_trace<Event, key_arg, type>{};
    return false;
  } else if constexpr (!has_codec<type> && formattable_but_not_copyable<type>) {
    (void)field_type_is_not_copyable<Event, key_arg, type>{};
    return false;
  } else if constexpr (!has_codec<type>) {
    (void)field_type_is_not_loggable<Event, key_arg, type>{};
    return false;
  } else if constexpr (context<Event>) {
    if constexpr (copied_as_object<type>()) {
      (void)context_field_is_formatted_by_fmt<Event, key_arg, type>{};
      return false;
    } else {
      return true;
    }
  } else {
    return true;
  }
}

// Every key of an event in one evaluation (one function per field count).
// Through raw pointers: each std::array::operator[] would be one more call to
// evaluate.
template <std::size_t N>
consteval bool fields_pass(const std::array<std::string_view, N>& keys, const std::array<type_verdict, N>& types) {
  const std::string_view* key = keys.data();
  const type_verdict* type = types.data();
  for (std::size_t i = 0; i < N; ++i)
    if (type[i] == type_verdict::see_report ||
        judge_key(key[i].data(), key[i].size(), type[i] == type_verdict::redacted) != key_verdict::ok)
      return false;
  return true;
}

// All fields at once; only a broken rule instantiates report_field, for every
// field (each reports its own), so that the error names the field.
template <class Event, std::size_t... I>
consteval bool check_fields(std::index_sequence<I...>) {
  if constexpr (!context<Event> && fields_pass(field_names<Event>, field_facts<field_tuple<Event>>::verdicts))
    return true;
  else
    return (report_field<Event, I>() && ...);
}

template <class Event>
consteval bool check_event() {
  if constexpr (!__is_class(Event) || !__is_aggregate(Event)) {
    static_assert(always_false<Event>,
                  "instrukt_ai::logging: an event must be a plain aggregate struct (public fields, no "
                  "user-declared constructors, no virtual functions).");
    return false;
  } else if constexpr (has_base_class<Event>) {
    static_assert(always_false<Event>,
                  "instrukt_ai::logging: an event may not have a base class (its fields could not be "
                  "reflected). Copy the base's fields into the event, or make the base a field.");
    return false;
  } else if constexpr (!event<Event>) {
    static_assert(always_false<Event>,
                  "instrukt_ai::logging: an event declares its name and level as "
                  "`static constexpr instrukt_ai::logging::event_info event{\"snake_case_name\", level::info};`");
    return false;
  } else if constexpr (has_reference_field<Event>(std::make_index_sequence<field_count<Event>>{})) {
    static_assert(always_false<Event>,
                  "instrukt_ai::logging: an event may not have reference fields (they cannot be reflected). "
                  "Use std::string_view instead of const std::string&, and values instead of references. "
                  "The compiler names the field just below (\"uninitialized reference\").");
    return the_reference_field_is_named_below<Event>();
  } else {
    return check_fields<Event>(std::make_index_sequence<field_count<Event>>{});
  }
}

// True when Event meets every rule; using it reports each broken rule once.
template <class Event>
inline constexpr bool valid_event = check_event<Event>();

// The same rules for a context (context_info.hpp).
template <class Context>
consteval bool check_context() {
  if constexpr (!__is_class(Context) || !__is_aggregate(Context)) {
    static_assert(always_false<Context>,
                  "instrukt_ai::logging: a context must be a plain aggregate struct (public fields, no "
                  "user-declared constructors, no virtual functions).");
    return false;
  } else if constexpr (has_base_class<Context>) {
    static_assert(always_false<Context>,
                  "instrukt_ai::logging: a context may not have a base class (its fields could not be "
                  "reflected). Copy the base's fields into the context, or make the base a field.");
    return false;
  } else if constexpr (!context<Context>) {
    static_assert(always_false<Context>,
                  "instrukt_ai::logging: a context declares its name as "
                  "`static constexpr instrukt_ai::logging::context_info context{\"snake_case_name\"};`");
    return false;
  } else if constexpr (has_reference_field<Context>(std::make_index_sequence<field_count<Context>>{})) {
    static_assert(always_false<Context>,
                  "instrukt_ai::logging: a context may not have reference fields (they cannot be reflected). "
                  "Use std::string_view instead of const std::string&, and values instead of references. "
                  "The compiler names the field just below (\"uninitialized reference\").");
    return the_reference_field_is_named_below<Context>();
  } else {
    return check_fields<Context>(std::make_index_sequence<field_count<Context>>{});
  }
}

template <class Context>
inline constexpr bool valid_context = check_context<Context>();

}  // namespace instrukt_ai::logging::detail
