// Zip archives for .npz files. Sections: little-endian fields, the end record (zip64 too), the
// central directory, member data (stored or inflated with zlib, CRC-checked), the writer.
// Format: PKWARE's APPNOTE.TXT, sections 4.3 (layout) and 4.5.3 (zip64 extra field).
#include "app/io/zip_archive.hpp"

#include <zlib.h>

#include <algorithm>
#include <limits>

#include "base/errors.hpp"
#include "base/quoted_bytes.hpp"

namespace monge {
namespace {

// ---- little-endian fields ------------------------------------------------------------------------

std::uint64_t field(std::string_view bytes, std::size_t at, int size) {
  std::uint64_t v = 0;
  for (int k = size - 1; k >= 0; --k) v = v << 8 | static_cast<unsigned char>(bytes[at + static_cast<std::size_t>(k)]);
  return v;
}

void put(std::string& out, std::uint64_t v, int size) {
  for (int k = 0; k < size; ++k) out += static_cast<char>((v >> (8 * k)) & 0xff);
}

constexpr std::string_view kLocalSignature{"PK\x03\x04", 4};
constexpr std::string_view kCentralSignature{"PK\x01\x02", 4};
constexpr std::string_view kEndSignature{"PK\x05\x06", 4};
constexpr std::string_view kZip64EndSignature{"PK\x06\x06", 4};
constexpr std::string_view kZip64LocatorSignature{"PK\x06\x07", 4};
constexpr std::size_t kEndSize = 22, kCentralSize = 46, kLocalSize = 30, kLocatorSize = 20;
constexpr std::uint32_t kMax32 = 0xffffffffu;
// Deflate never compresses better than about 1032:1: a member claiming more is damaged (and would
// otherwise make the reader allocate what an attacker asks for).
constexpr std::uint64_t kMaxDeflateRatio = 1040;

// ---- the end record ------------------------------------------------------------------------------

struct Directory {
  std::uint64_t entries = 0, size = 0, offset = 0;
};

Directory find_directory(std::string_view bytes, const std::string& file) {
  const auto damaged = [&](const std::string& why) { return InputError(file + ": damaged .npz (zip) archive: " + why); };
  if (bytes.size() < kEndSize)
    throw damaged("too short to be a zip archive (" + std::to_string(bytes.size()) + " bytes; truncated?)");
  // The end record is the last 22 bytes, unless an archive comment (at most 65535 bytes) follows it.
  const std::size_t lowest = bytes.size() - kEndSize - std::min<std::size_t>(bytes.size() - kEndSize, 0xffff);
  std::size_t end = std::string_view::npos;
  for (std::size_t at = bytes.size() - kEndSize + 1; at-- > lowest;)
    if (bytes.substr(at, 4) == kEndSignature && at + kEndSize + field(bytes, at + 20, 2) == bytes.size()) {
      end = at;
      break;
    }
  if (end == std::string_view::npos) throw damaged("no end-of-archive record (the file is truncated or not a zip)");
  Directory d{field(bytes, end + 10, 2), field(bytes, end + 12, 4), field(bytes, end + 16, 4)};
  if (d.entries == 0xffff || d.size == kMax32 || d.offset == kMax32) {
    if (end < kLocatorSize || bytes.substr(end - kLocatorSize, 4) != kZip64LocatorSignature)
      throw damaged("zip64 fields without a zip64 locator");
    const std::uint64_t at = field(bytes, end - kLocatorSize + 8, 8);
    if (bytes.size() < 56 || at > bytes.size() - 56 || bytes.substr(at, 4) != kZip64EndSignature) throw damaged("bad zip64 end record");
    d = {field(bytes, at + 32, 8), field(bytes, at + 40, 8), field(bytes, at + 48, 8)};
  }
  if (d.offset > bytes.size() || d.size > bytes.size() - d.offset)
    throw damaged("the central directory lies past the end of the file (truncated?)");
  if (d.entries > d.size / kCentralSize) throw damaged("more members listed than the central directory holds");
  return d;
}

// The zip64 extra field (id 1) replaces the 32-bit fields that hold 0xffffffff, in this order.
void read_zip64_extra(std::string_view extra, ZipMember& m, const std::string& file) {
  for (std::size_t at = 0; at + 4 <= extra.size();) {
    const std::uint64_t id = field(extra, at, 2), length = field(extra, at + 2, 2);
    if (at + 4 + length > extra.size()) break;
    if (id == 1) {
      std::size_t k = at + 4;
      for (std::uint64_t* value : {&m.size, &m.compressed, &m.header_offset}) {
        if (*value != kMax32) continue;
        if (k + 8 > at + 4 + length) throw InputError(file + ": damaged .npz (zip) archive: short zip64 field of " + quote_bytes(m.name));
        *value = field(extra, k, 8);
        k += 8;
      }
      return;
    }
    at += 4 + length;
  }
}

}  // namespace

// ---- the central directory ----------------------------------------------------------------------

std::vector<ZipMember> zip_members(std::string_view bytes, const std::string& file) {
  const Directory d = find_directory(bytes, file);
  std::vector<ZipMember> members;
  members.reserve(static_cast<std::size_t>(d.entries));
  std::size_t at = static_cast<std::size_t>(d.offset);
  const std::size_t end = static_cast<std::size_t>(d.offset + d.size);
  for (std::uint64_t e = 0; e < d.entries; ++e) {
    if (end - at < kCentralSize || bytes.substr(at, 4) != kCentralSignature)
      throw InputError(file + ": damaged .npz (zip) archive: central directory entry " + std::to_string(e) + " is malformed");
    ZipMember m;
    m.flags = static_cast<std::uint16_t>(field(bytes, at + 8, 2));
    m.method = static_cast<std::uint16_t>(field(bytes, at + 10, 2));
    m.crc = static_cast<std::uint32_t>(field(bytes, at + 16, 4));
    m.compressed = field(bytes, at + 20, 4);
    m.size = field(bytes, at + 24, 4);
    const std::size_t name_length = field(bytes, at + 28, 2), extra_length = field(bytes, at + 30, 2),
                      comment_length = field(bytes, at + 32, 2);
    m.header_offset = field(bytes, at + 42, 4);
    if (end - at - kCentralSize < name_length + extra_length + comment_length)
      throw InputError(file + ": damaged .npz (zip) archive: central directory entry " + std::to_string(e) + " is cut short");
    m.name = std::string(bytes.substr(at + kCentralSize, name_length));
    read_zip64_extra(bytes.substr(at + kCentralSize + name_length, extra_length), m, file);
    members.push_back(std::move(m));
    at += kCentralSize + name_length + extra_length + comment_length;
  }
  return members;
}

// ---- member data -----------------------------------------------------------------------------------

std::string zip_member_data(std::string_view bytes, const ZipMember& m, const std::string& file) {
  const std::string member = file + ": member " + quote_bytes(m.name);
  const auto damaged = [&](const std::string& why) { return InputError(member + " is damaged: " + why); };
  if (m.flags & 1) throw InputError(member + " is encrypted");
  if (m.method != 0 && m.method != 8)
    throw InputError(member + ": compression method " + std::to_string(m.method) +
                     " is not supported (NumPy writes stored or deflated members)");
  if (m.header_offset > bytes.size() || bytes.size() - m.header_offset < kLocalSize ||
      bytes.substr(static_cast<std::size_t>(m.header_offset), 4) != kLocalSignature)
    throw damaged("no local header where the directory says (truncated?)");
  const std::size_t local = static_cast<std::size_t>(m.header_offset);
  const std::uint64_t start = local + kLocalSize + field(bytes, local + 26, 2) + field(bytes, local + 28, 2);
  if (start > bytes.size() || m.compressed > bytes.size() - start)
    throw damaged("its data runs past the end of the file (truncated?)");
  const std::string_view packed = bytes.substr(static_cast<std::size_t>(start), static_cast<std::size_t>(m.compressed));
  if (m.method == 0 ? m.size != m.compressed : m.size > m.compressed * kMaxDeflateRatio + 1024)
    throw damaged("its sizes disagree (" + std::to_string(m.compressed) + " bytes stored for " + std::to_string(m.size) + ")");
  std::string data;
  if (m.method == 0) {
    data.assign(packed);
  } else {
    data.resize(static_cast<std::size_t>(m.size));
    z_stream z{};
    if (inflateInit2(&z, -MAX_WBITS) != Z_OK) throw InputError(member + ": cannot start zlib");
    // Fed and drained in chunks: zlib counts in 32 bits.
    constexpr std::size_t kChunk = 1u << 30;
    std::size_t in = 0, out = 0;
    int status = Z_OK;
    while (status == Z_OK) {
      z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(packed.data() + in));
      z.avail_in = static_cast<uInt>(std::min(kChunk, packed.size() - in));
      z.next_out = reinterpret_cast<Bytef*>(data.data() + out);
      z.avail_out = static_cast<uInt>(std::min(kChunk, data.size() - out));
      const uInt in_before = z.avail_in, out_before = z.avail_out;
      status = inflate(&z, Z_NO_FLUSH);
      in += in_before - z.avail_in;
      out += out_before - z.avail_out;
      if (status == Z_OK && in_before == z.avail_in && out_before == z.avail_out) status = Z_BUF_ERROR;  // stuck
    }
    const char* why = z.msg;
    inflateEnd(&z);
    if (status != Z_STREAM_END)
      throw damaged(status == Z_BUF_ERROR ? "its deflate stream ends early or holds more than the directory says"
                                          : std::string("invalid deflate data (") + (why ? why : "zlib error") + ")");
    if (out != data.size()) throw damaged("it inflates to " + std::to_string(out) + " bytes, not " + std::to_string(data.size()));
  }
  if (crc32_z(0, reinterpret_cast<const Bytef*>(data.data()), data.size()) != m.crc)
    throw damaged("CRC-32 mismatch (the bytes changed since the archive was written)");
  return data;
}

