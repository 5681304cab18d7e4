#include "solvers/sliced/radix_sort.hpp"

#include <algorithm>
#include <cstring>

#include "solvers/sliced/sort_keys.hpp"

namespace monge {

namespace {

constexpr int kPasses = 3;
constexpr int kBits = 11;
constexpr std::uint32_t kBuckets = 1u << kBits;
constexpr std::uint32_t kMask = kBuckets - 1;

// Below this size a binary insertion sort beats building three histograms.
constexpr std::size_t kSmall = 48;

void insertion_sort(std::uint32_t* keys, std::uint32_t* values, std::size_t n) {
  for (std::size_t i = 1; i < n; ++i) {
    const std::uint32_t k = keys[i];
    const std::uint32_t v = values ? values[i] : 0;
    std::size_t j = i;
    // Strict comparison keeps equal keys in their input order (stable, as the radix passes are).
    for (; j > 0 && keys[j - 1] > k; --j) {
      keys[j] = keys[j - 1];
      if (values) values[j] = values[j - 1];
    }
    keys[j] = k;
    if (values) values[j] = v;
  }
}

}  // namespace

bool radix_sort_pingpong(std::uint32_t* keys, std::uint32_t* values, std::uint32_t* key_tmp,
                         std::uint32_t* value_tmp, std::size_t n) {
  if (n < 2) return false;
  if (n <= kSmall) {
    insertion_sort(keys, values, n);
    return false;
  }

  // All three histograms in one read of the keys.
  std::uint32_t hist[kPasses][kBuckets];
  std::memset(hist, 0, sizeof hist);
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint32_t k = keys[i];
    ++hist[0][k & kMask];
    ++hist[1][(k >> kBits) & kMask];
    ++hist[2][k >> (2 * kBits)];
  }

  std::uint32_t* src_k = keys;
  std::uint32_t* src_v = values;
  std::uint32_t* dst_k = key_tmp;
  std::uint32_t* dst_v = values ? value_tmp : nullptr;
  for (int pass = 0; pass < kPasses; ++pass) {
    std::uint32_t* h = hist[pass];
    const int shift = pass * kBits;
    // A digit shared by every key (e.g. the exponent bits of values in one octave) leaves the
    // order unchanged: skip the pass.
    if (h[(src_k[0] >> shift) & kMask] == n) continue;
    std::uint32_t sum = 0;
    for (std::uint32_t b = 0; b < kBuckets; ++b) {
      const std::uint32_t c = h[b];
      h[b] = sum;
      sum += c;
    }
    if (src_v) {
      for (std::size_t i = 0; i < n; ++i) {
        const std::uint32_t k = src_k[i];
        const std::uint32_t pos = h[(k >> shift) & kMask]++;
        dst_k[pos] = k;
        dst_v[pos] = src_v[i];
      }
    } else {
      for (std::size_t i = 0; i < n; ++i) {
        const std::uint32_t k = src_k[i];
        dst_k[h[(k >> shift) & kMask]++] = k;
      }
    }
    std::swap(src_k, dst_k);
    std::swap(src_v, dst_v);
  }
  return src_k != keys;
}

std::uint64_t* radix_sort_quantised(const std::uint32_t* q, const std::uint32_t* payload, std::size_t n, int low_bit,
                                    int bits, std::uint64_t* out, std::uint64_t* tmp) {
  auto item = [&](std::size_t i) {
    return (std::uint64_t(q[i]) << 32) | (payload ? payload[i] : static_cast<std::uint32_t>(i));
  };
  const int passes = bits <= 0 ? 0 : (bits + kBits - 1) / kBits;
  if (n < 2 || passes == 0) {
    for (std::size_t i = 0; i < n; ++i) out[i] = item(i);
    return out;
  }
  const int digit = (bits + passes - 1) / passes;
  const std::uint32_t mask = (1u << digit) - 1;
  constexpr int kMaxPasses = 3;
  std::uint32_t hist[kMaxPasses][kBuckets];
  std::memset(hist, 0, sizeof(std::uint32_t) * kBuckets * passes);
  // The histograms of every pass in one read of q (4 bytes a point, half the items' size).
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint32_t v = q[i] >> low_bit;
    ++hist[0][v & mask];
    if (passes > 1) ++hist[1][(v >> digit) & mask];
    if (passes > 2) ++hist[2][(v >> (2 * digit)) & mask];
  }
  // Odd and even passes alternate between the buffers so that the last lands in `out`.
  std::uint64_t* dst = passes % 2 ? out : tmp;
  std::uint64_t* other = passes % 2 ? tmp : out;
  for (int pass = 0; pass < passes; ++pass) {
    std::uint32_t* h = hist[pass];
    const int shift = low_bit + pass * digit;
    const bool trivial = h[(q[0] >> shift) & mask] == n;  // one digit for all: the order stands
    if (!trivial) {
      std::uint32_t sum = 0;
      for (std::uint32_t b = 0; b <= mask; ++b) {
        const std::uint32_t c = h[b];
        h[b] = sum;
        sum += c;
      }
    }
    if (pass == 0) {
      if (trivial)
        for (std::size_t i = 0; i < n; ++i) dst[i] = item(i);
      else
        for (std::size_t i = 0; i < n; ++i) dst[h[(q[i] >> shift) & mask]++] = item(i);
    } else {
      const std::uint64_t* src = other;
      if (trivial)
        std::memcpy(dst, src, n * sizeof(std::uint64_t));
      else
        for (std::size_t i = 0; i < n; ++i) {
          const std::uint64_t it = src[i];
          dst[h[(it >> (32 + shift)) & mask]++] = it;
        }
    }
    std::swap(dst, other);
  }
  return other;
}

void RadixSorter::sort(std::uint32_t* keys, std::uint32_t* values, std::size_t n) {
  if (key_tmp_.size() < n) key_tmp_.resize(n);
  if (values && value_tmp_.size() < n) value_tmp_.resize(n);
  if (radix_sort_pingpong(keys, values, key_tmp_.data(), values ? value_tmp_.data() : nullptr, n)) {
    std::memcpy(keys, key_tmp_.data(), n * sizeof(std::uint32_t));
    if (values) std::memcpy(values, value_tmp_.data(), n * sizeof(std::uint32_t));
  }
}

void RadixSorter::sort_floats(const float* x, std::size_t n, float* sorted, std::uint32_t* order) {
  if (key_buf_.size() < n) key_buf_.resize(n);
  std::uint32_t* keys = key_buf_.data();
  for (std::size_t i = 0; i < n; ++i) {
    keys[i] = float_to_key(x[i]);
    order[i] = static_cast<std::uint32_t>(i);
  }
  sort(keys, order, n);
  for (std::size_t i = 0; i < n; ++i) sorted[i] = key_to_float(keys[i]);
}

}  // namespace monge
