/* The default thread stack size glibc derives from RLIMIT_STACK (run under `ulimit -s N`): prints
   it, then creates and joins one thread with the default attributes (its stack mmap shows the
   size in the trace). */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <sys/resource.h>

static void *body(void *arg) { return arg; }

int main(void) {
  struct rlimit rl;
  getrlimit(RLIMIT_STACK, &rl);
  pthread_attr_t a;
  size_t size;
  pthread_getattr_default_np(&a);
  pthread_attr_getstacksize(&a, &size);
  pthread_t t;
  pthread_create(&t, NULL, body, NULL);
  pthread_join(t, NULL);
  printf("rlimit %lu default %zu\n", (unsigned long)rl.rlim_cur, size);
  return 0;
}
