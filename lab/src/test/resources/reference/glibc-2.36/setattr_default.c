/* pthread_setattr_default_np with a 64 KiB stack and a 16 KiB guard: a create with no
 * attribute maps a block of that size and protects that guard. */
#define _GNU_SOURCE
#include <pthread.h>
#include <unistd.h>
static void *leaf(void *a) { return 0; }
int main(void) {
  pthread_t t;
  pthread_attr_t a;
  write(1, "start\n", 6);
  pthread_attr_init(&a);
  pthread_attr_setstacksize(&a, 65536);
  pthread_attr_setguardsize(&a, 16384);
  pthread_setattr_default_np(&a);
  pthread_create(&t, 0, leaf, 0);
  pthread_join(t, 0);
  return 0;
}
