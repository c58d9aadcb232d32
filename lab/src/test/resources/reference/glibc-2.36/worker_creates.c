/* Two workers in turn each create and join a thread. The first worker's first malloc (the DTV
 * of the fresh stack it maps) makes a malloc arena; the second takes it from the free list. */
#include <pthread.h>
#include <unistd.h>
static void *leaf(void *a) { return 0; }
static void *worker(void *a) {
  pthread_t t;
  write(1, "worker\n", 7);
  pthread_create(&t, 0, leaf, 0);
  pthread_join(t, 0);
  return 0;
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
