/* Calls whose flag or enum arguments carry bits strace has no name for, to see how it prints them. */
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <linux/futex.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void) {
  char *p = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  syscall(SYS_mprotect, p, 4096, 0x10);                 /* only an unknown bit */
  syscall(SYS_mprotect, p, 4096, PROT_READ | 0x10);     /* a known and an unknown bit */
  syscall(SYS_mprotect, p, 4096, 0x20000000);           /* unknown high bit */
  syscall(SYS_mprotect, p, 4096, PROT_NONE);
  syscall(SYS_mmap, NULL, 4096, PROT_READ, 0x0, -1, 0);  /* no map type */
  syscall(SYS_mmap, NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | 0x8000000, -1, 0);
  syscall(SYS_mmap, NULL, 4096, PROT_READ, 0x4 | MAP_ANONYMOUS, -1, 0);  /* unknown map type */
  syscall(SYS_madvise, p, 4096, 7);                     /* unknown advice */
  syscall(SYS_madvise, p, 4096, 1000);
  syscall(SYS_futex, p, 13, 0, NULL, NULL, 0);          /* unknown op */
  syscall(SYS_futex, p, 13 | FUTEX_PRIVATE_FLAG, 0, NULL, NULL, 0);
  syscall(SYS_futex, p, FUTEX_WAKE | 0x400, 1, NULL, NULL, 0);  /* unknown op bit */
  syscall(SYS_kill, getpid(), 0);
  syscall(SYS_kill, 999999, 70);                        /* beyond the last signal */
  syscall(SYS_tgkill, getpid(), 999999, 65);
  uint64_t set = 1ull << 63 | 1;                        /* signal 64 and SIGHUP */
  syscall(SYS_rt_sigprocmask, 5, &set, NULL, 8);        /* unknown how */
  syscall(SYS_rt_sigprocmask, SIG_BLOCK, &set, NULL, 8);
  syscall(SYS_rt_sigprocmask, SIG_UNBLOCK, &set, NULL, 8);
  syscall(SYS_clone, 0x100000000ULL | 0x11, NULL, NULL, NULL, 0);  /* fails: EINVAL? */
  syscall(SYS_exit_group, 0);
}
