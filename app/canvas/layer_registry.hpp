#pragma once
// The kinds of layer a scene can get, in drawing order (back to front). Each entry makes the
// layers of its kind for a scene that has something for them, and nothing otherwise.
// Adding a kind of picture: write its layer (app/canvas/layers/) and add one line to the list in
// layer_registry.cpp (docs/architecture.md, "Adding a layer").
#include <memory>
#include <string>
#include <vector>

#include "app/canvas/layer.hpp"

namespace monge {

struct LayerKind {
  // The section of the "view" object this kind keeps its settings in, or "" if it uses the flat
  // keys of docs/scenes.md (a section no kind claims is an error).
  std::string section;
  std::vector<std::unique_ptr<Layer>> (*make)(const LayerSetup& setup);
};

const std::vector<LayerKind>& layer_kinds();

}  // namespace monge
