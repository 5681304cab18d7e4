#pragma once
// Sums whose bits do not depend on the number of threads. An OpenMP `reduction(+ : s)` adds one
// partial sum per thread, so its rounding changes with OMP_NUM_THREADS and a recording made on a
// 16-core machine differs from a laptop's. ordered_sum splits the index range into chunks of a
// fixed size, sums each chunk left to right (chunks run in parallel, in any order), then adds the
// chunk sums left to right: one fixed order for 1 or 64 threads. Sums of whole arrays (gradients)
// use fixed runs instead: see run_begin.
#include <algorithm>
#include <cstdint>
#include <vector>

namespace monge {

// sum_{i in [0, n)} term(i), in chunks of `chunk` consecutive indices (> 0; a constant of the
// call site, never derived from the thread count). term(i) may also write results of index i
// (it runs once per i, on some thread). Small chunks balance uneven rows (O(N) work each);
// cheap rows want about a thousand per chunk.
template <class Term>
double ordered_sum(std::int64_t n, std::int64_t chunk, const Term& term) {
  if (n <= 0) return 0.0;
  const std::int64_t chunks = (n + chunk - 1) / chunk;
  std::vector<double> partial(static_cast<std::size_t>(chunks));
#pragma omp parallel for schedule(dynamic, 1) if (chunks > 1)
  for (std::int64_t c = 0; c < chunks; ++c) {
    const std::int64_t end = std::min(n, (c + 1) * chunk);
    double s = 0.0;
    for (std::int64_t i = c * chunk; i < end; ++i) s += term(i);
    partial[static_cast<std::size_t>(c)] = s;
  }
  double total = 0.0;
  for (double s : partial) total += s;
  return total;
}

// Sums of large partials (a gradient over L directions or over N points): [0, count) is cut into
// `runs` runs of consecutive items, run r being [run_begin(count, runs, r), run_begin(count, runs,
// r + 1)); each run adds its items in order into its own partial, runs go to any thread, and the
// partials are added in run order. `runs` depends on the problem (e.g. min(count, kGradientRuns)),
// never on the thread count; up to `runs` threads share the work.
constexpr int kGradientRuns = 16;
inline std::int64_t run_begin(std::int64_t count, std::int64_t runs, std::int64_t r) { return count * r / runs; }

}  // namespace monge
