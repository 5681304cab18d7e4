#pragma once
// Plot data as CSV: one row per step, a column per series ("step,sw,lcv-sw,..."), so a plot
// exported from the app can be redrawn in any tool. Written atomically (OUT.part, then renamed).
#include <filesystem>
#include <string>
#include <vector>

namespace monge {

struct PlotSeries {
  std::string label;
  std::vector<float> values;  // one per step
};

// Columns `x_label` (0, 1, ... per row) then one per series; shorter series leave empty cells,
// non-finite values are written as "nan". Throws OutputError naming the path on failure.
void write_series_csv(const std::filesystem::path& path, const std::string& x_label,
                      const std::vector<PlotSeries>& series);
// The same file's text, for writers that place it themselves (an export folder).
std::string format_series_csv(const std::string& x_label, const std::vector<PlotSeries>& series);

}  // namespace monge