// ---- the writer -------------------------------------------------------------------------------------

std::string zip_stored(const std::vector<std::pair<std::string, std::string>>& members) {
  std::string out, directory;
  constexpr std::uint16_t kVersion = 20, kDosDate = (0 << 9) | (1 << 5) | 1;  // 1980-01-01
  for (const auto& member : members) {
    const std::string &name = member.first, &data = member.second;  // (clang 14 cannot capture bindings)
    if (data.size() >= kMax32 || out.size() >= kMax32)
      throw OutputError(name + ": more than 4 GiB in one .npz (zip64 is not written)");
    const std::uint32_t crc = static_cast<std::uint32_t>(crc32_z(0, reinterpret_cast<const Bytef*>(data.data()), data.size()));
    const std::uint64_t offset = out.size();
    auto common = [&](std::string& s) {  // from "version needed" to "extra length"
      put(s, kVersion, 2);
      put(s, 0, 2);  // flags
      put(s, 0, 2);  // method: stored
      put(s, 0, 2);  // time 00:00
      put(s, kDosDate, 2);
      put(s, crc, 4);
      put(s, data.size(), 4);
      put(s, data.size(), 4);
      put(s, name.size(), 2);
      put(s, 0, 2);
    };
    out += kLocalSignature;
    common(out);
    out += name;
    out += data;
    directory += kCentralSignature;
    put(directory, kVersion, 2);  // made by (MS-DOS attributes)
    common(directory);
    put(directory, 0, 2);  // comment length
    put(directory, 0, 2);  // disk
    put(directory, 0, 2);  // internal attributes
    put(directory, 0, 4);  // external attributes
    put(directory, offset, 4);
    directory += name;
  }
  const std::uint64_t directory_offset = out.size();
  out += directory;
  out += kEndSignature;
  put(out, 0, 2);
  put(out, 0, 2);
  put(out, members.size(), 2);
  put(out, members.size(), 2);
  put(out, directory.size(), 4);
  put(out, directory_offset, 4);
  put(out, 0, 2);  // comment length
  return out;
}

}  // namespace monge
