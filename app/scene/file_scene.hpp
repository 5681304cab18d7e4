#pragma once
// A scene made from files for a quick look (`monge show X [Y]`, `monge FILE`): X is the source
// and Y, if given, the target; no flow (a still picture to turn and zoom); the view chosen from
// the data: 2D or 3D by the points' dimension, the point size by their count. X and Y may be any
// point source of app/io/point_file.hpp ("-" for standard input, "r.npz:final", a PLY point cloud)
// or a mesh (a PLY or OBJ file with faces, drawn as a surface).
#include <optional>
#include <string>

#include "app/scene/scene.hpp"

namespace monge {

// Throws InputError naming the file: unreadable, not 2 or 3 columns, X and Y of different
// dimensions.
Scene scene_from_files(const std::string& x, const std::optional<std::string>& y = std::nullopt);

// Pixels per point for `count` points: 8 for a handful, shrinking as 1/count^(1/4) so that a
// cloud covers about the same share of the window, 1.5 from about 70 000 points on.
float quick_look_point_size(long long count);

}  // namespace monge
