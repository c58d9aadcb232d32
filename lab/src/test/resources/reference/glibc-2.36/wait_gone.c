/* A detached thread is waited for without a join: the creator spins on the thread's tid word
 * (struct pthread's tid, 0x2d0 in glibc 2.36 on x86-64), which the kernel clears at the thread's
 * exit (CLONE_CHILD_CLEARTID). By then the thread has queued its stack in the cache, so the next
 * create takes that stack: no second mmap. */
#include <pthread.h>
#include <unistd.h>
static void *leaf(void *a) { return 0; }
static void wait_gone(pthread_t t) {
  while (*(volatile int *)((char *)t + 0x2d0) != 0)
    ;
}
int main(void) {
  pthread_t t, u;
  pthread_attr_t a;
  write(1, "start\n", 6);
  pthread_attr_init(&a);
  pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
  pthread_create(&t, &a, leaf, 0);
  wait_gone(t);
  pthread_create(&u, &a, leaf, 0);
  wait_gone(u);
  return 0;
}
