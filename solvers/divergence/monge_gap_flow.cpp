#include "solvers/divergence/monge_gap_flow.hpp"

#include <iterator>
#include <limits>
#include <string>

#include "base/errors.hpp"

namespace monge {

MongeGapFlow::MongeGapFlow(Points X, Points Y, MongeGapFlowOptions options)
    : options_(std::move(options)), trainer_(std::move(X), std::move(Y), options_.trainer) {
  if (options_.checkpoint_every < 1 || options_.max_checkpoints < 1)
    throw InputError("monge-gap: checkpoint_every and max_checkpoints must be at least 1");
  checkpoints_.emplace(0, trainer_.state());
}

void MongeGapFlow::initialize(FlowState& state) { write(state); }

void MongeGapFlow::seek(int iterations) {
  if (trainer_.iterations() == iterations) return;
  // The latest checkpoint at or before `iterations`; restore it unless the trainer is nearer.
  const auto at = std::prev(checkpoints_.upper_bound(iterations));
  if (trainer_.iterations() > iterations || at->first > trainer_.iterations()) trainer_.restore(at->second);
  while (trainer_.iterations() < iterations) trainer_.iterate();
}

void MongeGapFlow::step(FlowState& state) {
  if (state.step > static_cast<std::uint64_t>(std::numeric_limits<int>::max() - 1))
    throw InputError("monge-gap: too many steps");
  seek(static_cast<int>(state.step));
  trainer_.iterate();
  const int k = trainer_.iterations();
  if (k % options_.checkpoint_every == 0 && static_cast<int>(checkpoints_.size()) < options_.max_checkpoints)
    checkpoints_.emplace(k, trainer_.state());
  diagnostics_ = {{"loss", trainer_.loss()}, {"fitting", trainer_.fitting()}, {"monge_gap", trainer_.gap()}};
  if (options_.reference) {
    const Points& X = trainer_.source();
    diagnostics_.push_back(
        {"map_error", relative_map_error(X, trainer_.pushed_at_start(), options_.reference->apply(X))});
  }
  write(state);
}

void MongeGapFlow::write(FlowState& state) const {
  state.points = trainer_.pushed();
  state.figures.arrows.resize(1);
  ArrowSet& a = state.figures.arrows[0];
  a.name = "x -> T(x)";
  a.tails = trainer_.source();
  a.heads = trainer_.pushed();
}

}  // namespace monge
