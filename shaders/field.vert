#version 450 core
// Scalar field quad (render/field_renderer): the four corners of the grid's world bounds come
// from gl_VertexID (a triangle strip), so no vertex buffer is needed.
uniform mat4 u_view_proj;
uniform vec4 u_bounds;  // x0, y0, x1, y1: the outer cell edges

out vec2 v_uv;  // 0..1 across the grid; texel centres are the cell centres

void main() {
  vec2 corner = vec2(gl_VertexID & 1, gl_VertexID >> 1);
  v_uv = corner;
  gl_Position = u_view_proj * vec4(mix(u_bounds.xy, u_bounds.zw, corner), 0.0, 1.0);
}
