// slae-generate: writes the benchmark and experiment matrices as Matrix Market files.
//   slae-generate poisson1d --grid 1000 --output poisson1d.mtx
//   slae-generate poisson2d --grid 1000 --diagonal 4.5 --output poisson_1e6.mtx
//   slae-generate poisson3d --grid 100 --output poisson3d.mtx
//   slae-generate anisotropic2d --grid 300 --epsilon 0.01 --output anisotropic.mtx
//   slae-generate convection-diffusion --grid 30 --peclet 100 --output cd.mtx
//   slae-generate random-dominant --rows 1000000 --off-diagonals 9 --seed 1 --output random.mtx
// Each also takes --rhs b.mtx: b = A*1 as a Matrix Market array, whose exact solution is all
// ones (coordinator --matrix A.mtx --rhs b.mtx).
// Exit codes: 0 written, 1 a file could not be written, 2 bad command line.
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <functional>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "matrices/generators/anisotropic2d.hpp"
#include "matrices/generators/convection_diffusion2d.hpp"
#include "matrices/generators/poisson1d.hpp"
#include "matrices/generators/poisson2d.hpp"
#include "matrices/generators/poisson3d.hpp"
#include "matrices/generators/random_dominant.hpp"
#include "matrices/generators/rhs_of_ones.hpp"
#include "solver/matrix_market_writer.hpp"

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

/// Writes path ('-': standard output) with `write`; throws std::runtime_error naming the path.
void write_file(const std::string& path, const std::function<void(std::FILE*)>& write) {
  std::FILE* f = path == "-" ? stdout : std::fopen(path.c_str(), "w");
  if (!f) throw std::runtime_error(path + ": cannot open for writing");
  try {
    write(f);
  } catch (...) {
    if (f != stdout) std::fclose(f);
    throw;
  }
  if (f != stdout ? std::fclose(f) != 0 : std::fflush(f) != 0) {
    throw std::runtime_error(path + ": write failed");
  }
}

/// A finite number in [low, high], or (low, high] when low itself is refused. CLI::Range alone
/// would let "nan" through (every comparison with NaN is false).
CLI::Validator finite_number(double low = -kInf, double high = kInf, bool low_allowed = true) {
  std::ostringstream bounds;
  bounds << (low_allowed ? "[" : "(") << low << ", " << high << "]";
  return CLI::Validator(
      [low, high, low_allowed, bounds = bounds.str()](std::string& text) -> std::string {
        char* end = nullptr;
        const double v = std::strtod(text.c_str(), &end);
        if (end == text.c_str() || *end != '\0' || !std::isfinite(v)) {
          return text + " is not a finite number";
        }
        if (v < low || (v == low && !low_allowed) || v > high) return text + " is not in " + bounds;
        return {};
      },
      "");  // the range goes in the help's text, not beside the flag
}

// "slae-generate poisson2d [--grid N=1000] [--diagonal D=4] --output FILE [--rhs FILE]": a
// subcommand's usage from its options, for the top-level help, which CLI11 gives only their
// names.
std::string usage_line(const CLI::App& command) {
  std::string line = "  slae-generate " + command.get_name();
  for (const CLI::Option* option : command.get_options()) {
    if (option->get_name() == "--help") continue;
    std::string flag = option->get_name() + " " + option->get_type_name();
    if (!option->get_default_str().empty()) flag += "=" + option->get_default_str();
    line += option->get_required() ? " " + flag : " [" + flag + "]";
  }
  return line;
}

constexpr const char* kFooterEnd = R"(
Each writes A (--output; '-': standard output) and, with --rhs, b = A*1 as a Matrix Market array,
whose exact solution is all ones: coordinator --matrix A.mtx --rhs b.mtx. SUBCOMMAND --help says
what each flag means.

Examples:
  slae-generate poisson2d --grid 1000 --diagonal 4.5 --output poisson_1e6.mtx
  slae-generate random-dominant --rows 1000000 --off-diagonals 9 --seed 1 --output random.mtx

Exit codes: 0 written; 1 a file could not be written; 2 bad command line.)";

/// The files every subcommand writes: the matrix, and b = A*1 when asked.
struct Files {
  std::string matrix;
  std::string rhs;
};

void add_file_options(CLI::App* command, Files& files) {
  command->add_option("--output", files.matrix, "file to write ('-': stdout)")
      ->type_name("FILE")
      ->required();
  command
      ->add_option("--rhs", files.rhs,
                   "also write b = A*1 (exact solution: all ones), a Matrix Market array")
      ->type_name("FILE");
}

