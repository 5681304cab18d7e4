#include "solvers/sliced/projection_sort.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>

#include "solvers/sliced/radix_sort.hpp"

namespace monge {

namespace {

constexpr int kQuantBits = 32;                 // q is a full uint32
// The interval maps onto [0, kQSpan]: headroom below 2^32 for the rounding of (v - lo) * scale.
constexpr double kQSpan = 4294967296.0 - 4194304.0;
constexpr int kInsertionOnly = 64;             // below this many points the insertion pass alone

int ceil_log2(int n) {
  int b = 0;
  while ((1ll << b) < n) ++b;
  return b;
}

// Quantises the n projections: q[i] = trunc((v_i - lo) * scale) in double, in [0, 2^32) by the
// choice of lo and scale (see sort()). With `keys`, also the exact value as a sortable key. A
// template over the projection, and no branches, so that the loop vectorises with SSE2 (the
// conversion goes through int32: q - 2^31, then the sign bit flipped back).
template <class Project>
void quantise(int n, const Project& project, double lo, double scale, std::uint32_t* q, std::uint32_t* keys) {
  const double offset = lo * scale + 2147483648.0;
  for (int i = 0; i < n; ++i) {
    const float v = project(i) + 0.0f;  // -0 becomes +0: equal values get equal keys
    const std::int32_t shifted = static_cast<std::int32_t>(double(v) * scale - offset);
    q[i] = static_cast<std::uint32_t>(shifted) ^ 0x80000000u;
    if (keys) keys[i] = float_to_key(v);
  }
}

template <class Project>
void quantise_into(int n, const Project& project, double lo, double scale, std::uint32_t* q, std::uint32_t* keys) {
  if (keys) quantise(n, project, lo, scale, q, keys);  // two instances: each loop stays branch-free
  else quantise(n, project, lo, scale, q, static_cast<std::uint32_t*>(nullptr));
}

// Insertion pass: a[0..n) is in order of its top q bits; puts it in order of `less`, which orders
// items of different q by q. Gives up (returning false, a[] still a permutation of the items)
// once more than `budget` moves were made.
template <class Less>
bool insertion_pass(std::uint64_t* a, int n, const Less& less, std::size_t budget) {
  std::size_t moves = 0;
  std::uint64_t prev = a[0];  // the largest item of a[0..k)
  for (int k = 1; k < n; ++k) {
    const std::uint64_t item = a[k];
    // Nearly every item has a larger q than its predecessor: one compare, no call.
    if ((item >> 32) > (prev >> 32) || !less(item, prev)) {
      prev = item;
      continue;
    }
    int j = k;
    do {
      a[j] = a[j - 1];
      --j;
    } while (j > 0 && less(item, a[j - 1]));
    a[j] = item;  // a[k] is now the former prev, still the largest
    moves += static_cast<std::size_t>(k - j);
    if (moves > budget) return false;
  }
  return true;
}

}  // namespace

float project_any(const float* x, const float* theta, int d) {
  if (d == 2) return project2(x, theta[0], theta[1]);
  if (d == 3) return project3(x, theta[0], theta[1], theta[2]);
  float s = 0.0f;
  for (int j = 0; j < d; ++j) s += x[j] * theta[j];
  return s;
}

void CloudBounds::compute(const Points& P) {
  const Eigen::Index n = P.rows(), d = P.cols();
  box_lo.assign(P.row(0).data(), P.row(0).data() + d);
  box_hi = box_lo;
  center.resize(d);
  for (Eigen::Index i = 1; i < n; ++i)
    for (Eigen::Index j = 0; j < d; ++j) {
      box_lo[j] = std::min(box_lo[j], P(i, j));
      box_hi[j] = std::max(box_hi[j], P(i, j));
    }
  for (Eigen::Index j = 0; j < d; ++j) center[j] = 0.5f * box_lo[j] + 0.5f * box_hi[j];
  double r2 = 0.0;
  for (Eigen::Index i = 0; i < n; ++i) {
    double s = 0.0;
    for (Eigen::Index j = 0; j < d; ++j) {
      const double c = double(P(i, j)) - center[j];
      s += c * c;
    }
    r2 = std::max(r2, s);
  }
  radius = std::sqrt(r2);
}

bool CloudBounds::interval(const float* theta, double& lo, double& hi) const {
  const std::size_t d = center.size();
  double box_l = 0, box_h = 0, mid = 0, norm2 = 0, magnitude = 0;
  for (std::size_t j = 0; j < d; ++j) {
    const double t = theta[j], a = t * box_lo[j], b = t * box_hi[j];
    box_l += std::min(a, b);
    box_h += std::max(a, b);
    mid += t * center[j];
    norm2 += t * t;
    magnitude += std::max(std::fabs(a), std::fabs(b));  // bounds sum_j |x_j theta_j|
  }
  // theta is a unit vector up to rounding: the ball gives mid +- radius |theta|.
  const double r = radius * std::sqrt(norm2);
  lo = std::max(box_l, mid - r);
  hi = std::min(box_h, mid + r);
  // A float dot product errs by at most about d 2^-24 sum_j |x_j theta_j|; the margin is 16 times
  // that (and a little of |lo|, |hi| for the rounding of lo itself).
  const double margin = std::ldexp(double(d) * magnitude + std::fabs(lo) + std::fabs(hi), -20);
  lo -= margin;
  hi += margin;
  // Far below FLT_MAX: the float projections cannot overflow.
  return magnitude < 1e36 && std::fabs(lo) < 1e36 && std::fabs(hi) < 1e36;
}

float ProjectionSorter::value_of(std::uint64_t item, SortPayload payload, const float* P, int d, const float* theta) {
  if (payload == SortPayload::Value) return item_value(item);
  return project_any(P + std::size_t(item_index(item)) * d, theta, d) + 0.0f;
}

const std::uint64_t* ProjectionSorter::sort(const float* P, int n, int d, const float* theta, const CloudBounds& bounds,
                                            SortPayload payload) {
  fallback_ = false;
  if (items_.size() < std::size_t(n)) {
    items_.resize(n);
    tmp_.resize(n);
    q_.resize(n);
  }
  if (payload == SortPayload::Value && keys_.size() < std::size_t(n)) keys_.resize(n);
  // q = trunc((v - lo) * scale) maps the interval onto [0, kQSpan], monotone in v. The interval's
  // margin covers the rounding of the float projections, so q never leaves [0, 2^32).
  double lo = 0, hi = 0;
  const bool finite_range = bounds.interval(theta, lo, hi);
  double scale = kQSpan / (hi - lo);
  // All points at the origin (hi == lo == 0): every q is 0.
  if (!(hi > lo) || !std::isfinite(scale)) lo = 0.0, scale = 0.0;

  std::uint32_t* q = q_.data();
  std::uint32_t* keys = payload == SortPayload::Value ? keys_.data() : nullptr;
  if (!finite_range) {
    // Projections may be infinite: no quantisation (a float-to-int conversion of them would be
    // undefined); one bucket, and fix_order goes straight to the exact fallback.
    for (int i = 0; i < n; ++i) {
      q[i] = 0;
      if (keys) keys[i] = float_to_key(project_any(P + std::size_t(i) * d, theta, d) + 0.0f);
    }
  } else if (d == 2) {
    const float t0 = theta[0], t1 = theta[1];
    quantise_into(n, [&](int i) { return project2(P + 2 * std::size_t(i), t0, t1); }, lo, scale, q, keys);
  } else if (d == 3) {
    const float t0 = theta[0], t1 = theta[1], t2 = theta[2];
    quantise_into(n, [&](int i) { return project3(P + 3 * std::size_t(i), t0, t1, t2); }, lo, scale, q, keys);
  } else {
    quantise_into(n, [&](int i) { return project_any(P + std::size_t(i) * d, theta, d); }, lo, scale, q, keys);
  }
  // log2(n) + 5 bits: about one point in 32 shares its bucket with another on spread-out data.
  // No radix pass for a handful of points (the insertion pass alone), nor when the range is unusable.
  const int bits = n > kInsertionOnly && finite_range ? std::min(kQuantBits, ceil_log2(n) + 5) : 0;
  std::uint64_t* items = radix_sort_quantised(q, keys, n, kQuantBits - bits, bits, items_.data(), tmp_.data());
  return fix_order(items, n, d, P, theta, payload, finite_range);
}

std::uint64_t* ProjectionSorter::fix_order(std::uint64_t* a, int n, int d, const float* P, const float* theta,
                                           SortPayload payload, bool try_insertion) {
  const std::size_t budget = 4 * std::size_t(n) + 4096;
  bool done = false;
  if (try_insertion && payload == SortPayload::Value) {
    // (q, key of the value): the item's own order.
    done = insertion_pass(a, n, [](std::uint64_t x, std::uint64_t y) { return x < y; }, budget);
  } else if (try_insertion) {
    done = insertion_pass(
        a, n,
        [&](std::uint64_t x, std::uint64_t y) {
          if ((x ^ y) >> 32) return x < y;  // different q: q decides
          const float vx = value_of(x, payload, P, d, theta), vy = value_of(y, payload, P, d, theta);
          return vx < vy || (vx == vy && item_index(x) < item_index(y));
        },
        budget);
  }
  if (done) return a;

  // Exact fallback: a stable radix sort of the float keys, carrying each item's position. Equal
  // values are in index order in a[] already (the radix passes and the insertion pass are stable
  // on them), so the result is the same as the insertion pass would have given.
  fallback_ = true;
  if (exact_keys_.size() < std::size_t(n)) {
    exact_keys_.resize(n);
    pos_.resize(n);
    exact_keys_tmp_.resize(n);
    pos_tmp_.resize(n);
  }
  for (int k = 0; k < n; ++k) {
    exact_keys_[k] = float_to_key(value_of(a[k], payload, P, d, theta));
    pos_[k] = static_cast<std::uint32_t>(k);
  }
  const bool swapped = radix_sort_pingpong(exact_keys_.data(), pos_.data(), exact_keys_tmp_.data(), pos_tmp_.data(), n);
  const std::uint32_t* pos = swapped ? pos_tmp_.data() : pos_.data();
  std::uint64_t* out = a == items_.data() ? tmp_.data() : items_.data();
  for (int k = 0; k < n; ++k) out[k] = a[pos[k]];
  return out;
}

}  // namespace monge
