#version 450 core
// Full-viewport quad for compositing a cached layer (render/point_layer): the corners come from
// gl_VertexID (a triangle strip), so no vertex buffer is needed.
void main() {
  vec2 corner = vec2(gl_VertexID & 1, gl_VertexID >> 1);
  gl_Position = vec4(2.0 * corner - 1.0, 0.0, 1.0);
}
