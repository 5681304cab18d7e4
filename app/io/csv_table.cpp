// CSV, TSV and whitespace-separated text as a table of numbers (the rules are listed in
// point_file.hpp). Sections: number tokens, splitting a line, the header, the rows.
#include <charconv>
#include <cmath>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "app/io/number_table.hpp"
#include "base/errors.hpp"
#include "base/quoted_bytes.hpp"

namespace monge {
namespace {

// ---- number tokens ---------------------------------------------------------------------------

enum class Token { Number, Overflow, NotNumber };

// Decimal exponent of the leading digit of a token that matched the number grammar ("123e5" -> 7,
// "0.004" -> -3), saturated; only its sign matters (overflow against underflow).
long long decimal_exponent(std::string_view s) {
  std::size_t i = s.find_first_not_of("+-");
  long long exponent = 0, lead = 0;
  bool found = false, fraction = false;
  long long int_digits = 0, frac_zeros = 0;
  for (; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '.') {
      fraction = true;
    } else if (c >= '0' && c <= '9') {
      if (!found && c != '0') found = true;
      if (!fraction && (found || c != '0')) ++int_digits;
      if (fraction && !found) ++frac_zeros;
    } else {
      break;  // 'e' or 'E'
    }
  }
  lead = int_digits > 0 ? int_digits - 1 : -(frac_zeros + 1);
  if (i < s.size()) {  // the exponent
    ++i;
    bool negative = false;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) negative = s[i++] == '-';
    for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i) exponent = std::min(exponent * 10 + (s[i] - '0'), 1'000'000'000LL);
    if (negative) exponent = -exponent;
  }
  return lead + exponent;
}

// The field as a number: the decimal floating-point grammar (with an optional '+', and inf, nan),
// whatever its magnitude. Overflow is a number that does not fit a double; one too small for it
// reads as zero.
Token classify(std::string_view field, double& value) {
  if (field.size() >= 2 && field[0] == '+' && field[1] != '-' && field[1] != '+') field.remove_prefix(1);
  if (field.empty()) return Token::NotNumber;
  const char* end = field.data() + field.size();
  const auto [ptr, ec] = std::from_chars(field.data(), end, value);
  if (ptr != end) return Token::NotNumber;
  if (ec == std::errc()) return Token::Number;
  if (ec != std::errc::result_out_of_range) return Token::NotNumber;
  if (decimal_exponent(field) > 0) return Token::Overflow;
  value = field[0] == '-' ? -0.0 : 0.0;
  return Token::Number;
}

// A number token as written, cut short (number tokens are ASCII, but may be 400 digits long).
std::string shown(std::string_view token) {
  return token.size() <= 40 ? std::string(token) : std::string(token.substr(0, 40)) + "...";
}

// ---- splitting ---------------------------------------------------------------------------------

std::string_view trim(std::string_view s, std::string_view blanks) {
  const auto first = s.find_first_not_of(blanks);
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(blanks) - first + 1);
}

// The line's separator: ';' if it has one (European spreadsheets, where ',' is the decimal
// comma), else ',', else a tab (TSV: each tab separates, so an empty field stays visible), else
// runs of spaces.
char separator_of(std::string_view line) {
  if (line.find(';') != std::string_view::npos) return ';';
  if (line.find(',') != std::string_view::npos) return ',';
  if (line.find('\t') != std::string_view::npos) return '\t';
  return ' ';
}

void split_fields(std::string_view line, char separator, std::vector<std::string_view>& fields) {
  fields.clear();
  if (separator == ' ') {
    std::size_t start = 0;
    while ((start = line.find_first_not_of(" \t", start)) != std::string_view::npos) {
      const auto end = line.find_first_of(" \t", start);
      fields.push_back(line.substr(start, end == std::string_view::npos ? end : end - start));
      start = end;
    }
    return;
  }
  std::size_t start = 0;
  while (true) {
    const auto end = line.find(separator, start);
    fields.push_back(trim(line.substr(start, end == std::string_view::npos ? end : end - start), " \t"));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
}

std::string_view unquote(std::string_view field) {
  if (field.size() >= 2 && field.front() == '"' && field.back() == '"') return field.substr(1, field.size() - 2);
  return field;
}

// ---- the header ---------------------------------------------------------------------------------

// The first non-comment line is a header when a field is not a number token ("x", "label"; never
// "1e400", which is a number too large) or when its first field is empty and others follow: the
// unnamed index column of pandas' to_csv (",x,y") and R's write.csv ("","x","y").
bool is_header(const std::vector<std::string_view>& fields) {
  if (fields.size() >= 2 && unquote(fields[0]).empty()) return true;
  double ignored = 0;
  for (const auto field : fields)
    if (!unquote(field).empty() && classify(field, ignored) == Token::NotNumber) return true;
  return false;
}

// ---- the rows -------------------------------------------------------------------------------------

struct Columns {
  std::vector<std::string> names;  // from the header ("" where none)
  bool drop_first = false;         // an index column (pandas, R) is not a coordinate

  // "column 3 ('y')" in the file's own numbering (the index column counts, as a spreadsheet shows it).
  std::string label(std::size_t c) const {
    std::string s = "column " + std::to_string(c + 1);
    if (c < names.size() && !names[c].empty()) s += " (" + quote_bytes(names[c]) + ")";
    return s;
  }
};

// A field of a data row that is not a number (or is empty): the message says why, and what the
// likely cause is.
[[noreturn]] void bad_field(const std::string& where, const Columns& columns, std::size_t c, std::string_view field) {
  const std::string column = columns.label(c);
  if (field.empty())
    throw InputError(where + ": " + column + " is empty (a missing value; pandas writes NaN as an empty field)");
  std::string hint;
  const auto comma = field.find(',');
  double ignored = 0;
  if (comma != std::string_view::npos) {
    std::string dotted(field);
    dotted[comma] = '.';
    if (classify(dotted, ignored) == Token::Number) hint = " (a decimal comma? monge reads 1.5, not 1,5)";
  }
  throw InputError(where + ": " + column + " is not a number: " + quote_bytes(field) + hint);
}

}  // namespace

