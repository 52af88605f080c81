/*
 * Times FFTW 3 (Debian's libfftw3) on the FFT cases of bench/run.ts, for the side-by-side table
 * of bench/native.ts: complex f64 (fftw_plan_dft_1d) and real f64 (fftw_plan_dft_r2c_1d), out of
 * place, FFTW_MEASURE plans, one thread, median of repeats after warm-up — the rules PERF.md
 * gives the JavaScript bench — in CPU time per call (CLOCK_PROCESS_CPUTIME_ID, ns resolution),
 * a call shorter than MIN_SAMPLE_MS timed in batches, as bench/harness.ts times ours
 * (docs/bench.md). Prints one JSON object per line: {"op", "n", "fftw_ms", "fftw_clock": "cpu"}.
 *   gcc -O2 -o fftw-bench bench/fftw.c -lfftw3 -lm && ./fftw-bench 1024 65536 …
 * Options (bench/fftw-lanes.ts): --no-simd plans with FFTW_NO_SIMD as well (FFTW's scalar
 * codelets only; the rows then carry "fftw_flags": "no-simd"); --print-plan writes each plan
 * (fftw_print_plan: the solvers and codelets FFTW_MEASURE chose) to stderr.
 */
#include <fftw3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The least CPU time of one sample: a shorter call is timed in a batch of calls. */
#define MIN_SAMPLE_MS 1.0

/* This process's CPU time in ms (FFTW runs on this one thread). */
static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static int compare(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

/* Median CPU ms per call of fftw_execute(plan): samples of `batch` calls, reps chosen so a case
   takes about budget_ms of CPU. */
static double median_ms(fftw_plan plan, double budget_ms) {
  fftw_execute(plan);
  fftw_execute(plan);
  double t = now_ms();
  int count = 0;
  while (count < 3 || now_ms() - t < 20) {
    fftw_execute(plan);
    count++;
  }
  double once = (now_ms() - t) / count;
  int batch = once >= MIN_SAMPLE_MS ? 1 : (int)(MIN_SAMPLE_MS / once) + 1;
  int reps = (int)(budget_ms / (once * batch > 1e-3 ? once * batch : 1e-3));
  if (reps < 3) reps = 3;
  if (reps > 60) reps = 60;
  double *samples = malloc(sizeof(double) * reps);
  for (int r = 0; r < reps; r++) {
    t = now_ms();
    for (int b = 0; b < batch; b++) fftw_execute(plan);
    samples[r] = (now_ms() - t) / batch;
  }
  qsort(samples, reps, sizeof(double), compare);
  double median = samples[reps / 2];
  free(samples);
  return median;
}

/* Which plan FFTW_MEASURE chose, on stderr, when --print-plan asked. */
static void show_plan(fftw_plan plan, const char *op, int n, int print) {
  if (!print) return;
  fprintf(stderr, "%s %d: ", op, n);
  fftw_fprint_plan(plan, stderr);
  fprintf(stderr, "\n");
}

int main(int argc, char **argv) {
  unsigned flags = FFTW_MEASURE;
  int print = 0;
  for (int a = 1; a < argc; a++) {
    if (strcmp(argv[a], "--no-simd") == 0) flags |= FFTW_NO_SIMD;
    if (strcmp(argv[a], "--print-plan") == 0) print = 1;
  }
  const char *tag = flags & FFTW_NO_SIMD ? ",\"fftw_flags\":\"no-simd\"" : "";
  for (int a = 1; a < argc; a++) {
    int n = atoi(argv[a]);
    if (n < 1) continue;
    fftw_complex *in = fftw_malloc(sizeof(fftw_complex) * n), *out = fftw_malloc(sizeof(fftw_complex) * n);
    fftw_plan plan = fftw_plan_dft_1d(n, in, out, FFTW_FORWARD, flags);
    show_plan(plan, "fft complex f64", n, print);
    srand(12345);
    for (int i = 0; i < n; i++) {
      in[i][0] = rand() / (double)RAND_MAX - 0.5;
      in[i][1] = rand() / (double)RAND_MAX - 0.5;
    }
    printf("{\"op\":\"fft complex f64\",\"n\":%d,\"fftw_ms\":%.6f,\"fftw_clock\":\"cpu\"%s}\n", n, median_ms(plan, 1500), tag);
    fflush(stdout);
    fftw_destroy_plan(plan);
    double *real = fftw_malloc(sizeof(double) * n);
    plan = fftw_plan_dft_r2c_1d(n, real, out, flags);
    show_plan(plan, "fft real f64", n, print);
    for (int i = 0; i < n; i++) real[i] = rand() / (double)RAND_MAX - 0.5;
    printf("{\"op\":\"fft real f64\",\"n\":%d,\"fftw_ms\":%.6f,\"fftw_clock\":\"cpu\"%s}\n", n, median_ms(plan, 1500), tag);
    fflush(stdout);
    fftw_destroy_plan(plan);
    fftw_free(real);
    fftw_free(in);
    fftw_free(out);
  }
  return 0;
}
