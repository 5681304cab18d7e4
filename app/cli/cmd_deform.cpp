// monge deform SOURCE TARGET -o OUT.(obj|ply) [--iterations K] [--time-limit T] [--steps S] [--projections L]
//              [--directions qmc|mc] [--measure auto|vertices|area|surface|varifold] [--field mlp|kernel] [--seed S] [--json]
//              [--lr R] [--hidden W] [--depth D] [--activation A] [--frequency F] [--samples N]
//              [--kernel-lattice N] [--kernel-width W] [--metric-samples N] [--progress]
//              [--backend auto|cpu|cuda]
// Trains an ODE deformation (solvers/deform/deform_trainer.hpp) that carries SOURCE onto TARGET
// and writes the deformed source (its connectivity, the vertices moved to t = 1) to OUT.
// A stable contract (issue #6): with --json, stdout is one JSON object with
//   chamfer_before, chamfer_after   Chamfer distance to the target before / after (mesh_metrics.hpp)
//   hausdorff_after, hausdorff90_after
//   self_intersections              fraction of the output's faces in an intersecting pair
//   self_intersecting_faces         their number
//   flipped_faces, flipped_fraction faces whose normal reversed (source vs output)
//   iterations, seconds             training iterations and their wall time (files and metrics excluded)
//   stop_reason, stop_message       why training stopped: "plateau", "iterations" (the cap) or
//                                   "time-limit", and that as a sentence (training_schedule.hpp)
//   max_iterations, time_limit      the caps; final_learning_rate after the schedule's decays;
//   monitored_loss                  the lowest SW_2^2 on the schedule's fixed directions
//   folds                           times the mesh folded in training and the field was rolled back
//   loss_before, loss_after         SW_2^2 to the target measure, 256 fixed directions
//   seconds_per_iteration, steps, projections, directions, measure, field, learning_rate, seed, parameters,
//   source_vertices, source_faces, target_vertices, target_faces, output
//   backend                         "CPU" or "CUDA (<device>)" (the MLP field and the SW engine)
//   measure, measure_requested      the measure trained on, and what --measure asked ("auto" picks)
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "app/cli/args.hpp"
#include "app/cli/commands.hpp"
#include "app/cli/deform_run.hpp"
#include "app/cli/progress_line.hpp"
#include "app/io/coordinate_bound.hpp"
#include "app/io/finite_json.hpp"
#include "solvers/backend/backend.hpp"
#include "base/atomic_file.hpp"
#include "base/errors.hpp"
#include "solvers/deform/deform_run.hpp"
#include "solvers/mesh/builtin_meshes.hpp"
#include "solvers/mesh/mesh_io.hpp"
#include "solvers/mesh/mesh_metrics.hpp"

