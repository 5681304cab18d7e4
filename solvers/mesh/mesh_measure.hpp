#pragma once
// A mesh as a probability measure, three ways (arXiv 2305.17555 compares meshes through such
// measures with sliced Wasserstein):
//   vertices  the V vertex positions with uniform weights 1/V (what the paper does; uniform, not
//             area-weighted, so that a coarse region is not down-weighted),
//   area      the V vertex positions weighted by the area around each vertex (a third of every
//             face it belongs to), normalised: deterministic like `vertices`, but a mesh's measure
//             no longer depends on where its vertices crowd,
//   surface   `count` points drawn on the faces with probability proportional to face area, by
//             barycentric sampling; uniform weights 1/count,
//   varifold  one 6D point per face (centroid, w * unit normal) with weight area / total area,
//             an oriented varifold compared by SW in the joint space.
//
// Deformation support (solvers/deform/): surface samples are kept as (face, barycentric
// coordinates), so the same samples can be re-evaluated on deformed vertices and a gradient with
// respect to the samples scatters back to the vertices; the varifold map has a vector-Jacobian
// product. Both are linear/smooth in the vertices, so gradients are exact.
#include <cstdint>
#include <string>

#include "solvers/common/types.hpp"
#include "solvers/mesh/mesh.hpp"
#include "solvers/mesh/mesh_geometry.hpp"

namespace monge::mesh {

enum class MeshMeasureKind { Vertices, Surface, Varifold, Area };

// "vertices" | "surface" | "varifold" | "area"; anything else throws InputError listing the four.
MeshMeasureKind parse_mesh_measure_kind(const std::string& name);
const char* mesh_measure_kind_name(MeshMeasureKind kind);

// ---- vertices -------------------------------------------------------------------------------
// V by 3 points = the vertices, uniform (empty) weights.
Measure vertex_measure(const TriangleMesh& mesh);

// ---- area ------------------------------------------------------------------------------------
// V vertex areas: a third of the area of every face each vertex belongs to (they sum to the
// surface area; a vertex in no face gets 0).
Eigen::VectorXf vertex_areas(const Points& vertices, const FaceList& faces);
// How far a mesh's vertices are from being spread like its area: the total variation distance
// 1/2 sum_i |1/V - a_i / A| between the uniform vertex weights and the normalised vertex areas,
// in [0, 1). An icosphere: 0.03; a uv-sphere (crowded poles) or a torus: 0.1 to 0.2; a blob
// remeshed onto its lobes (builtin blob crowd=1): 0.33.
double vertex_area_imbalance(const TriangleMesh& mesh);
// V by 3 points = the vertices, weights = vertex_areas / their sum. Throws InputError if the total
// area is zero.
Measure area_vertex_measure(const Points& vertices, const FaceList& faces);

// ---- surface --------------------------------------------------------------------------------
// Sample s lies on face faces[s] at bary(s, 0) * v0 + bary(s, 1) * v1 + bary(s, 2) * v2.
struct SurfaceSamples {
  std::vector<std::int32_t> faces;  // count face indices
  Points bary;                      // count by 3 barycentric coordinates, each row sums to 1
  int size() const { return static_cast<int>(faces.size()); }
};

// `count` samples, face f chosen with probability area_f / total area, uniform inside the face
// (u1, u2 uniform: r = sqrt(u1), bary = (1 - r, r (1 - u2), r u2)). Sample s reads only block s
// of CounterRng(seed, stream), so the samples are deterministic and the first k of a larger draw
// equal a k-sample draw. Throws InputError if count < 0 or the total area is zero.
SurfaceSamples sample_surface(const Points& vertices, const FaceList& faces, int count,
                              std::uint64_t seed, std::uint64_t stream = 0);

// count by 3 sample positions on (possibly deformed) vertices with the same faces.
Points evaluate_samples(const Points& vertices, const FaceList& faces, const SurfaceSamples& samples);

// Adjoint of evaluate_samples: adds bary(s, k) * grad_samples.row(s) to the row of the k-th corner
// of face faces[s]. grad_samples is count by 3; grad_vertices must be V by 3 (accumulated into),
// or empty, in which case it is first set to zeros with `vertex_count` rows.
void scatter_sample_gradient(const SurfaceSamples& samples, const FaceList& faces,
                             const Points& grad_samples, Points& grad_vertices, int vertex_count);

// The surface measure of a mesh: evaluate_samples(sample_surface(...)), uniform weights.
Measure surface_measure(const TriangleMesh& mesh, int count, std::uint64_t seed, std::uint64_t stream = 0);

// ---- varifold -------------------------------------------------------------------------------
// Face f becomes the 6D point (c_f, w n_f), c_f its centroid, n_f its unit normal, with weight
// area_f / total area. Squared distances in that space are |c - c'|^2 + w^2 |n - n'|^2, so w is
// the length at which a normal difference costs as much as a displacement: a reversed normal
// (|n - n'| = 2) costs as much as moving by 2w. The default w is 0.1 * the bounding-box diagonal
// of the mesh: scale-invariant, and small enough that SW is driven by positions first while a
// normal tilted by 30 degrees (|dn| = 0.52) still counts like a displacement of 5% of the size.
// Source and target must use the SAME w: compute it once (e.g. from the target) and keep it
// fixed while training, so it carries no gradient.
float default_varifold_normal_weight(const TriangleMesh& mesh);

// F by 6 points and F weights (a zero-area face gets normal 0 and weight 0). Throws InputError if
// the total area is zero.
Measure varifold_measure(const Points& vertices, const FaceList& faces, float normal_weight);

// Vector-Jacobian product of varifold_measure: given grad_points (F by 6, dL/dpoints) and
// grad_weights (F, dL/dweights, or empty to ignore the dependence of the weights on the vertices),
// adds dL/dvertices into grad_vertices (V by 3, or empty: then zeros with vertices.rows() rows
// first). Degenerate faces contribute through their centroid only.
void varifold_vjp(const Points& vertices, const FaceList& faces, float normal_weight,
                  const Points& grad_points, const Eigen::VectorXf& grad_weights, Points& grad_vertices);

// ---- all three ------------------------------------------------------------------------------
struct MeshMeasureOptions {
  int surface_samples = 10000;  // surface: number of samples
  std::uint64_t seed = 0;       // surface: CounterRng seed
  std::uint64_t stream = 0;     // surface: CounterRng stream
  float normal_weight = 0;      // varifold: w; 0 means default_varifold_normal_weight(mesh)
};
Measure mesh_measure(const TriangleMesh& mesh, MeshMeasureKind kind, const MeshMeasureOptions& options = {});

}  // namespace monge::mesh
