#pragma once
// How the sliced-Wasserstein engine chooses its projection directions.
//
//   mc          Monte Carlo: L independent directions uniform on the sphere S^{d-1}
//               (normalised Gaussian vectors).
//   orthogonal  random rotations: blocks of d mutually orthogonal directions, each block the rows
//               of a Haar-random orthogonal matrix (QR of a Gaussian matrix, signs fixed by R's
//               diagonal). Every direction is still uniform on the sphere on its own.
//   qmc         quasi-Monte Carlo. d = 2: angles pi (l + u) / L, l = 0..L-1, one random shift u
//               (half a circle suffices: theta and -theta give the same 1D cost). d = 3: the
//               Fibonacci sphere of L points under one Haar-random rotation. Other d: InputError.
//   max         Max-SW: the direction maximising W_p, by projected gradient ascent (see
//               sliced_wasserstein.hpp).
//   vmf         v-DSW: directions from a von Mises-Fisher distribution whose location is fitted
//               by ascent (see sliced_wasserstein.hpp).
#include <cstdint>
#include <string>

#include "solvers/common/random.hpp"
#include "solvers/common/types.hpp"

namespace monge {

enum class DirectionScheme { MonteCarlo, Orthogonal, QuasiMonteCarlo, MaxSliced, VonMisesFisher };

// "mc", "orthogonal", "qmc", "max", "vmf".
const char* direction_scheme_name(DirectionScheme scheme);
// Parses one of the names above; throws InputError("<what>: expected one of ..., got '...'").
DirectionScheme parse_direction_scheme(const std::string& name, const std::string& what);

// Fills theta (resized to L by d; no allocation when already that size) with L unit directions
// drawn by `scheme` (mc, orthogonal or qmc) from rng. Deterministic in (rng, L, d).
// Throws InputError for qmc with d other than 2 or 3, and for max / vmf (not a fixed draw).
void draw_directions(DirectionScheme scheme, int L, int d, const CounterRng& rng, Points& theta);

// Writes one unit direction uniform on S^{d-1} to out[0..d), from normals number
// first_normal .. first_normal + d - 1 of rng.
void draw_uniform_direction(const CounterRng& rng, std::uint64_t first_normal, int d, float* out);

// Fills rows [first_row, first_row + count) of theta (L by d, already sized) with samples of the
// von Mises-Fisher distribution vMF(mu, kappa) on S^{d-1}, d >= 2. Sample s uses only the
// random numbers of CounterRng(rng_seed, mix64(rng_stream + s)), so each sample is reproducible
// on its own. d = 3 inverts the CDF of w = <theta, mu> in closed form; other d use Wood's (1994)
// rejection sampler. mu: d floats of unit norm; kappa > 0.
void sample_vmf(const float* mu, double kappa, int d, std::uint64_t rng_seed, std::uint64_t rng_stream,
                int first_row, int count, Points& theta);

}  // namespace monge
