// slae-generate: writes the benchmark matrices as Matrix Market files.
//   slae-generate poisson2d --grid 1000 --diagonal 4.5 --output poisson_1e6.mtx
//   slae-generate convection-diffusion --grid 30 --peclet 100 --output cd.mtx
//   slae-generate random-dominant --rows 1000000 --off-diagonals 9 --seed 1 --output random.mtx
// Exit codes: 0 written, 1 the file could not be written, 2 bad command line.
#include <cstdio>
#include <exception>
#include <string>

#include <CLI/CLI.hpp>

#include "matrices/generators/convection_diffusion2d.hpp"
#include "matrices/generators/poisson2d.hpp"
#include "matrices/generators/random_dominant.hpp"
#include "solver/matrix_market_writer.hpp"

namespace {

void write(const slae::CsrMatrix& a, const std::string& path) {
  std::FILE* f = path == "-" ? stdout : std::fopen(path.c_str(), "w");
  if (!f) throw std::runtime_error(path + ": cannot open for writing");
  try {
    slae::write_matrix_market(f, a);
  } catch (...) {
    if (f != stdout) std::fclose(f);
    throw;
  }
  if (f != stdout ? std::fclose(f) != 0 : std::fflush(f) != 0) {
    throw std::runtime_error(path + ": write failed");
  }
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"slae-generate: writes benchmark matrices in Matrix Market format"};
  app.require_subcommand(1);
  std::string output;

  int grid = 1000;
  double diagonal = 4.0;
  auto* poisson =
      app.add_subcommand("poisson2d", "5-point Laplacian on a grid x grid square (rows = grid^2)");
  poisson->add_option("--grid", grid, "points per side")
      ->check(CLI::Range(1, 46340))
      ->capture_default_str();
  poisson->add_option("--diagonal", diagonal, "diagonal value (4: Poisson; 4.5: rho(J) ~ 0.889)")
      ->capture_default_str();
  poisson->add_option("--output", output, "file to write ('-': stdout)")->required();

  double peclet = 100.0;
  auto* convection = app.add_subcommand(
      "convection-diffusion", "upwind convection-diffusion on a grid x grid square, nonsymmetric");
  convection->add_option("--grid", grid, "points per side")
      ->check(CLI::Range(1, 46340))
      ->capture_default_str();
  convection->add_option("--peclet", peclet, "Peclet number (0: the Poisson matrix)")
      ->check(CLI::Range(0.0, 1e12))
      ->capture_default_str();
  convection->add_option("--output", output, "file to write ('-': stdout)")->required();

  std::int64_t rows = 1000000;
  int off_diagonals = 9;
  std::uint64_t seed = 1;
  auto* random = app.add_subcommand("random-dominant",
                                    "random strictly diagonally dominant non-symmetric matrix");
  random->add_option("--rows", rows, "order of the matrix")
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{2147483647}))
      ->capture_default_str();
  random->add_option("--off-diagonals", off_diagonals, "random off-diagonal entries per row")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  random->add_option("--seed", seed, "seed of the generator")->capture_default_str();
  random->add_option("--output", output, "file to write ('-': stdout)")->required();

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "slae-generate: %s (see --help)\n", e.what());
    return 2;
  }
  try {
    if (poisson->parsed()) {
      write(slae::generators::poisson_2d(grid, diagonal), output);
    } else if (convection->parsed()) {
      write(slae::generators::convection_diffusion_2d(grid, peclet), output);
    } else {
      if (off_diagonals >= rows) {
        std::fprintf(stderr, "slae-generate: --off-diagonals must be less than --rows\n");
        return 2;
      }
      write(slae::generators::random_diagonally_dominant(rows, off_diagonals, seed), output);
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "slae-generate: %s\n", e.what());
    return 1;
  }
  return 0;
}
