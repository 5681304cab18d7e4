#pragma once
// Reading JSON with errors that name the file and the JSON path of the field at fault:
//   "scenes/disk.json: source.cov: expected a 2x2 matrix, got 3 rows"
// Every scene field is read through JsonNode so that no bad value reaches a solver unchecked.
#include <Eigen/Core>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace monge {

// JSON text (with // and /* */ comments) as a value. Every failure is an InputError naming
// `label` and the line and column: a syntax error, a number beyond double's range (1e400), nesting
// deeper than kMaxJsonDepth (deeper documents would overflow the stack of recursive copies); the
// bytes the parser last read are shown escaped and cut short.
constexpr int kMaxJsonDepth = 256;
nlohmann::json parse_json_text(std::string_view text, const std::string& label);

class JsonNode {
 public:
  JsonNode(const nlohmann::json& value, std::string file, std::string path = "")
      : value_(&value), file_(std::move(file)), path_(std::move(path)) {}

  const nlohmann::json& json() const { return *value_; }
  const std::string& path() const { return path_; }
  const std::string& file() const { return file_; }

  bool has(const std::string& key) const;
  // Required member; fails with "missing field" if absent (and "expected an object" if this is not one).
  JsonNode operator[](const std::string& key) const;
  // Array element.
  JsonNode at(std::size_t index) const;
  std::size_t array_size() const;  // fails unless an array

  // Scalars, checked. Ranges are inclusive; a finite check is implied.
  double number(double min = -1e300, double max = 1e300) const;
  long long integer(long long min, long long max) const;
  std::string string() const;
  // One of `choices`; the error lists them.
  std::string choice(const std::vector<std::string>& choices) const;
  bool boolean() const;
  std::vector<double> vector(int expected_size = -1) const;  // -1: any length
  Eigen::MatrixXd matrix(int rows, int cols) const;

  // Optional members with defaults.
  double number_or(const std::string& key, double fallback, double min = -1e300, double max = 1e300) const;
  long long integer_or(const std::string& key, long long fallback, long long min, long long max) const;
  std::string string_or(const std::string& key, const std::string& fallback) const;
  std::string choice_or(const std::string& key, const std::string& fallback,
                        const std::vector<std::string>& choices) const;
  bool boolean_or(const std::string& key, bool fallback) const;

  // Reject members not in `allowed`, so a typo ("projection" for "projections") is an error,
  // not a silently ignored field.
  void only_keys(const std::vector<std::string>& allowed) const;

  // Throws InputError("<file>: <path>: <message>").
  [[noreturn]] void fail(const std::string& message) const;

 private:
  std::string child_path(const std::string& key) const;
  const nlohmann::json* value_;
  std::string file_;
  std::string path_;
};

}  // namespace monge
