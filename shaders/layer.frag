#version 450 core
// Composites a layer of premultiplied colour (drawn with the point renderer's "over" blending onto
// a transparent target) pixel for pixel: texelFetch at this pixel's offset in the viewport, no
// filtering, so the result is what drawing the points directly would give (up to 8-bit rounding).
uniform sampler2D u_layer;
uniform ivec2 u_origin;  // the viewport's lower-left corner in window pixels

out vec4 frag_color;

void main() {
  frag_color = texelFetch(u_layer, ivec2(gl_FragCoord.xy) - u_origin, 0);
}
