#version 450 core
// Triangle meshes (render/mesh_renderer): positions, area-weighted vertex normals and an
// optional per-vertex scalar, passed on in view space. Without the wireframe geometry shader
// (shaders/mesh.geom.glsl) the edge distances are "far", so no line is drawn.
layout(location = 0) in vec3 a_position;
layout(location = 1) in vec3 a_normal;
layout(location = 2) in float a_scalar;

uniform mat4 u_view;
uniform mat4 u_proj;

out Vertex {
  vec3 view_position;
  vec3 view_normal;
  float scalar;
  noperspective vec3 edge_distance;  // pixels to the three edges (set by the geometry shader)
} v;

void main() {
  vec4 view_position = u_view * vec4(a_position, 1.0);
  v.view_position = view_position.xyz;
  // The view matrix is a rotation plus a translation, so it maps normals as it maps directions.
  v.view_normal = mat3(u_view) * a_normal;
  v.scalar = a_scalar;
  v.edge_distance = vec3(1e6);
  gl_Position = u_proj * view_position;
}
