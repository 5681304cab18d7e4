#include "app/scene/json_node.hpp"

#include <cmath>
#include <sstream>

#include "base/errors.hpp"

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

}  // namespace

void JsonNode::fail(const std::string& message) const {
  std::string where = file_;
  if (!path_.empty()) where += (where.empty() ? "" : ": ") + path_;
  throw InputError(where.empty() ? message : where + ": " + message);
}

std::string JsonNode::child_path(const std::string& key) const {
  return path_.empty() ? key : path_ + "." + key;
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
  fail("unknown value \"" + s + "\" (expected one of: " + join(choices) + ")");
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
