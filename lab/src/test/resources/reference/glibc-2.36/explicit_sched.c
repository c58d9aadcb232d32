/* A create with PTHREAD_EXPLICIT_SCHED, SCHED_OTHER and priority 0: the creator holds pd->lock
 * across clone3 (the stopped start), sets the child's scheduling with sched_setscheduler, restores
 * its mask, then releases the lock; the child takes and drops the lock before anything else. */
#include <pthread.h>
#include <sched.h>
#include <unistd.h>
static void *leaf(void *a) { return 0; }
int main(void) {
  pthread_t t;
  pthread_attr_t a;
  struct sched_param p = {0};
  write(1, "start\n", 6);
  pthread_attr_init(&a);
  pthread_attr_setinheritsched(&a, PTHREAD_EXPLICIT_SCHED);
  pthread_attr_setschedpolicy(&a, SCHED_OTHER);
  pthread_attr_setschedparam(&a, &p);
  pthread_create(&t, &a, leaf, 0);
  pthread_join(t, 0);
  return 0;
}
