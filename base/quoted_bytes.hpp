#pragma once
// Bytes from a user's file or command line shown inside a one-line error message. A damaged file
// may hold anything (binary data, control characters, invalid UTF-8, megabytes without a
// newline): echoed raw, such bytes garble the terminal and the message. quote_bytes() keeps printable
// ASCII and well-formed UTF-8 (a file name like 'données.csv' reads as written), writes every
// other byte as an escape (\x93, \n, \t, \r, \0) and cuts the text short:
//   quote_bytes("\x93NUMPY\x01\x00v\x00{'descr'...")  ->  '\x93NUMPY\x01\0v\0{\'descr\'...'
#include <cstddef>
#include <string>
#include <string_view>

namespace monge {

// `bytes` in single quotes, escaped as above (a quote or backslash in the text as \' and \\),
// at most `max_bytes` of the input shown, then "..." when there was more.
std::string quote_bytes(std::string_view bytes, std::size_t max_bytes = 40);

// The same escaping without the quotes or the cut, for text that is not from a file but may
// still hold anything (JSON keys, command-line arguments).
std::string escape_bytes(std::string_view bytes);

// A whole message made safe to print: control bytes and invalid UTF-8 escaped as \xNN, all else
// (backslashes, quotes, escapes already made) unchanged, so applying it twice changes nothing.
// The CLI and JsonNode pass every message through it: a file name or JSON string holding
// "\u0001" cannot reach the terminal raw.
std::string printable(std::string_view message);

}  // namespace monge
