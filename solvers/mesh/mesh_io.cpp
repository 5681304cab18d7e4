// File-level mesh I/O: choosing the format by extension, reading whole files, and writing through
// a temporary ".part" file that is renamed into place only after a complete, synced write.
#include "solvers/mesh/mesh_io.hpp"


#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>

#include "base/atomic_file.hpp"
#include "base/errors.hpp"

namespace monge::mesh {

namespace {

enum class MeshFormat { Obj, Ply };

MeshFormat format_of(const std::string& path) {
  const std::size_t slash = path.find_last_of('/');
  const std::size_t dot = path.find_last_of('.');
  std::string extension = dot == std::string::npos || (slash != std::string::npos && dot < slash) ? "" : path.substr(dot);
  for (char& c : extension) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (extension == ".obj") return MeshFormat::Obj;
  if (extension == ".ply") return MeshFormat::Ply;
  throw InputError(path + ": unknown mesh format '" + extension + "' (supported: .obj, .ply)");
}

std::string read_file(const std::string& path) {
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) throw InputError(path + ": cannot open: " + std::strerror(errno));
  std::string bytes;
  char buffer[1 << 16];
  std::size_t got = 0;
  while ((got = std::fread(buffer, 1, sizeof(buffer), file)) > 0) bytes.append(buffer, got);
  const bool failed = std::ferror(file) != 0;
  const int error = errno;
  std::fclose(file);
  if (failed) throw InputError(path + ": read failed: " + std::strerror(error));
  return bytes;
}

}  // namespace

void validate_mesh(const TriangleMesh& mesh, const std::string& name, Faces faces) {
  if (mesh.vertices.cols() != 3 && mesh.vertices.rows() > 0) {
    throw InputError(name + ": vertices must be V by 3, got " + std::to_string(mesh.vertices.cols()) + " columns");
  }
  if (mesh.faces.size() % 3 != 0) throw InputError(name + ": face index count is not a multiple of 3");
  if (mesh.faces.empty() && faces == Faces::Required) throw InputError(name + ": no faces");
  for (int i = 0; i < mesh.vertex_count(); ++i) {
    if (!mesh.vertices.row(i).allFinite()) throw InputError(name + ": vertex " + std::to_string(i) + ": non-finite coordinate");
  }
  for (std::size_t k = 0; k < mesh.faces.size(); ++k) {
    if (mesh.faces[k] < 0 || mesh.faces[k] >= mesh.vertex_count()) {
      throw InputError(name + ": face " + std::to_string(k / 3) + ": vertex index " + std::to_string(mesh.faces[k]) +
                       " out of range (" + std::to_string(mesh.vertex_count()) + " vertices)");
    }
  }
}

TriangleMesh load_mesh(const std::string& path) {
  const MeshFormat format = format_of(path);
  const std::string bytes = read_file(path);
  return format == MeshFormat::Obj ? parse_obj(bytes, path) : parse_ply(bytes, path);
}

void save_mesh(const TriangleMesh& mesh, const std::string& path, PlyEncoding ply_encoding) {
  const MeshFormat format = format_of(path);
  validate_mesh(mesh, path);
  const std::string bytes = format == MeshFormat::Obj ? format_obj(mesh) : format_ply(mesh, ply_encoding);
  write_file_atomically(path, bytes);
}

}  // namespace monge::mesh
