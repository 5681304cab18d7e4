#pragma once
// LSD radix sorts (stable, never std::sort on the hot path: their cost does not depend on the
// data's order).
//   radix_sort_pingpong  32-bit keys with an optional 32-bit payload, three passes of 11 bits:
//                        exact on any float keys (sort_keys.hpp). The engine's fallback.
//   radix_sort_quantised 64-bit items (quantised value, payload) ordered by a few bits of the
//                        quantised value, digits of at most 11 bits: the engine's main sort
//                        (projection_sort.hpp).
//
// The sorter owns its scratch buffers and only grows them, so sorting arrays of a size already
// seen allocates nothing.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace monge {

// The sort itself, with caller-owned scratch: sorts keys[0..n) (and values[0..n) when values is
// not null) using key_tmp / value_tmp (n entries each) as the other half of a ping-pong buffer.
// Returns true when the sorted result ended up in the scratch arrays (an odd number of
// non-trivial passes), false when it is in keys / values. Never allocates.
bool radix_sort_pingpong(std::uint32_t* keys, std::uint32_t* values, std::uint32_t* key_tmp,
                         std::uint32_t* value_tmp, std::size_t n);

// Sorts the n items (q[i] << 32) | (payload ? payload[i] : i) by the `bits` bits of q[i] that
// start at bit `low_bit` (low_bit + bits <= 32, at most three digits of at most 11 bits), stable.
// The items are built by the first pass itself, straight from the q and payload arrays (so the
// 64-bit items are written once and never sit unsorted in memory). out and tmp: n items each, the
// two halves of a ping-pong buffer. Returns whichever of them holds the result. Never allocates.
std::uint64_t* radix_sort_quantised(const std::uint32_t* q, const std::uint32_t* payload, std::size_t n, int low_bit,
                                    int bits, std::uint64_t* out, std::uint64_t* tmp);

class RadixSorter {
 public:
  // Sort keys[0..n) ascending, carrying values[0..n) along (values may be null: keys only).
  // Both arrays are sorted in place (through the sorter's scratch buffers).
  void sort(std::uint32_t* keys, std::uint32_t* values, std::size_t n);

  // Convenience for floats: fills keys with float_to_key(x[i]) and values with 0..n-1, sorts,
  // and leaves the sorted floats in sorted[0..n) and their original positions in order[0..n).
  // x, sorted, order: n entries each. No NaN allowed in x (the caller checks finiteness).
  void sort_floats(const float* x, std::size_t n, float* sorted, std::uint32_t* order);

 private:
  std::vector<std::uint32_t> key_tmp_, value_tmp_, key_buf_;
};

}  // namespace monge
