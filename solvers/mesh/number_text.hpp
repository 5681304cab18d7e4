#pragma once
// Locale-independent number <-> text for the OBJ and ASCII PLY readers and writers
// (std::from_chars / std::to_chars: no locale, no allocation, exact round trips).
#include <charconv>
#include <cmath>
#include <cstdio>
#include <limits>
#include <string>
#include <string_view>

namespace monge::mesh {

// The whole token as a number ("+1.5", "-2e3", "nan", "inf" accepted; the caller checks
// finiteness). False if the token is empty, has trailing characters, or overflows.
inline bool parse_number(std::string_view token, double& out) {
  if (!token.empty() && token.front() == '+') token.remove_prefix(1);
  if (token.empty()) return false;
  const char* end = token.data() + token.size();
  const auto result = std::from_chars(token.data(), end, out);
  return result.ec == std::errc() && result.ptr == end;
}

// A whole token as an integer (leading '+' accepted).
inline bool parse_integer(std::string_view token, long long& out) {
  if (!token.empty() && token.front() == '+') token.remove_prefix(1);
  if (token.empty()) return false;
  const char* end = token.data() + token.size();
  const auto result = std::from_chars(token.data(), end, out);
  return result.ec == std::errc() && result.ptr == end;
}

// A parsed double as a finite float; false for NaN, infinities and values beyond float's range
// (checked before the conversion, which would otherwise be undefined behaviour).
inline bool to_finite_float(double value, float& out) {
  if (!(std::fabs(value) <= static_cast<double>(std::numeric_limits<float>::max()))) return false;
  out = static_cast<float>(value);
  return true;
}

// An index read as a double, for error messages (integers as integers, anything else as %g).
inline std::string describe_index(double value) {
  if (std::fabs(value) < 1e15 && value == static_cast<double>(static_cast<long long>(value))) {
    return std::to_string(static_cast<long long>(value));
  }
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "%g", value);
  return buffer;
}

// Shortest decimal that reads back to the same float.
inline void append_number(std::string& out, float value) {
  char buffer[32];
  const auto result = std::to_chars(buffer, buffer + sizeof(buffer), value);
  out.append(buffer, result.ptr);
}
inline void append_number(std::string& out, long long value) {
  char buffer[24];
  const auto result = std::to_chars(buffer, buffer + sizeof(buffer), value);
  out.append(buffer, result.ptr);
}

}  // namespace monge::mesh
