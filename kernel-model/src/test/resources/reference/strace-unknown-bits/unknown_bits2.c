/* More calls whose flag or enum arguments carry bits strace has no name for. */
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <linux/sched.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

struct ksa { void *handler; unsigned long flags; void *restorer; uint64_t mask; };

int main(void) {
  struct ksa sa = {SIG_IGN, 0x100, NULL, 0};
  syscall(SYS_rt_sigaction, SIGUSR1, &sa, NULL, 8);        /* only an unknown sa_flags bit */
  sa.flags = SA_RESTART | 0x100;
  syscall(SYS_rt_sigaction, SIGUSR1, &sa, NULL, 8);
  syscall(SYS_wait4, -1, NULL, 0x100, NULL);               /* only an unknown option bit */
  syscall(SYS_wait4, -1, NULL, WNOHANG | 0x100, NULL);
  syscall(SYS_mmap, NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | 0x200000, -1, 0);
  syscall(SYS_futex, NULL, 14, 0, NULL, NULL, 0);
  syscall(SYS_futex, NULL, 0x80 | 0x100 | 1, 1, NULL, NULL, 0);  /* WAKE_PRIVATE|CLOCK_REALTIME */
  struct clone_args a;
  memset(&a, 0, sizeof a);
  a.flags = 0x1000000000ULL;                               /* unknown flag: EINVAL */
  a.exit_signal = SIGCHLD;
  syscall(SYS_clone3, &a, sizeof a);
  a.flags = CLONE_VM | 0x1000000000ULL;
  syscall(SYS_clone3, &a, sizeof a);
  syscall(SYS_clone, 0x1000000000ULL | CLONE_VM, NULL, NULL, NULL, 0);
  syscall(SYS_exit_group, 0);
}
