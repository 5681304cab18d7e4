// Plot axes and SVG plots (app/io/plot_axes, plot_svg): ranges and ticks from the data, flow
// time on x, curves mapped into the box, gaps at values a log axis cannot show, escaped text.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <regex>
#include <sstream>
#include <unistd.h>

#include "app/io/plot_svg.hpp"
#include "tests/common/temp_files.hpp"

using namespace monge;

namespace {

// The "x,y" pairs of every polyline, in order.
std::vector<std::vector<std::pair<double, double>>> polylines(const std::string& svg) {
  std::vector<std::vector<std::pair<double, double>>> out;
  const std::regex line("points=\"([^\"]*)\"");
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), line); it != std::sregex_iterator(); ++it) {
    std::vector<std::pair<double, double>> points;
    std::istringstream in((*it)[1].str());
    std::string pair;
    while (in >> pair) {
      const auto comma = pair.find(',');
      points.push_back({std::stod(pair.substr(0, comma)), std::stod(pair.substr(comma + 1))});
    }
    out.push_back(points);
  }
  return out;
}

}  // namespace

TEST(PlotAxes, RangesAndTicksFollowTheData) {
  const std::vector<PlotSeries> series = {{"a", {1.0f, 4.0f, 2.0f}}, {"b", {3.0f, NAN, 5.0f}}};
  const PlotAxes linear = plot_axes(series, {0.0, 0.5, 1.0}, false);
  EXPECT_DOUBLE_EQ(linear.y_lo, 1.0);
  EXPECT_DOUBLE_EQ(linear.y_hi, 5.0);
  EXPECT_DOUBLE_EQ(linear.x_hi, 1.0);
  ASSERT_GE(linear.y_ticks.size(), 3u);
  for (const auto& t : linear.y_ticks) {
    EXPECT_GE(t.at, 1.0);
    EXPECT_LE(t.at, 5.0);
    EXPECT_EQ(std::stod(t.label), t.at);
  }
  EXPECT_EQ(std::stod(linear.x_ticks.front().label), 0.0);
  EXPECT_EQ(std::stod(linear.x_ticks.back().label), 1.0);
  // Log scale: decades as ticks, in log10 units.
  const PlotAxes log = plot_axes({{"e", {1.0f, 0.1f, 0.01f, 0.001f}}}, {}, true);
  EXPECT_NEAR(log.y_lo, -3.0, 1e-6);
  EXPECT_NEAR(log.y_hi, 0.0, 1e-6);
  std::vector<std::string> labels;
  for (const auto& t : log.y_ticks) labels.push_back(t.label);
  EXPECT_EQ(labels, (std::vector<std::string>{"0.001", "0.01", "0.1", "1"}));
}

TEST(PlotSvg, CurvesLandInTheBoxAtTheirValues) {
  SvgPlotOptions options;  // 720 x 405: the box spans x 78 .. 700.5, y 32.5 .. 366
  options.x = {0.0, 0.5, 2.0};
  options.x_label = "flow time t";
  const std::string svg = plot_svg("energy <E> & co", {{"E", {1.0f, 3.0f, 2.0f}}}, options);
  EXPECT_NE(svg.find("energy &lt;E&gt; &amp; co"), std::string::npos);
  EXPECT_NE(svg.find(">flow time t<"), std::string::npos);
  const auto lines = polylines(svg);
  ASSERT_EQ(lines.size(), 1u);
  ASSERT_EQ(lines[0].size(), 3u);
  EXPECT_NEAR(lines[0][0].first, 78.0, 0.01);                         // t = 0 at the left
  EXPECT_NEAR(lines[0][2].first, 700.5, 0.01);                        // t = 2 at the right
  EXPECT_NEAR(lines[0][1].first, 78.0 + 0.25 * 622.5, 0.01);          // t = 0.5, a quarter across
  EXPECT_NEAR(lines[0][0].second, 366.0, 0.01);                       // the lowest value at the bottom
  EXPECT_NEAR(lines[0][1].second, 32.5, 0.01);                        // the highest at the top
}

TEST(PlotSvg, LogAxisLeavesGapsAtNonPositiveValues) {
  SvgPlotOptions options;
  options.log_scale = true;
  const auto lines = polylines(plot_svg("sw", {{"sw", {1.0f, 0.5f, 0.0f, 0.2f, 0.1f, -1.0f}}}, options));
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].size(), 2u);
  EXPECT_EQ(lines[1].size(), 2u);
}

TEST(PlotSvg, FilesAreWrittenWhole) {
  const auto dir = std::filesystem::temp_directory_path() / ("monge_plot_svg_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  write_plot_svg(dir / "p.svg", "p", {{"a", {1.0f, 2.0f}}}, SvgPlotOptions{});
  std::ifstream in(dir / "p.svg");
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_EQ(text.str().rfind("<svg", 0), 0u);
  EXPECT_NE(text.str().find("</svg>"), std::string::npos);
  EXPECT_FALSE(monge::test::has_temporary_files(dir));
  std::filesystem::remove_all(dir);
}
