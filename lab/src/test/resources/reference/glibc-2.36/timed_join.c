/* pthread_tryjoin_np on a running thread answers EBUSY without a system call;
 * pthread_timedjoin_np waits on the tid word with an absolute CLOCK_REALTIME timeout and
 * answers ETIMEDOUT; then the thread is released and pthread_join waits for it. */
#define _GNU_SOURCE
#include <pthread.h>
#include <time.h>
#include <unistd.h>
static volatile int go;
static void *worker(void *a) {
  while (!go) {
  }
  return 0;
}
int main(void) {
  pthread_t t;
  struct timespec ts;
  write(1, "start\n", 6);
  pthread_create(&t, 0, worker, 0);
  if (pthread_tryjoin_np(t, 0) == 16) write(1, "busy\n", 5);
  clock_gettime(CLOCK_REALTIME, &ts);
  ts.tv_nsec += 10000000;
  if (ts.tv_nsec >= 1000000000) { ts.tv_sec++; ts.tv_nsec -= 1000000000; }
  if (pthread_timedjoin_np(t, 0, &ts) == 110) write(1, "timedout\n", 9);
  go = 1;
  pthread_join(t, 0);
  return 0;
}
