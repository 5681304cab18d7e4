#include "app/io/series_csv.hpp"

#include <cmath>
#include <cstdio>
#include <algorithm>

#include "base/atomic_file.hpp"

namespace monge {
namespace {

// Labels become CSV cells: quote those with a comma, quote or line break.
std::string cell(const std::string& text) {
  if (text.find_first_of(",\"\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

}  // namespace

std::string format_series_csv(const std::string& x_label, const std::vector<PlotSeries>& series) {
  std::size_t rows = 0;
  for (const auto& s : series) rows = std::max(rows, s.values.size());
  std::string out = cell(x_label);
  for (const auto& s : series) out += ',' + cell(s.label);
  out += '\n';
  char number[32];
  for (std::size_t r = 0; r < rows; ++r) {
    out += std::to_string(r);
    for (const auto& s : series) {
      out += ',';
      if (r >= s.values.size()) continue;
      if (std::isfinite(s.values[r])) {
        std::snprintf(number, sizeof number, "%.9g", s.values[r]);
        out += number;
      } else {
        out += "nan";
      }
    }
    out += '\n';
  }
  return out;
}

void write_series_csv(const std::filesystem::path& path, const std::string& x_label,
                      const std::vector<PlotSeries>& series) {
  write_file_atomically(path, format_series_csv(x_label, series));
}

}  // namespace monge
