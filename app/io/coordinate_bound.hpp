#pragma once
// The largest coordinate any point set may have, checked where points enter: the CLI's point
// files (sw, sinkhorn), scene measures of every kind (file, points, sampled shapes, meshes) and
// deform's meshes.
//
// Why 1e12: positions are float32 and every cost is a squared distance summed over coordinates,
// then over points (SW's projected costs, Sinkhorn's cost matrix, moments and energies). With
// |x_k| <= 1e12 a squared coordinate difference is at most (2e12)^2 = 4e24, so a sum of up to
// 8e13 of them -- more numbers than fit in memory -- stays below float32's largest value 3.4e38.
// Beyond it the same sums overflow to infinity (at 3e38 even one difference does), and solvers
// would return inf or NaN ("cost": null) or loop on an infinite eps-scaling schedule. Data on
// larger scales can be rescaled: optimal transport maps commute with a change of unit.
#include <string>

#include "solvers/common/types.hpp"

namespace monge {

constexpr double kMaxCoordinate = 1e12;
// The rule, for messages: "coordinates must be finite and at most 1e12 in magnitude (...); ...".
extern const char* const kCoordinateRule;

// "" when every coordinate of `points` is finite and at most kMaxCoordinate in magnitude; else a
// message naming the first offending one: "point 3, coordinate 1 is 3e+38: coordinates must be
// at most 1e12 in magnitude (...); rescale the data".
std::string coordinate_problem(const Points& points);

// Throws InputError("<where>: <coordinate_problem>") if there is a problem.
void check_coordinates(const Points& points, const std::string& where);

}  // namespace monge
