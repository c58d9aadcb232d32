#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>
int main(void) {
  for (int op = 0; op <= 14; op++) {
    if (op == 0 || op == 9 || op == 11) continue; /* waits that would block */
    syscall(SYS_futex, NULL, op, 0, NULL, NULL, 0);
    syscall(SYS_futex, NULL, op | 128, 0, NULL, NULL, 0);
    syscall(SYS_futex, NULL, op | 256, 0, NULL, NULL, 0);
  }
  syscall(SYS_futex, NULL, 11|256, 0, NULL, NULL, 0);
  return 0;
}
