/* Two workers in turn each end with pthread_exit. The first pthread_exit of the process loads the
 * unwinder (dlopen of libgcc_s.so.1: the loader's cache, a malloc that makes the worker's arena,
 * the object's segments and RELRO), and the unwinder's once-only set-up wakes its once word; the
 * second worker's pthread_exit finds all of it done. */
#include <pthread.h>
#include <unistd.h>
static void *worker(void *a) {
  write(1, "worker\n", 7);
  pthread_exit(0);
}
int main(void) {
  pthread_t t;
  write(1, "start\n", 6);
  pthread_create(&t, 0, worker, 0);
  pthread_join(t, 0);
  pthread_create(&t, 0, worker, 0);
  pthread_join(t, 0);
  return 0;
}
