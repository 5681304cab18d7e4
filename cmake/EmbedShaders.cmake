# monge_embed_shaders(target dir): turns every .vert/.frag/.comp/.glsl file of `dir` into a C++
# source with the text as raw bytes and a lookup `monge::shader_source("points.vert")`, so the
# binary runs from any folder and GLSL stays in real files (not strings buried in C++).
function(monge_embed_shaders target dir)
  file(GLOB shader_files CONFIGURE_DEPENDS ${dir}/*.vert ${dir}/*.frag ${dir}/*.comp ${dir}/*.glsl)
  set(out ${CMAKE_CURRENT_BINARY_DIR}/embedded_shaders.cpp)
  add_custom_command(
    OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -DOUT=${out} -DDIR=${dir}
            -P ${PROJECT_SOURCE_DIR}/cmake/EmbedShadersScript.cmake
    DEPENDS ${shader_files} ${PROJECT_SOURCE_DIR}/cmake/EmbedShadersScript.cmake
    COMMENT "Embedding shaders from ${dir}"
    VERBATIM)
  target_sources(${target} PRIVATE ${out})
endfunction()
