#pragma once
// Sorting a cloud's projections on one direction: the inner loop of the sliced-Wasserstein engine.
//
// Each projection v is quantised to q, 24 bits over an interval that holds every projection (from
// the cloud's bounding box and bounding ball, known before projecting), in one vectorised pass that
// writes q (and, for SortPayload::Value, the exact value as a sortable key, sort_keys.hpp) to
// 32-bit arrays. q is monotone in v, so a radix sort on the top log2(n) + 5 bits of q does nearly
// all the work: two passes of 11 bits at 100k points instead of the three a 32-bit float key
// needs, with the digits computed once. The first pass builds the 64-bit items, q in the high
// word and the point's index or the exact key in the low word, as it scatters them. Items sharing
// those top bits (a few in a thousand) are then put in exact order by an insertion pass comparing
// (q, projected value, index). The result is the order of a stable sort by projected value: equal
// values keep their index order.
//
// Data that defeats the quantisation (a tight cluster plus a far outlier puts most points in one
// bucket) makes the insertion pass give up after O(n) moves; an exact 32-bit radix sort of the
// float keys (radix_sort_pingpong) then finishes the job, with the same result.
#include <cstdint>
#include <vector>

#include "solvers/common/types.hpp"
#include "solvers/sliced/sort_keys.hpp"

namespace monge {

// Where a cloud lies: its bounding box and the radius of the ball about the box centre that holds it.
struct CloudBounds {
  std::vector<float> box_lo, box_hi, center;  // d each
  double radius = 0.0;

  // One pass over P (n by d, n >= 1, finite). Allocates only when d grows.
  void compute(const Points& P);
  // [lo, hi] holding the float projection <x, theta> of every point x of the cloud, rounding
  // included. Returns false when those projections could overflow a float (then lo, hi are moot).
  bool interval(const float* theta, double& lo, double& hi) const;
};

enum class SortPayload {
  Index,  // low word: the point's index (for weights, gradients, matching back)
  Value,  // low word: float_to_key of the projected value (item_value reads it back)
};

inline std::uint32_t item_index(std::uint64_t item) { return static_cast<std::uint32_t>(item); }
inline float item_value(std::uint64_t item) { return key_to_float(static_cast<std::uint32_t>(item)); }

// <x, theta> for the d = 2, 3 and general cases. Every projection of the engine goes through these,
// so a value recomputed later is bit for bit the one that was sorted.
inline float project2(const float* x, float t0, float t1) { return x[0] * t0 + x[1] * t1; }
inline float project3(const float* x, float t0, float t1, float t2) { return x[0] * t0 + x[1] * t1 + x[2] * t2; }
float project_any(const float* x, const float* theta, int d);

class ProjectionSorter {
 public:
  // Projects the n points of P (n by d, row-major) on theta (d floats) and sorts them by projected
  // value, ties by index. Returns the n sorted items, valid until the next call. bounds: those of
  // the same points. Allocates only when n grows.
  const std::uint64_t* sort(const float* P, int n, int d, const float* theta, const CloudBounds& bounds,
                            SortPayload payload);
  // The projected value of a sorted item (for SortPayload::Index: recomputed from P, exactly).
  static float value_of(std::uint64_t item, SortPayload payload, const float* P, int d, const float* theta);
  // Whether the last sort needed the exact fallback.
  bool used_fallback() const { return fallback_; }

 private:
  // Puts a[0..n), in order of its top q bits, in exact order: by the insertion pass (if
  // try_insertion) or, failing that, by the exact fallback. Returns where the result is.
  std::uint64_t* fix_order(std::uint64_t* a, int n, int d, const float* P, const float* theta, SortPayload payload,
                           bool try_insertion);
  std::vector<std::uint64_t> items_, tmp_;                 // the sort's ping-pong halves
  std::vector<std::uint32_t> q_, keys_;                    // quantised values, exact keys (Value)
  std::vector<std::uint32_t> exact_keys_, pos_, exact_keys_tmp_, pos_tmp_;  // the fallback's (grown on first use)
  bool fallback_ = false;
};

}  // namespace monge
