#pragma once
// "Export plots": every diagnostic of a run (or of each variant of a comparison) as a PNG plot
// and a CSV table, the same curves the app's Plots panel shows. Used by the GUI's export button
// and `monge run --plots DIR`.
#include <filesystem>
#include <string>
#include <vector>

#include "app/io/series_csv.hpp"
#include "app/scene/simulation.hpp"

namespace monge {

struct PlotSet {
  std::string name;                // the diagnostic, e.g. "sw" or "energy"
  std::vector<PlotSeries> series;  // one per run (comparison variant)
  std::vector<double> time;        // the flow time of each row, when every run shares it; else empty
};

// One PlotSet per diagnostic name of the first history, in its order; series i is histories[i]
// labelled labels[i] (or the diagnostic's name for a single history without labels).
std::vector<PlotSet> plots_from_histories(const std::vector<std::vector<DiagnosticsRecord>>& histories,
                                          const std::vector<std::string>& labels);

// Write DIR/<prefix><name>.png, .svg and .csv per plot (names made file-safe), against flow time
// where the runs share it (else the step); creates DIR. Needs a current GL context for the PNGs.
// Returns the files written; throws OutputError naming the file that could not be written and the
// OS reason. All or nothing (base/atomic_file.hpp OutputFolder): after a failure no file of this
// export is left, nor DIR if this call created it.
std::vector<std::filesystem::path> export_plots(const std::vector<PlotSet>& plots, const std::filesystem::path& dir,
                                                const std::string& prefix, bool log_scale);

}  // namespace monge
