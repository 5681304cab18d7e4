#include "solvers/mesh/triangle_intersection.hpp"

#include <Eigen/Geometry>
#include <algorithm>
#include <cmath>

namespace monge::mesh {

namespace {

constexpr double kRelativeTolerance = 1e-12;

// Six times the signed volume of (a, b, c, d); positive when d is on the side of (a, b, c) that
// its normal (b - a) x (c - a) points to.
double orient3d(const Vec3d& a, const Vec3d& b, const Vec3d& c, const Vec3d& d) {
  return (b - a).cross(c - a).dot(d - a);
}

// Sign of a value against a tolerance scale: 0 when |value| <= tolerance.
int sign_of(double value, double tolerance) { return value > tolerance ? 1 : (value < -tolerance ? -1 : 0); }

// 2D (projected) helpers for the coplanar case.
struct Vec2 {
  double x, y;
};
double orient2d(Vec2 a, Vec2 b, Vec2 c) { return (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x); }

bool point_in_triangle_2d(Vec2 p, Vec2 a, Vec2 b, Vec2 c, double tolerance) {
  const int s1 = sign_of(orient2d(a, b, p), tolerance), s2 = sign_of(orient2d(b, c, p), tolerance),
            s3 = sign_of(orient2d(c, a, p), tolerance);
  const bool has_negative = s1 < 0 || s2 < 0 || s3 < 0, has_positive = s1 > 0 || s2 > 0 || s3 > 0;
  return !(has_negative && has_positive);
}

bool on_segment_2d(Vec2 p, Vec2 a, Vec2 b) {
  return std::min(a.x, b.x) <= p.x && p.x <= std::max(a.x, b.x) && std::min(a.y, b.y) <= p.y && p.y <= std::max(a.y, b.y);
}

bool segments_meet_2d(Vec2 p, Vec2 q, Vec2 a, Vec2 b, double tolerance) {
  const int d1 = sign_of(orient2d(a, b, p), tolerance), d2 = sign_of(orient2d(a, b, q), tolerance);
  const int d3 = sign_of(orient2d(p, q, a), tolerance), d4 = sign_of(orient2d(p, q, b), tolerance);
  if (d1 * d2 < 0 && d3 * d4 < 0) return true;
  return (d1 == 0 && on_segment_2d(p, a, b)) || (d2 == 0 && on_segment_2d(q, a, b)) ||
         (d3 == 0 && on_segment_2d(a, p, q)) || (d4 == 0 && on_segment_2d(b, p, q));
}

// Segment and triangle in a common plane with normal n: drop n's largest coordinate.
bool coplanar_segment_meets_triangle(const Vec3d& p, const Vec3d& q, const Vec3d& a, const Vec3d& b, const Vec3d& c,
                                     const Vec3d& n, double tolerance) {
  int drop = 0;
  n.cwiseAbs().maxCoeff(&drop);
  const int i = (drop + 1) % 3, j = (drop + 2) % 3;
  const Vec2 p2{p[i], p[j]}, q2{q[i], q[j]}, a2{a[i], a[j]}, b2{b[i], b[j]}, c2{c[i], c[j]};
  return point_in_triangle_2d(p2, a2, b2, c2, tolerance) || point_in_triangle_2d(q2, a2, b2, c2, tolerance) ||
         segments_meet_2d(p2, q2, a2, b2, tolerance) || segments_meet_2d(p2, q2, b2, c2, tolerance) ||
         segments_meet_2d(p2, q2, c2, a2, tolerance);
}

}  // namespace

bool segment_meets_triangle(const Vec3d& p, const Vec3d& q, const Vec3d& a, const Vec3d& b, const Vec3d& c) {
  const Vec3d n = (b - a).cross(c - a);
  const double length_scale = std::max({(b - a).norm(), (c - a).norm(), (p - a).norm(), (q - a).norm(), 1e-300});
  const double volume_tolerance = kRelativeTolerance * length_scale * length_scale * length_scale;
  if (n.norm() <= kRelativeTolerance * length_scale * length_scale) return false;  // degenerate triangle
  const int side_p = sign_of(n.dot(p - a), volume_tolerance), side_q = sign_of(n.dot(q - a), volume_tolerance);
  if (side_p * side_q > 0) return false;  // both strictly on one side
  if (side_p == 0 && side_q == 0) {
    return coplanar_segment_meets_triangle(p, q, a, b, c, n, kRelativeTolerance * length_scale * length_scale);
  }
  // The segment crosses (or touches) the plane: it meets the triangle iff the line pq passes on
  // the same side of all three edges.
  const int s1 = sign_of(orient3d(p, q, a, b), volume_tolerance);
  const int s2 = sign_of(orient3d(p, q, b, c), volume_tolerance);
  const int s3 = sign_of(orient3d(p, q, c, a), volume_tolerance);
  const bool has_negative = s1 < 0 || s2 < 0 || s3 < 0, has_positive = s1 > 0 || s2 > 0 || s3 > 0;
  return !(has_negative && has_positive);
}

bool triangles_intersect(const Vec3d t[3], const Vec3d u[3]) {
  for (int k = 0; k < 3; ++k) {
    if (segment_meets_triangle(t[k], t[(k + 1) % 3], u[0], u[1], u[2])) return true;
    if (segment_meets_triangle(u[k], u[(k + 1) % 3], t[0], t[1], t[2])) return true;
  }
  return false;
}

bool triangles_sharing_vertex_intersect(const Vec3d& s, const Vec3d& a, const Vec3d& b, const Vec3d& c, const Vec3d& d) {
  return segment_meets_triangle(a, b, s, c, d) || segment_meets_triangle(c, d, s, a, b);
}

bool triangles_sharing_edge_overlap(const Vec3d& u, const Vec3d& v, const Vec3d& p, const Vec3d& q) {
  const Vec3d edge = v - u;
  const Vec3d n_p = edge.cross(p - u), n_q = edge.cross(q - u);
  const double scale = std::max({edge.norm(), (p - u).norm(), (q - u).norm(), 1e-300});
  const bool coplanar = std::abs(orient3d(u, v, p, q)) <= kRelativeTolerance * scale * scale * scale;
  return coplanar && n_p.dot(n_q) > 0;
}

}  // namespace monge::mesh