NumberTable parse_csv_table(std::string_view text, const std::string& file) {
  NumberTable t;
  t.file = file;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // a UTF-8 byte-order mark (Excel)
  Columns columns;
  bool first_line = true;
  long long line_no = 0, file_cols = 0;  // file_cols: fields per row, index column included
  std::size_t pos = 0;
  std::vector<std::string_view> fields;
  while (pos < text.size()) {
    const std::size_t nl = text.find('\n', pos);
    std::string_view line = text.substr(pos, (nl == std::string_view::npos ? text.size() : nl) - pos);
    pos = nl == std::string_view::npos ? text.size() : nl + 1;
    ++line_no;
    if (const auto hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
    line = trim(line, " \r");
    if (trim(line, " \t").empty()) continue;
    // Built only for an error message: most lines never need it.
    const auto where = [&] { return file + ":" + std::to_string(line_no); };
    for (const char c : line)
      if (static_cast<unsigned char>(c) < 0x20 && c != '\t')
        throw InputError(where() + ": not text: control byte " + quote_bytes(std::string_view(&c, 1)) +
                         " (is this a point file? monge reads CSV text, .npy, .npz, .ply and .obj)");
    const char separator = separator_of(line);
    split_fields(first_line ? line : trim(line, " \t"), separator, fields);
    if (first_line) {
      first_line = false;
      if (is_header(fields)) {
        for (const auto f : fields) columns.names.emplace_back(unquote(f));
        columns.drop_first = fields.size() >= 2 && unquote(fields[0]).empty();
        file_cols = static_cast<long long>(fields.size());
        continue;
      }
      split_fields(trim(line, " \t"), separator, fields);  // data: leading tabs are indentation
    }
    if (t.rows == 0) {
      // pandas' to_csv(index_label=False): the header names the columns but not the index.
      if (!columns.names.empty() && static_cast<long long>(fields.size()) == file_cols + 1 && !columns.drop_first) {
        columns.names.insert(columns.names.begin(), "");
        columns.drop_first = true;
        ++file_cols;
      }
      if (file_cols == 0) file_cols = static_cast<long long>(fields.size());
      if (file_cols > kMaxTableColumns + (columns.drop_first ? 1 : 0))
        throw InputError(where() + ": " + std::to_string(file_cols) + " columns, more than the " +
                         std::to_string(kMaxTableColumns) + " allowed");
      t.cols = file_cols - (columns.drop_first ? 1 : 0);
    }
    if (static_cast<long long>(fields.size()) != file_cols)
      throw InputError(where() + ": expected " + std::to_string(file_cols) + " columns, got " + std::to_string(fields.size()));
    for (std::size_t c = columns.drop_first ? 1 : 0; c < fields.size(); ++c) {
      double v = 0;
      const Token token = classify(fields[c], v);
      if (token == Token::NotNumber) bad_field(where(), columns, c, fields[c]);
      if (token == Token::Overflow || (std::isfinite(v) && std::abs(v) >= kFloatOverflow))
        throw InputError(where() + ": " + columns.label(c) + " is out of float32 range (" + shown(fields[c]) + ")");
      if (!std::isfinite(v)) throw InputError(where() + ": " + columns.label(c) + " is not finite (" + shown(fields[c]) + ")");
      t.values.push_back(static_cast<float>(v));
    }
    if (++t.rows > kMaxTableRows)
      throw InputError(where() + ": more than " + std::to_string(kMaxTableRows) + " points");
    t.lines.push_back(line_no);
  }
  if (t.rows == 0) throw InputError(file + ": no points (the file has no data lines)");
  return t;
}

}  // namespace monge