namespace monge {

namespace {

std::string lower_extension(const std::string& path) {
  std::string ext = std::filesystem::path(path).extension().string();
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return ext;
}

// Checked before the (long) training: the output must be .obj or .ply in an existing folder.
void check_output(const std::string& out) {
  const std::string ext = lower_extension(out);
  if (ext != ".obj" && ext != ".ply")
    throw InputError("-o: expected an .obj or .ply file, got '" + out + "'");
  check_output_path(out);  // OutputError (exit 3): missing or read-only folder
}

}  // namespace

int cmd_deform(const CommandArgs& argv) {
  Args args("monge deform SOURCE TARGET -o OUT.(obj|ply) [options]",
            "Deforms the SOURCE mesh onto the TARGET mesh by the flow of a trained velocity field (arXiv\n"
            "2305.17555): v(x, t) is integrated with RK4 from t = 0 to 1 and trained with Adam to minimise\n"
            "the sliced-Wasserstein distance SW_2^2 between the deformed source and the target as measures.\n"
            "SOURCE and TARGET are .obj/.ply files or built-in meshes (builtin:icosphere, builtin:ellipsoid,\n"
            "builtin:blob, builtin:torus, builtin:twisted-torus, builtin:uv-sphere; parameters as in\n"
            "'builtin:blob?lobes=4&amplitude=0.8'). OUT keeps the source's faces. Prints Chamfer and\n"
            "Hausdorff distances, self-intersections and flipped faces; --json prints one JSON object.\n"
            "Training stops by itself when the loss (on fixed directions) stops improving at the lowest\n"
            "learning rate of its schedule; --iterations and --time-limit are caps, and the output says\n"
            "which of the three stopped it.");
  args.positional("SOURCE", "source mesh (.obj, .ply or builtin:NAME)")
      .positional("TARGET", "target mesh (.obj, .ply or builtin:NAME)")
      .option("-o", "OUT", "output mesh, .obj or .ply (the deformed source)")
      .option("--iterations", "K", "cap on the training iterations (training stops earlier on a plateau)",
              std::to_string(deform::ScheduleOptions{}.max_iterations))
      .option("--time-limit", "T", "cap on the training time in seconds (0: none)", "0")
      .option("--steps", "S", "RK4 steps from t = 0 to 1", "8")
      .option("--projections", "L", "SW directions per iteration", "64")
      .option("--directions", "D", "qmc (low-discrepancy, fresh rotation each iteration) or mc (independent)", "qmc")
      .option("--measure", "M",
              "auto (vertices, or varifold when a mesh's vertices crowd), vertices (uniform), area (vertices\n"
              "weighted by their area), surface (area-uniform samples) or varifold (face centroids + normals)",
              "auto")
      .option("--field", "F", "mlp (neural field) or kernel (Gaussian kernel, momenta on a lattice)", "mlp")
      .option("--seed", "S", "random seed (initialisation, directions, samples)", "0")
      .option("--lr", "R", "Adam learning rate (default: 3e-3 for mlp, 1e-2 for kernel)")
      .option("--hidden", "W", "mlp: units per hidden layer", "64")
      .option("--depth", "D", "mlp: hidden layers", "3")
      .option("--activation", "A", "mlp: tanh, softplus or silu", "tanh")
      .option("--frequency", "F", "mlp: first layer's initial steepness in x, y, z (x Glorot)", "6")
      .option("--samples", "N", "surface: samples of each measure", "4096")
      .option("--kernel-lattice", "N", "kernel: control points along the longest side", "6")
      .option("--kernel-width", "W", "kernel: Gaussian width in mesh units (default 1.5 lattice spacings)")
      .option("--metric-samples", "N", "surface samples for the Chamfer and Hausdorff distances", "10000")
      .flag("--progress", "show the progress line (loss, learning rate) on stderr also when it is not a terminal, or with\n"
             "--json; it ends with why training stopped")
      .option("--backend", "B", "auto (CUDA when a device is usable: MLP field and SW on the GPU), cpu or cuda", "auto")
      .flag("--json", "print one JSON object");
  if (!args.parse(argv)) return 0;
  if (!args.has("-o")) throw InputError("-o: required (OUT.obj or OUT.ply)");
  const std::string out = args.get("-o");
  check_output(out);

  deform::DeformOptions o;
  o.schedule.max_iterations = static_cast<int>(args.integer("--iterations", 0, 10'000'000));
  o.schedule.time_limit = args.number("--time-limit", 0, 1e9);
  o.steps = static_cast<int>(args.integer("--steps", 1, 1000));
  o.projections = static_cast<int>(args.integer("--projections", 1, 1'000'000));
  o.directions = deform::parse_training_directions(args.get("--directions"), "--directions");
  o.measure = deform::parse_measure_choice(args.get("--measure"), "--measure");
  o.field = deform::parse_field_kind(args.get("--field"), "--field");
  o.seed = static_cast<std::uint64_t>(args.integer("--seed", 0, (1ll << 62)));
  if (args.has("--lr")) o.learning_rate = args.number("--lr", 1e-12, 1e3);
  o.hidden_width = static_cast<int>(args.integer("--hidden", 1, 4096));
  o.hidden_depth = static_cast<int>(args.integer("--depth", 1, 64));
  o.activation = deform::parse_activation(args.get("--activation"), "--activation");
  o.input_frequency = static_cast<float>(args.number("--frequency", 1e-3, 1e3));
  o.samples = static_cast<int>(args.integer("--samples", 1, 10'000'000));
  o.kernel_lattice = static_cast<int>(args.integer("--kernel-lattice", 2, 64));
  if (args.has("--kernel-width")) o.kernel_width = static_cast<float>(args.number("--kernel-width", 1e-12, 1e12));
  const int metric_samples = static_cast<int>(args.integer("--metric-samples", 1, 10'000'000));
  const Backend backend_choice = parse_backend(args.get("--backend"), "--backend");

  const mesh::TriangleMesh source = mesh::load_mesh_or_builtin(args.get("SOURCE"));
  const mesh::TriangleMesh target = mesh::load_mesh_or_builtin(args.get("TARGET"));

  check_coordinates(source.vertices, args.get("SOURCE"));  // app/io/coordinate_bound.hpp
  check_coordinates(target.vertices, args.get("TARGET"));

  // No total: training usually stops on a plateau long before the cap, so a percentage or a
  // time left computed against the cap would mislead.
  const std::string cap = "cap " + std::to_string(o.schedule.max_iterations);
  ProgressLine progress("monge deform", "iteration", 0, progress_mode(args.has("--progress"), args.has("--json")));
  const DeformRun run = run_deform(source, target, o, metric_samples, backend_choice,
                                   [&](const deform::DeformIteration& it, const deform::DeformTrainer&) {
                                     progress.update(it.iteration + 1, [&] {
                                       return (it.folded ? std::string("folded: rolled back") : "loss " + format_number(it.loss)) +
                                              ", lr " + format_number(it.learning_rate) + ", " + cap;
                                     });
                                     return true;
                                   });
  const bool progress_shown = progress.active();
  progress.finish();
  const deform::DeformRunResult& r = run.result;
  const deform::TrainingRun& training = r.training;
  if (progress_shown)
    std::fprintf(stderr, "monge deform: %d iterations, stopped: %s\n", training.iterations, training.stop_message.c_str());
  mesh::save_mesh(r.output, out);
  const int iterations = training.iterations;
  const double seconds = training.seconds;
  const double chamfer_before = r.chamfer_before, chamfer_after = r.chamfer_after;
  const double loss_before = r.loss_before, loss_after = r.loss_after;
  const mesh::HausdorffDistance& hausdorff = r.hausdorff;
  const mesh::SelfIntersections& intersections = r.intersections;
  const mesh::FlippedFaces& flipped = r.flipped;
  const mesh::TriangleMesh& result = r.output;

  if (args.has("--json")) {
    const nlohmann::json j = {
        {"chamfer_before", chamfer_before},
        {"chamfer_after", chamfer_after},
        {"hausdorff_after", hausdorff.max},
        {"hausdorff90_after", hausdorff.p90},
        {"self_intersections", intersections.fraction},
        {"self_intersecting_faces", intersections.faces},
        {"flipped_faces", flipped.faces},
        {"flipped_fraction", flipped.fraction},
        {"iterations", iterations},
        {"stop_reason", deform::stop_reason_code(training.stop)},
        {"stop_message", training.stop_message},
        {"max_iterations", o.schedule.max_iterations},
        {"time_limit", o.schedule.time_limit},
        {"final_learning_rate", run.final_learning_rate},
        {"monitored_loss", run.monitored_loss},
        {"folds", run.folds},
        {"seconds", seconds},
        {"seconds_per_iteration", iterations > 0 ? seconds / iterations : 0.0},
        {"backend", run.backend},
        {"loss_before", loss_before},
        {"loss_after", loss_after},
        {"steps", o.steps},
        {"projections", o.projections},
        {"directions", deform::training_directions_name(o.directions)},
        {"measure", run.measure},
        {"measure_requested", o.measure ? mesh::mesh_measure_kind_name(*o.measure) : "auto"},
        {"field", deform::field_kind_name(o.field)},
        {"learning_rate", run.learning_rate},
        {"input_frequency", o.input_frequency},
        {"seed", o.seed},
        {"parameters", run.parameters},
        {"source_vertices", source.vertex_count()},
        {"source_faces", source.face_count()},
        {"target_vertices", target.vertex_count()},
        {"target_faces", target.face_count()},
        {"output", out},
    };
    std::printf("%s\n", dump_finite_json(j).c_str());
  } else {
    std::printf("chamfer %.6g -> %.6g (%.1fx lower), hausdorff %.4g (p90 %.4g), SW_2^2 %.4g -> %.4g\n"
                "self-intersecting faces %d of %d, flipped faces %d\n"
                "%d iterations in %.2f s (%.4f s each; %s field, %s measure, %d RK4 steps, %d projections)\n"
                "stopped: %s\n"
                "wrote %s\n",
                chamfer_before, chamfer_after, chamfer_after > 0 ? chamfer_before / chamfer_after : 0.0, hausdorff.max,
                hausdorff.p90, loss_before, loss_after, intersections.faces, result.face_count(), flipped.faces,
                iterations, seconds, iterations > 0 ? seconds / iterations : 0.0, deform::field_kind_name(o.field),
                run.measure.c_str(), o.steps, o.projections, training.stop_message.c_str(),
                out.c_str());
  }
  return 0;
}

}  // namespace monge
