# monge_add_test_dir(TIER dir LIBS ...): one GoogleTest executable per .cpp file in `dir`,
# named <tier>_<file stem>, its tests labelled with the tier (pure, render, app).
# One executable per file keeps an area's broken test from stopping the others from building.
find_package(GTest REQUIRED)
include(GoogleTest)

# Build time is most of the suite's 15 minutes: test files compile at -O1 (the code they test is
# in the libraries, built at -O3), and each tier's test files share one precompiled header of
# GoogleTest and Eigen, parsed once instead of once per file.
function(monge_add_test_dir tier dir)
  cmake_parse_arguments(ARG "" "" "LIBS" ${ARGN})
  file(GLOB sources CONFIGURE_DEPENDS ${dir}/*.cpp)
  set(pch_target "")
  foreach(src IN LISTS sources)
    get_filename_component(stem ${src} NAME_WE)
    set(target ${tier}_${stem})
    add_executable(${target} ${src})
    target_link_libraries(${target} PRIVATE ${ARG_LIBS} GTest::gtest GTest::gtest_main)
    target_compile_options(${target} PRIVATE -O1)
    if(pch_target STREQUAL "")
      target_precompile_headers(${target} PRIVATE <gtest/gtest.h> <Eigen/Core> <string> <vector>)
      set(pch_target ${target})
    else()
      target_precompile_headers(${target} REUSE_FROM ${pch_target})
    endif()
    target_compile_definitions(${target} PRIVATE
      MONGE_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
      MONGE_TEST_DATA="${PROJECT_SOURCE_DIR}/tests/data"
      MONGE_BINARY_DIR="${PROJECT_BINARY_DIR}")
    gtest_discover_tests(${target}
      DISCOVERY_TIMEOUT 60
      PROPERTIES LABELS ${tier}
                 ENVIRONMENT "OMP_NUM_THREADS=2;OMP_WAIT_POLICY=passive"
                 TIMEOUT 300)
  endforeach()
endfunction()
