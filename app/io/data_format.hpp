#pragma once
// Which format a point source is in: chosen by its content (the magic bytes of .npy, zip and
// PLY) and its file name's extension together, never by a silent fallback: a file named .npy
// whose magic is damaged is an error, not CSV; a .csv that holds a .npy is an error too.
//   magic "\x93NUMPY" -> .npy     "PK\x03\x04" / "PK\x05\x06" -> .npz     "ply\n" -> PLY
//   other content: CSV text, or OBJ when the extension is .obj (or, with no extension that tells,
//   when the first statement is an OBJ vertex "v x y z").
#include <string>
#include <string_view>

namespace monge {

enum class DataFormat { Csv, Npy, Npz, Ply, Obj };

const char* data_format_name(DataFormat format);  // "CSV", ".npy", ".npz", "PLY", "OBJ"

// `extension`: lower case with its dot (".csv"), "" when unknown (standard input). Throws
// InputError naming `label` when the content and the extension disagree.
DataFormat detect_format(std::string_view bytes, std::string_view extension, const std::string& label);

}  // namespace monge
