/*
 * Times FFTW 3 (Debian's libfftw3) on the FFT cases of bench/run.ts, for the side-by-side table
 * of bench/native.ts: complex f64 (fftw_plan_dft_1d) and real f64 (fftw_plan_dft_r2c_1d), out of
 * place, FFTW_MEASURE plans, one thread, median of repeats after warm-up — the rules PERF.md
 * gives the JavaScript bench. Prints one JSON object per line: {"op", "n", "fftw_ms"}.
 *   gcc -O2 -o fftw-bench bench/fftw.c -lfftw3 -lm && ./fftw-bench 1024 65536 …
 */
#include <fftw3.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static int compare(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

/* Median ms of fftw_execute(plan): reps chosen so a case takes about budget_ms. */
static double median_ms(fftw_plan plan, double budget_ms) {
  fftw_execute(plan);
  fftw_execute(plan);
  double t = now_ms();
  fftw_execute(plan);
  double once = now_ms() - t;
  int reps = (int)(budget_ms / (once > 1e-3 ? once : 1e-3));
  if (reps < 3) reps = 3;
  if (reps > 60) reps = 60;
  double *samples = malloc(sizeof(double) * reps);
  for (int r = 0; r < reps; r++) {
    t = now_ms();
    fftw_execute(plan);
    samples[r] = now_ms() - t;
  }
  qsort(samples, reps, sizeof(double), compare);
  double median = samples[reps / 2];
  free(samples);
  return median;
}

int main(int argc, char **argv) {
  for (int a = 1; a < argc; a++) {
    int n = atoi(argv[a]);
    if (n < 1) continue;
    fftw_complex *in = fftw_malloc(sizeof(fftw_complex) * n), *out = fftw_malloc(sizeof(fftw_complex) * n);
    fftw_plan plan = fftw_plan_dft_1d(n, in, out, FFTW_FORWARD, FFTW_MEASURE);
    srand(12345);
    for (int i = 0; i < n; i++) {
      in[i][0] = rand() / (double)RAND_MAX - 0.5;
      in[i][1] = rand() / (double)RAND_MAX - 0.5;
    }
    printf("{\"op\":\"fft complex f64\",\"n\":%d,\"fftw_ms\":%.6f}\n", n, median_ms(plan, 1500));
    fflush(stdout);
    fftw_destroy_plan(plan);
    double *real = fftw_malloc(sizeof(double) * n);
    plan = fftw_plan_dft_r2c_1d(n, real, out, FFTW_MEASURE);
    for (int i = 0; i < n; i++) real[i] = rand() / (double)RAND_MAX - 0.5;
    printf("{\"op\":\"fft real f64\",\"n\":%d,\"fftw_ms\":%.6f}\n", n, median_ms(plan, 1500));
    fflush(stdout);
    fftw_destroy_plan(plan);
    fftw_free(real);
    fftw_free(in);
    fftw_free(out);
  }
  return 0;
}
