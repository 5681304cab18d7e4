#include "base/quoted_bytes.hpp"

namespace monge {
namespace {

// Length of the well-formed UTF-8 sequence (2 to 4 bytes, no overlong forms, no surrogates, at
// most U+10FFFF) starting at bytes[i], or 0 if there is none.
std::size_t utf8_sequence(std::string_view bytes, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(bytes[k]); };
  const unsigned char b0 = byte(i);
  std::size_t length = 0;
  unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
  if (b0 >= 0xC2 && b0 <= 0xDF) length = 2;
  else if (b0 == 0xE0) length = 3, lo = 0xA0;
  else if (b0 >= 0xE1 && b0 <= 0xEC) length = 3;
  else if (b0 == 0xED) length = 3, hi = 0x9F;
  else if (b0 >= 0xEE && b0 <= 0xEF) length = 3;
  else if (b0 == 0xF0) length = 4, lo = 0x90;
  else if (b0 >= 0xF1 && b0 <= 0xF3) length = 4;
  else if (b0 == 0xF4) length = 4, hi = 0x8F;
  else return 0;
  if (i + length > bytes.size()) return 0;
  if (byte(i + 1) < lo || byte(i + 1) > hi) return 0;
  for (std::size_t k = 2; k < length; ++k)
    if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
  return length;
}

const char* const kHex = "0123456789abcdef";

// How much is escaped: Quoted and Escaped write \n, \t, \\ (and Quoted \') so the text reads
// back unambiguously; Printable only replaces what a terminal would misread, as \xNN.
enum class Style { Quoted, Escaped, Printable };

void append_escaped(std::string& out, std::string_view bytes, Style style) {
  for (std::size_t i = 0; i < bytes.size();) {
    const unsigned char c = static_cast<unsigned char>(bytes[i]);
    if (c >= 0x80) {
      if (const std::size_t n = utf8_sequence(bytes, i)) {
        out.append(bytes.substr(i, n));
        i += n;
        continue;
      }
    }
    ++i;
    const char* escape = nullptr;
    if (style != Style::Printable) {
      switch (c) {
        case '\n': escape = "\\n"; break;
        case '\r': escape = "\\r"; break;
        case '\t': escape = "\\t"; break;
        case '\0': escape = "\\0"; break;
        case '\\': escape = "\\\\"; break;
        case '\'': escape = style == Style::Quoted ? "\\'" : "'"; break;
        default: break;
      }
    }
    if (escape) {
      out += escape;
    } else if (c < 0x20 || c >= 0x7F) {
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 15];
    } else {
      out += static_cast<char>(c);
    }
  }
}

}  // namespace

std::string quote_bytes(std::string_view bytes, std::size_t max_bytes) {
  std::string out = "'";
  std::string_view shown = bytes.substr(0, max_bytes);
  // Do not cut a UTF-8 character in two: back up (at most 3 bytes) to the start of its sequence.
  for (int backed = 0; backed < 3 && !shown.empty() && shown.size() < bytes.size() &&
                       (static_cast<unsigned char>(bytes[shown.size()]) & 0xC0) == 0x80;
       ++backed)
    shown.remove_suffix(1);
  append_escaped(out, shown, Style::Quoted);
  out += shown.size() < bytes.size() ? "'..." : "'";
  return out;
}

std::string printable(std::string_view message) {
  std::string out;
  out.reserve(message.size());
  append_escaped(out, message, Style::Printable);
  return out;
}

std::string escape_bytes(std::string_view bytes) {
  std::string out;
  append_escaped(out, bytes, Style::Escaped);
  return out;
}

}  // namespace monge
