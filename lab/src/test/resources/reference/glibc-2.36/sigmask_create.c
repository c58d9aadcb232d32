/* The creator blocks SIGUSR1 before it creates: the child starts with the creator's mask, so
 * both the creator's restore after clone3 and the child's first mask line show [USR1]. */
#include <pthread.h>
#include <signal.h>
#include <unistd.h>
static void *leaf(void *a) { return 0; }
int main(void) {
  pthread_t t;
  sigset_t s;
  write(1, "start\n", 6);
  sigemptyset(&s);
  sigaddset(&s, SIGUSR1);
  pthread_sigmask(SIG_BLOCK, &s, 0);
  pthread_create(&t, 0, leaf, 0);
  pthread_join(t, 0);
  return 0;
}
