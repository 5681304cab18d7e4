# monge_add_test_dir(TIER dir LIBS ...): one GoogleTest executable per .cpp file in `dir`,
# named <tier>_<file stem>, its tests labelled with the tier (pure, render, app).
# One executable per file keeps an area's broken test from stopping the others from building.
find_package(GTest REQUIRED)
include(GoogleTest)

function(monge_add_test_dir tier dir)
  cmake_parse_arguments(ARG "" "" "LIBS" ${ARGN})
  file(GLOB sources CONFIGURE_DEPENDS ${dir}/*.cpp)
  foreach(src IN LISTS sources)
    get_filename_component(stem ${src} NAME_WE)
    set(target ${tier}_${stem})
    add_executable(${target} ${src})
    target_link_libraries(${target} PRIVATE ${ARG_LIBS} GTest::gtest GTest::gtest_main)
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
