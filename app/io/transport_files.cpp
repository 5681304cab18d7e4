#include "app/io/transport_files.hpp"

#include <cmath>
#include <string>
#include <vector>

#include "app/io/data_output.hpp"
#include "app/io/npy_array.hpp"
#include "app/io/zip_archive.hpp"
#include "base/errors.hpp"
#include "solvers/entropic/entropic_math.hpp"

namespace monge {
namespace {

// A float64 vector as the bytes of a 1D .npy.
std::string npy_vector(const Eigen::VectorXd& v) {
  std::string out = npy_header("<f8", {static_cast<std::size_t>(v.size())});
  out.append(reinterpret_cast<const char*>(v.data()), static_cast<std::size_t>(v.size()) * sizeof(double));
  return out;
}

}  // namespace

void check_plan_size(long long n, long long m) {
  if (n * m > kMaxPlanEntries)
    throw InputError("--save-plan: the plan of " + std::to_string(n) + " x " + std::to_string(m) + " points has " +
                     std::to_string(n * m) + " entries (" + std::to_string(n * m * 8 / 1'000'000) +
                     " MB as float64); at most " + std::to_string(kMaxPlanEntries) + " are written");
}

void save_plan_npy(const std::filesystem::path& path, const Points& X, const Weights& a_in, const Points& Y,
                   const Weights& b_in, const SinkhornResult& r) {
  const long long n = X.rows(), m = Y.rows();
  check_plan_size(n, m);
  const Eigen::VectorXd a = probability_vector(a_in, static_cast<int>(n), "source weights");
  const Eigen::VectorXd b = probability_vector(b_in, static_cast<int>(m), "target weights");
  const int d = static_cast<int>(X.cols());
  DataOutput out(path);
  out.write(npy_header("<f8", {static_cast<std::size_t>(n), static_cast<std::size_t>(m)}));
  std::vector<double> row(static_cast<std::size_t>(m));
  for (long long i = 0; i < n; ++i) {
    for (long long j = 0; j < m; ++j) {
      const double cost = entropic::squared_distance<double>(&X(i, 0), &Y(j, 0), d);
      row[static_cast<std::size_t>(j)] = a[i] * b[j] * std::exp((r.f[i] + r.g[j] - cost) / r.eps);
    }
    out.write(row.data(), row.size() * sizeof(double));
  }
  out.commit();
}

void save_potentials_npz(const std::filesystem::path& path, const Eigen::VectorXd& f, const Eigen::VectorXd& g) {
  write_data(path, zip_stored({{"f.npy", npy_vector(f)}, {"g.npy", npy_vector(g)}}));
}

}  // namespace monge
