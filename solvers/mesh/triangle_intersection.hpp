#pragma once
// Closed segment-triangle and triangle-triangle intersection tests in double precision, built on
// orientation (signed volume) predicates rather than computed intersection points.
//
// Two triangles intersect exactly when an edge of one meets the other (non-coplanar: the two
// triangles cut their planes' common line in two intervals, and where the intervals overlap an
// interval endpoint lies on an edge; coplanar: overlapping convex polygons either cross edges or
// one contains the other's edges). This is the classical result behind Moller (1997) and
// Guigue-Devillers (2003); six segment tests are a little slower but have no special cases.
// Predicates use a relative tolerance of 1e-12 (touching counts as meeting).
#include <Eigen/Core>

namespace monge::mesh {

using Vec3d = Eigen::Vector3d;

// Does the closed segment [p, q] meet the closed triangle (a, b, c)? Degenerate triangles
// (collinear corners) never meet anything.
bool segment_meets_triangle(const Vec3d& p, const Vec3d& q, const Vec3d& a, const Vec3d& b, const Vec3d& c);

// Do two closed triangles meet?
bool triangles_intersect(const Vec3d t[3], const Vec3d u[3]);

// Triangles (s, a, b) and (s, c, d) share the corner s: do they meet anywhere else?
// (Their edges opposite s reach into the other triangle exactly when they do.)
bool triangles_sharing_vertex_intersect(const Vec3d& s, const Vec3d& a, const Vec3d& b, const Vec3d& c, const Vec3d& d);

// Triangles (u, v, p) and (v, u, q) share the edge uv: do they overlap beyond it? Only when they
// are coplanar with p and q on the same side of the edge (the surface folded flat onto itself).
bool triangles_sharing_edge_overlap(const Vec3d& u, const Vec3d& v, const Vec3d& p, const Vec3d& q);

}  // namespace monge::mesh
