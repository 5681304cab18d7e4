#include "app/scene/json_node.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "base/errors.hpp"
#include "base/quoted_bytes.hpp"

namespace monge {
namespace {

std::string type_name(const nlohmann::json& j) {
  if (j.is_null()) return "null";
  if (j.is_boolean()) return "a boolean";
  if (j.is_number()) return "a number";
  if (j.is_string()) return "a string";
  if (j.is_array()) return "an array";
  return "an object";
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + items[i];
  return out;
}

// "LINE:COL" (1-based) of a byte offset.
std::string line_and_column(std::string_view text, std::size_t byte) {
  byte = std::min(byte, text.size());
  std::size_t line = 1, column = 1;
  for (std::size_t i = 0; i < byte; ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return std::to_string(line) + ":" + std::to_string(column);
}

// nlohmann's DOM builder, plus what its exceptions lack: the byte offset of every error (the
// number overflow error carries none), a depth limit, and the raw token for escaping.
class JsonReader : public nlohmann::detail::json_sax_dom_parser<nlohmann::json> {
  using Base = nlohmann::detail::json_sax_dom_parser<nlohmann::json>;

 public:
  explicit JsonReader(nlohmann::json& root) : Base(root, /*allow_exceptions=*/false) {}
  bool start_object(std::size_t n) { return deeper() && Base::start_object(n); }
  bool start_array(std::size_t n) { return deeper() && Base::start_array(n); }
  bool end_object() { --depth_; return Base::end_object(); }
  bool end_array() { --depth_; return Base::end_array(); }
  template <class Exception>
  bool parse_error(std::size_t position, const std::string& token, const Exception& e) {
    position_ = position;
    token_ = token;
    id_ = e.id;
    what_ = e.what();
    return false;
  }

  // The one-line message of the failure (the parse returned false).
  std::string message(std::string_view text, const std::string& label) const {
    if (too_deep_) return label + ": nesting deeper than " + std::to_string(kMaxJsonDepth) + " levels";
    if (id_ == 406)  // reported after the number was read: point at its first character
      return label + ":" + line_and_column(text, position_ - std::min(position_, token_.size())) + ": number " +
             quote_bytes(token_) + " is out of range (beyond about 1.8e308)";
    const std::string where = label + ":" + line_and_column(text, position_ > 0 ? position_ - 1 : 0) + ": ";
    // "[json.exception.parse_error.101] parse error at line 1, column 5: syntax error while parsing
    // value - invalid literal; last read: 'tru'": keep the explanation, escape what was read.
    std::string why = what_;
    if (const auto at = why.find("syntax error"); at != std::string::npos) why = why.substr(at);
    else if (const auto colon = why.find(": "); colon != std::string::npos) why = why.substr(colon + 2);
    if (const auto last = why.find("; last read:"); last != std::string::npos) why.resize(last);
    return where + escape_bytes(why) + (token_.empty() ? "" : "; last read: " + quote_bytes(token_));
  }

 private:
  bool deeper() {
    too_deep_ = ++depth_ > kMaxJsonDepth;
    return !too_deep_;
  }
  int depth_ = 0;
  bool too_deep_ = false;
  std::size_t position_ = 0;
  std::string token_, what_;
  int id_ = 0;
};

}  // namespace

nlohmann::json parse_json_text(std::string_view text, const std::string& label) {
  nlohmann::json root;
  JsonReader reader(root);
  if (!nlohmann::json::sax_parse(text, &reader, nlohmann::json::input_format_t::json, /*strict=*/true,
                                 /*ignore_comments=*/true))
    throw InputError(reader.message(text, label));
  return root;
}

void JsonNode::fail(const std::string& message) const {
  std::string where = file_;
  if (!path_.empty()) where += (where.empty() ? "" : ": ") + path_;
  throw InputError(printable(where.empty() ? message : where + ": " + message));
}

std::string JsonNode::child_path(const std::string& key) const {
  // Keys are shown escaped: a JSON string may hold any control character ("\u0001").
  return path_.empty() ? escape_bytes(key) : path_ + "." + escape_bytes(key);
}

bool JsonNode::has(const std::string& key) const {
  return value_->is_object() && value_->contains(key) && !(*value_)[key].is_null();
}

JsonNode JsonNode::operator[](const std::string& key) const {
  if (!value_->is_object()) fail("expected an object, got " + type_name(*value_));
  if (!has(key)) JsonNode(*value_, file_, child_path(key)).fail("missing field");
  return JsonNode((*value_)[key], file_, child_path(key));
}

std::size_t JsonNode::array_size() const {
  if (!value_->is_array()) fail("expected an array, got " + type_name(*value_));
  return value_->size();
}

JsonNode JsonNode::at(std::size_t index) const {
  if (index >= array_size()) fail("index " + std::to_string(index) + " out of range");
  return JsonNode((*value_)[index], file_, path_ + "[" + std::to_string(index) + "]");
}

double JsonNode::number(double min, double max) const {
  if (!value_->is_number()) fail("expected a number, got " + type_name(*value_));
  const double v = value_->get<double>();
  if (!std::isfinite(v)) fail("must be finite");
  if (v < min || v > max) {
    std::ostringstream s;
    s << "must be in [" << min << ", " << max << "], got " << v;
    fail(s.str());
  }
  return v;
}

long long JsonNode::integer(long long min, long long max) const {
  if (!value_->is_number()) fail("expected an integer, got " + type_name(*value_));
  const double d = value_->get<double>();
  if (!std::isfinite(d) || d != std::floor(d)) fail("expected an integer");
  if (d < static_cast<double>(min) || d > static_cast<double>(max)) {
    std::ostringstream s;
    s << "must be between " << min << " and " << max << ", got " << d;
    fail(s.str());
  }
  return static_cast<long long>(d);
}

std::string JsonNode::string() const {
  if (!value_->is_string()) fail("expected a string, got " + type_name(*value_));
  return value_->get<std::string>();
}

std::string JsonNode::choice(const std::vector<std::string>& choices) const {
  const std::string s = string();
  for (const auto& c : choices)
    if (c == s) return s;
  fail("unknown value \"" + escape_bytes(s.substr(0, 60)) + (s.size() > 60 ? "...": "") + "\" (expected one of: " + join(choices) + ")");
}

bool JsonNode::boolean() const {
  if (!value_->is_boolean()) fail("expected true or false, got " + type_name(*value_));
  return value_->get<bool>();
}

std::vector<double> JsonNode::vector(int expected_size) const {
  const std::size_t n = array_size();
  if (expected_size >= 0 && n != static_cast<std::size_t>(expected_size))
    fail("expected " + std::to_string(expected_size) + " numbers, got " + std::to_string(n));
  std::vector<double> out(n);
  for (std::size_t i = 0; i < n; ++i) out[i] = at(i).number();
  return out;
}

Eigen::MatrixXd JsonNode::matrix(int rows, int cols) const {
  const std::size_t n = array_size();
  if (n != static_cast<std::size_t>(rows))
    fail("expected a " + std::to_string(rows) + "x" + std::to_string(cols) + " matrix, got " +
         std::to_string(n) + " rows");
  Eigen::MatrixXd m(rows, cols);
  for (int r = 0; r < rows; ++r) {
    const std::vector<double> row = at(r).vector(cols);
    for (int c = 0; c < cols; ++c) m(r, c) = row[c];
  }
  return m;
}

double JsonNode::number_or(const std::string& key, double fallback, double min, double max) const {
  return has(key) ? (*this)[key].number(min, max) : fallback;
}

long long JsonNode::integer_or(const std::string& key, long long fallback, long long min,
                               long long max) const {
  return has(key) ? (*this)[key].integer(min, max) : fallback;
}

std::string JsonNode::string_or(const std::string& key, const std::string& fallback) const {
  return has(key) ? (*this)[key].string() : fallback;
}

std::string JsonNode::choice_or(const std::string& key, const std::string& fallback,
                                const std::vector<std::string>& choices) const {
  return has(key) ? (*this)[key].choice(choices) : fallback;
}

bool JsonNode::boolean_or(const std::string& key, bool fallback) const {
  return has(key) ? (*this)[key].boolean() : fallback;
}

void JsonNode::only_keys(const std::vector<std::string>& allowed) const {
  if (!value_->is_object()) fail("expected an object, got " + type_name(*value_));
  for (auto it = value_->begin(); it != value_->end(); ++it) {
    bool ok = false;
    for (const auto& a : allowed) ok = ok || a == it.key();
    if (!ok)
      JsonNode(it.value(), file_, child_path(it.key()))
          .fail("unknown field (expected one of: " + join(allowed) + ")");
  }
}

}  // namespace monge
