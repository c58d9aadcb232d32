#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <stdint.h>
int main(void) {
  static uint32_t w = 1;
  struct timespec { long s, ns; } t = {0, 1};
  syscall(SYS_futex, &w, FUTEX_WAIT_BITSET | FUTEX_CLOCK_REALTIME, 0, &t, NULL, -1);
  syscall(SYS_futex, &w, FUTEX_WAIT_BITSET | FUTEX_CLOCK_REALTIME | FUTEX_PRIVATE_FLAG, 0, &t, NULL, -1);
  syscall(SYS_futex, &w, FUTEX_WAIT | FUTEX_CLOCK_REALTIME, 0, &t, NULL, 0);
  syscall(SYS_futex, &w, FUTEX_WAKE | FUTEX_CLOCK_REALTIME, 1, NULL, NULL, 0);
  syscall(SYS_futex, &w, FUTEX_WAKE_BITSET | FUTEX_CLOCK_REALTIME, 1, NULL, NULL, -1);
  syscall(SYS_futex, &w, FUTEX_WAKE | 0x200, 1, NULL, NULL, 0);
  return 0;
}
