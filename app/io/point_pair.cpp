#include "app/io/point_pair.hpp"

#include "app/io/coordinate_bound.hpp"
#include "app/io/point_file.hpp"
#include "base/errors.hpp"

namespace monge {
namespace {

Weights weights_for(const Args& args, const char* option, const std::string& points_file, Eigen::Index count) {
  if (!args.has(option)) return {};
  const std::string file = args.get(option);
  Weights w = load_weights(file);
  if (w.size() != count)
    throw InputError(std::string(option) + ": " + file + " has " + std::to_string(w.size()) + " weights but " +
                     points_file + " has " + std::to_string(count) + " points");
  return w;
}

}  // namespace

PointPair load_point_pair(const Args& args) {
  PointPair p;
  p.x_file = args.get("X");
  p.y_file = args.get("Y");
  p.X = load_points(p.x_file);
  p.Y = load_points(p.y_file);
  check_coordinates(p.X, p.x_file);  // app/io/coordinate_bound.hpp
  check_coordinates(p.Y, p.y_file);
  if (p.X.cols() != p.Y.cols())
    throw InputError(p.x_file + " and " + p.y_file + ": dimension mismatch (" + std::to_string(p.X.cols()) + " vs " +
                     std::to_string(p.Y.cols()) + " columns)");
  p.wx = weights_for(args, "--weights-x", p.x_file, p.X.rows());
  p.wy = weights_for(args, "--weights-y", p.y_file, p.Y.rows());
  return p;
}

}  // namespace monge
