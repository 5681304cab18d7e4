// Colormaps: matplotlib's published endpoint and midpoint values, interpolation, names.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "render/colormap.hpp"
#include "base/errors.hpp"

using namespace monge;

namespace {
void expect_rgb(glm::vec3 c, float r, float g, float b) {
  EXPECT_NEAR(c.r, r, 2e-3);
  EXPECT_NEAR(c.g, g, 2e-3);
  EXPECT_NEAR(c.b, b, 2e-3);
}
}  // namespace

TEST(Colormap, EndpointsMatchMatplotlib) {
  // Values from matplotlib's _cm_listed.py (viridis, magma), _cm.py (turbo) and coolwarm's
  // Moreland anchor colours.
  expect_rgb(colormap_sample(Colormap::Viridis, 0.0f), 0.267004f, 0.004874f, 0.329415f);
  expect_rgb(colormap_sample(Colormap::Viridis, 1.0f), 0.993248f, 0.906157f, 0.143936f);
  expect_rgb(colormap_sample(Colormap::Magma, 0.0f), 0.001462f, 0.000466f, 0.013866f);
  expect_rgb(colormap_sample(Colormap::Magma, 1.0f), 0.987053f, 0.991438f, 0.749504f);
  expect_rgb(colormap_sample(Colormap::Turbo, 0.0f), 0.18995f, 0.07176f, 0.23217f);
  expect_rgb(colormap_sample(Colormap::Turbo, 1.0f), 0.4796f, 0.01583f, 0.01055f);
  expect_rgb(colormap_sample(Colormap::Coolwarm, 0.0f), 0.2298f, 0.2987f, 0.7537f);
  expect_rgb(colormap_sample(Colormap::Coolwarm, 1.0f), 0.7057f, 0.0156f, 0.1502f);
}

TEST(Colormap, InterpolatesBetweenEntriesAndClamps) {
  const float* t = colormap_table(Colormap::Viridis);
  const float mid = 0.5f / 255.0f;  // halfway between entries 0 and 1
  const glm::vec3 c = colormap_sample(Colormap::Viridis, mid);
  EXPECT_NEAR(c.r, 0.5f * (t[0] + t[3]), 1e-6);
  EXPECT_EQ(colormap_sample(Colormap::Magma, -3.0f), colormap_sample(Colormap::Magma, 0.0f));
  EXPECT_EQ(colormap_sample(Colormap::Magma, 7.0f), colormap_sample(Colormap::Magma, 1.0f));
  EXPECT_EQ(colormap_sample(Colormap::Magma, std::nanf("")), colormap_sample(Colormap::Magma, 0.0f));
}

TEST(Colormap, ViridisLightnessIncreases) {
  // Perceptually uniform maps rise monotonically in luminance.
  float previous = -1.0f;
  for (int i = 0; i <= 20; ++i) {
    const glm::vec3 c = colormap_sample(Colormap::Viridis, i / 20.0f);
    const float luma = 0.2126f * c.r + 0.7152f * c.g + 0.0722f * c.b;
    EXPECT_GT(luma, previous);
    previous = luma;
  }
}

TEST(Colormap, NamesRoundTripAndUnknownNameIsAnError) {
  for (int i = 0; i < kColormapCount; ++i) {
    const auto m = static_cast<Colormap>(i);
    EXPECT_EQ(colormap_from_name(colormap_name(m)), m);
  }
  try {
    colormap_from_name("jet");
    FAIL() << "expected an InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("jet"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("viridis"), std::string::npos);
  }
}

TEST(Colormap, EveryTableMatchesMatplotlib) {
  // tests/data/colormaps/make_colormap_reference.py: matplotlib's entries at a few indices.
  std::ifstream in(std::string(MONGE_TEST_DATA) + "/colormaps/colormap_reference.json");
  ASSERT_TRUE(in.good());
  const nlohmann::json reference = nlohmann::json::parse(in);
  const auto indices = reference["indices"].get<std::vector<int>>();
  ASSERT_EQ(reference["maps"].size(), static_cast<std::size_t>(kColormapCount));
  for (const auto& [name, entries] : reference["maps"].items()) {
    const Colormap map = colormap_from_name(name);
    for (std::size_t k = 0; k < indices.size(); ++k) {
      const glm::vec3 c = colormap_sample(map, indices[k] / 255.0f);
      for (int channel = 0; channel < 3; ++channel)
        EXPECT_NEAR(c[channel], entries[k][channel].get<float>(), 2e-5f) << name << " entry " << indices[k];
    }
  }
}

TEST(Colormap, ReversedMapsRunBackwards) {
  // Within one step of a 256-entry table: matplotlib's twilight has 510 entries, so its 256-entry
  // samples and those of twilight_r fall on neighbouring entries.
  for (int i = 0; i < kColormapCount / 2; ++i) {
    const auto map = static_cast<Colormap>(i), reversed = static_cast<Colormap>(i + kColormapCount / 2);
    EXPECT_EQ(std::string(colormap_name(reversed)), std::string(colormap_name(map)) + "_r");
    for (float t : {0.0f, 0.3f, 1.0f}) {
      const glm::vec3 a = colormap_sample(map, t), b = colormap_sample(reversed, 1.0f - t);
      EXPECT_NEAR(a.r, b.r, 0.01f) << colormap_name(map) << " at " << t;
      EXPECT_NEAR(a.g, b.g, 0.01f) << colormap_name(map) << " at " << t;
      EXPECT_NEAR(a.b, b.b, 0.01f) << colormap_name(map) << " at " << t;
    }
  }
}
