#pragma once
// Zip archives, as NumPy's savez (members stored) and savez_compressed (members deflated) write
// them: an .npz is a zip of "<name>.npy" members. The reader follows the central directory
// (zip64 records included, as NumPy writes with force_zip64), inflates with zlib and checks each
// member's CRC-32, so a truncated or damaged archive is an error naming the file and member,
// never garbage. The writer stores members uncompressed, as np.savez does.
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace monge {

struct ZipMember {
  std::string name;                // as stored, e.g. "plan.npy"
  std::uint16_t flags = 0, method = 0;  // method 0: stored, 8: deflate
  std::uint32_t crc = 0;
  std::uint64_t compressed = 0, size = 0;  // bytes in the archive, bytes once inflated
  std::uint64_t header_offset = 0;         // of the member's local header
};

// The members listed by the central directory of `bytes` (a whole .npz file). Throws InputError
// naming `file` if the archive is truncated or malformed.
std::vector<ZipMember> zip_members(std::string_view bytes, const std::string& file);
// A member's bytes, inflated and CRC-checked. Throws InputError naming `file` and the member.
std::string zip_member_data(std::string_view bytes, const ZipMember& member, const std::string& file);

// A zip archive of `members` (name, bytes), stored without compression, as np.savez writes.
// Deterministic: every member is dated 1980-01-01 00:00.
std::string zip_stored(const std::vector<std::pair<std::string, std::string>>& members);

}  // namespace monge