void add_grid_option(CLI::App* command, int& grid, int max_grid) {
  command->add_option("--grid", grid, "points per side, 1 to " + std::to_string(max_grid))
      ->type_name("N")
      ->check(CLI::Range(1, max_grid).description(""))
      ->capture_default_str();
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"slae-generate: writes benchmark matrices in Matrix Market format"};
  app.require_subcommand(1);
  Files files;

  int poisson1d_grid = 1000000;
  double poisson1d_diagonal = 2.0;
  auto* poisson1d =
      app.add_subcommand("poisson1d", "3-point Laplacian on grid points (rows = grid)");
  add_grid_option(poisson1d, poisson1d_grid, std::numeric_limits<int>::max());
  poisson1d->add_option("--diagonal", poisson1d_diagonal, "diagonal value (2: Poisson)")
      ->type_name("D")
      ->check(finite_number())
      ->capture_default_str();
  add_file_options(poisson1d, files);

  int poisson2d_grid = 1000;
  double poisson2d_diagonal = 4.0;
  auto* poisson2d =
      app.add_subcommand("poisson2d", "5-point Laplacian on a grid x grid square (rows = grid^2)");
  add_grid_option(poisson2d, poisson2d_grid, 46340);  // grid^2 rows keep int32 column indices
  poisson2d
      ->add_option("--diagonal", poisson2d_diagonal,
                   "diagonal value (4: Poisson; 4.5: rho(J) ~ 0.889)")
      ->type_name("D")
      ->check(finite_number())
      ->capture_default_str();
  add_file_options(poisson2d, files);

  int poisson3d_grid = 100;
  double poisson3d_diagonal = 6.0;
  auto* poisson3d = app.add_subcommand(
      "poisson3d", "7-point Laplacian on a grid x grid x grid cube (rows = grid^3)");
  add_grid_option(poisson3d, poisson3d_grid, slae::generators::kPoisson3dMaxGrid);
  poisson3d->add_option("--diagonal", poisson3d_diagonal, "diagonal value (6: Poisson)")
      ->type_name("D")
      ->check(finite_number())
      ->capture_default_str();
  add_file_options(poisson3d, files);

  static_assert(slae::generators::kAnisotropic2dMaxEpsilon == 1e12, "--epsilon's help says 1e12");
  int anisotropic_grid = 1000;
  double epsilon = 0.01;
  auto* anisotropic = app.add_subcommand(
      "anisotropic2d", "-eps u_yy - u_xx, 5-point, on a grid x grid square (rows = grid^2)");
  add_grid_option(anisotropic, anisotropic_grid, 46340);
  anisotropic
      ->add_option("--epsilon", epsilon,
                   "the y coupling's factor, in (0, 1e12] (1: the Poisson matrix)")
      ->type_name("EPS")
      ->check(finite_number(0.0, slae::generators::kAnisotropic2dMaxEpsilon, false))
      ->capture_default_str();
  add_file_options(anisotropic, files);

  int convection_grid = 1000;
  double peclet = 100.0;
  auto* convection = app.add_subcommand(
      "convection-diffusion", "upwind convection-diffusion on a grid x grid square, nonsymmetric");
  add_grid_option(convection, convection_grid, 46340);
  convection->add_option("--peclet", peclet, "Peclet number, 0 to 1e12 (0: the Poisson matrix)")
      ->type_name("PE")
      ->check(finite_number(0.0, 1e12))
      ->capture_default_str();
  add_file_options(convection, files);

  std::int64_t rows = 1000000;
  int off_diagonals = 9;
  std::uint64_t seed = 1;
  auto* random = app.add_subcommand("random-dominant",
                                    "random strictly diagonally dominant non-symmetric matrix");
  random->add_option("--rows", rows, "order of the matrix, 1 to 2147483647")
      ->type_name("N")
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{2147483647}).description(""))
      ->capture_default_str();
  random
      ->add_option("--off-diagonals", off_diagonals,
                   "random off-diagonal entries per row, fewer than --rows")
      ->type_name("K")
      ->check(CLI::NonNegativeNumber.description(""))
      ->capture_default_str();
  random->add_option("--seed", seed, "seed of the generator")
      ->type_name("S")
      ->capture_default_str();
  add_file_options(random, files);

  std::string footer = "Usage of each:\n";
  for (const CLI::App* command : app.get_subcommands({}))
    footer += usage_line(*command) + "\n";
  app.footer(footer + kFooterEnd);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "slae-generate: %s (see --help)\n", e.what());
    return 2;
  }
  if (random->parsed() && off_diagonals >= rows) {
    std::fprintf(stderr, "slae-generate: --off-diagonals must be less than --rows\n");
    return 2;
  }
  // the rhs would overwrite the matrix, or on stdout follow it
  if (!files.rhs.empty() && files.rhs == files.matrix) {
    std::fprintf(stderr, "slae-generate: --rhs and --output must name different files\n");
    return 2;
  }
  try {
    namespace gen = slae::generators;
    slae::CsrMatrix a;
    if (poisson1d->parsed()) {
      a = gen::poisson_1d(poisson1d_grid, poisson1d_diagonal);
    } else if (poisson2d->parsed()) {
      a = gen::poisson_2d(poisson2d_grid, poisson2d_diagonal);
    } else if (poisson3d->parsed()) {
      a = gen::poisson_3d(poisson3d_grid, poisson3d_diagonal);
    } else if (anisotropic->parsed()) {
      a = gen::anisotropic_2d(anisotropic_grid, epsilon);
    } else if (convection->parsed()) {
      a = gen::convection_diffusion_2d(convection_grid, peclet);
    } else {
      a = gen::random_diagonally_dominant(rows, off_diagonals, seed);
    }
    write_file(files.matrix, [&a](std::FILE* f) { slae::write_matrix_market(f, a); });
    if (!files.rhs.empty()) {
      const std::vector<double> b = gen::rhs_of_ones(a);
      write_file(files.rhs, [&b](std::FILE* f) { slae::write_matrix_market_vector(f, b); });
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "slae-generate: %s\n", e.what());
    return 1;
  }
  return 0;
}
