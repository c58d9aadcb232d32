/* main cancels a worker blocked in sleep, a cancellation point. pthread_cancel installs the
 * SIGCANCEL handler, loads the unwinder (dlopen of libgcc_s.so.1; main's malloc uses the main
 * arena, outside the trace filter) and sends SIGCANCEL with tgkill between a block and a restore
 * of all signals; the worker's handler finds it cancelled inside the cancellation point and
 * unwinds: the unwinder's once-only set-up wakes its once word, then the thread ends. */
#include <pthread.h>
#include <unistd.h>
static void *worker(void *a) {
  write(1, "worker\n", 7);
  sleep(10);
  return 0;
}
int main(void) {
  pthread_t t;
  write(1, "start\n", 6);
  pthread_create(&t, 0, worker, 0);
  sleep(1);
  pthread_cancel(t);
  pthread_join(t, 0);
  return 0;
}
