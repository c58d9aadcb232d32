/* N sequential pthread_create + pthread_join of a thread that returns at once, default
 * attributes (every create after the first reuses the cached stack). Prints ns per pair. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static void *routine(void *arg) { return arg; }

int main(int argc, char **argv) {
  long n = argc > 1 ? atol(argv[1]) : 40000;
  struct timespec a, b;
  clock_gettime(CLOCK_MONOTONIC, &a);
  for (long i = 0; i < n; i++) {
    pthread_t t;
    if (pthread_create(&t, NULL, routine, NULL) != 0) return 1;
    if (pthread_join(t, NULL) != 0) return 1;
  }
  clock_gettime(CLOCK_MONOTONIC, &b);
  double ns = (b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec);
  printf("%.1f\n", ns / n);
  return 0;
}
