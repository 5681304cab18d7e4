#pragma once
// LSD radix sort of 32-bit keys with a 32-bit payload (the index of the point a projected value
// came from), three passes of 11 bits. Stable. Used instead of std::sort on the hot path of the
// sliced-Wasserstein engine: on 100k projected values it is several times faster, and its cost
// does not depend on the data's order.
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
