/* petsc_solve: the PETSc side of the benchmark. Loads a matrix in PETSc's binary format
 * (written by mtx_to_petsc), sets b = A*1 and x0 = 0, and solves with the KSP/PC chosen on the
 * command line (-ksp_type richardson -pc_type jacobi, or -ksp_type cg -pc_type jacobi), with the
 * unpreconditioned residual norm. Prints one line of JSON on rank 0:
 *   {"ranks":2,"load_seconds":..,"solve_seconds":..,"iterations":..,"reason":..,
 *    "relative_residual":..,"seconds_per_iteration":..}
 * -warmup N first runs a solve of N iterations (not timed) so that the timed solve starts with
 * every vector already touched, as our nodes' buffers are. */
#include <petscksp.h>

int main(int argc, char** argv) {
  char path[PETSC_MAX_PATH_LEN] = "";
  PetscBool have_path = PETSC_FALSE;
  PetscInt warmup = 0;
  PetscMPIInt ranks;
  Mat a;
  Vec x, b, ones, r;
  KSP ksp;
  PetscViewer viewer;
  PetscLogDouble t0, t1, t2;
  PetscInt iterations;
  KSPConvergedReason reason;
  PetscReal bnorm, rnorm;

  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  PetscCall(PetscOptionsGetString(NULL, NULL, "-matrix", path, sizeof path, &have_path));
  PetscCall(PetscOptionsGetInt(NULL, NULL, "-warmup", &warmup, NULL));
  if (!have_path) SETERRQ(PETSC_COMM_WORLD, PETSC_ERR_USER, "give -matrix A.petsc");
  PetscCallMPI(MPI_Comm_size(PETSC_COMM_WORLD, &ranks));

  PetscCall(PetscTime(&t0));
  PetscCall(PetscViewerBinaryOpen(PETSC_COMM_WORLD, path, FILE_MODE_READ, &viewer));
  PetscCall(MatCreate(PETSC_COMM_WORLD, &a));
  PetscCall(MatSetType(a, MATAIJ));
  PetscCall(MatLoad(a, viewer));
  PetscCall(PetscViewerDestroy(&viewer));
  PetscCall(MatCreateVecs(a, &x, &b));
  PetscCall(VecDuplicate(x, &ones));
  PetscCall(VecDuplicate(x, &r));
  PetscCall(VecSet(ones, 1.0));
  PetscCall(MatMult(a, ones, b));

  PetscCall(KSPCreate(PETSC_COMM_WORLD, &ksp));
  PetscCall(KSPSetOperators(ksp, a, a));
  PetscCall(KSPSetNormType(ksp, KSP_NORM_UNPRECONDITIONED));
  PetscCall(KSPSetFromOptions(ksp));
  PetscCall(KSPSetUp(ksp));
  PetscCall(PetscTime(&t1));

  if (warmup > 0) {
    PetscInt max_it;
    PetscReal rtol, abstol, dtol;
    PetscCall(KSPGetTolerances(ksp, &rtol, &abstol, &dtol, &max_it));
    PetscCall(KSPSetTolerances(ksp, rtol, abstol, dtol, warmup));
    PetscCall(VecSet(x, 0.0));
    PetscCall(KSPSolve(ksp, b, x));
    PetscCall(KSPSetTolerances(ksp, rtol, abstol, dtol, max_it));
  }
  PetscCall(VecSet(x, 0.0));
  PetscCall(PetscTime(&t1));
  PetscCall(KSPSolve(ksp, b, x));
  PetscCall(PetscTime(&t2));
  PetscCall(KSPGetIterationNumber(ksp, &iterations));
  PetscCall(KSPGetConvergedReason(ksp, &reason));

  /* the true residual of the x returned, independently of what the KSP tracked */
  PetscCall(MatMult(a, x, r));
  PetscCall(VecAYPX(r, -1.0, b));
  PetscCall(VecNorm(r, NORM_2, &rnorm));
  PetscCall(VecNorm(b, NORM_2, &bnorm));
  PetscCall(PetscPrintf(PETSC_COMM_WORLD,
                        "{\"ranks\":%d,\"load_seconds\":%.6f,\"solve_seconds\":%.6f,"
                        "\"iterations\":%" PetscInt_FMT
                        ",\"reason\":\"%s\",\"relative_residual\":%.6e,"
                        "\"seconds_per_iteration\":%.9f}\n",
                        ranks, (double)(t1 - t0), (double)(t2 - t1), iterations,
                        KSPConvergedReasons[reason], (double)(rnorm / bnorm),
                        iterations > 0 ? (double)(t2 - t1) / (double)iterations : 0.0));

  PetscCall(KSPDestroy(&ksp));
  PetscCall(VecDestroy(&x));
  PetscCall(VecDestroy(&b));
  PetscCall(VecDestroy(&ones));
  PetscCall(VecDestroy(&r));
  PetscCall(MatDestroy(&a));
  PetscCall(PetscFinalize());
  return 0;
}
