#pragma once
// What `monge sinkhorn` can save besides its numbers: the entropic plan as an (N, M) float64
// .npy, and the dual potentials f (N) and g (M) as an .npz with arrays "f" and "g" (float64, as
// np.load reads them). Either may go to standard output ("-").
#include <filesystem>

#include "solvers/common/types.hpp"
#include "solvers/entropic/sinkhorn.hpp"

namespace monge {

// Plans above this many entries are refused up front (800 MB as float64): a 100k x 100k plan
// would fill a disk with 80 GB, which is surely not what was meant.
constexpr long long kMaxPlanEntries = 100'000'000;

// Throws InputError naming --save-plan when an N x M plan has more than kMaxPlanEntries entries
// (checked before the solve, so that a refused plan costs nothing).
void check_plan_size(long long n, long long m);

// P_ij = a_i b_j exp((f_i + g_j - |x_i - y_j|^2) / eps) (sinkhorn.hpp's convention), computed
// row by row from the potentials of `r` and streamed into `path` (atomically for a file).
// X  N by d, Y  M by d; a, b  weights (empty: uniform). Throws InputError above kMaxPlanEntries,
// OutputError if the file cannot be written.
void save_plan_npy(const std::filesystem::path& path, const Points& X, const Weights& a, const Points& Y,
                   const Weights& b, const SinkhornResult& r);
// np.savez-style archive {"f": f, "g": g}.
void save_potentials_npz(const std::filesystem::path& path, const Eigen::VectorXd& f, const Eigen::VectorXd& g);

}  // namespace monge
