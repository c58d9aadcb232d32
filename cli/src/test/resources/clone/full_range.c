#define _GNU_SOURCE
#include <linux/sched.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <stdint.h>
#include <sys/wait.h>
static void try(const char *name, struct clone_args *a) {
  long r = syscall(SYS_clone3, a, sizeof *a);
  if (r == 0) _exit(0);
  if (r > 0) waitpid(r, 0, __WALL);
  printf("%s => %s\n", name, r >= 0 ? "ok" : strerrorname_np(errno));
}
int main(void) {
  struct clone_args a; int tids[4];
  memset(&a,0,sizeof a); a.exit_signal=17; a.flags=CLONE_INTO_CGROUP; a.cgroup=UINT64_MAX; try("cgroup 2^64-1", &a);
  memset(&a,0,sizeof a); a.exit_signal=17; a.set_tid=(uintptr_t)tids; a.set_tid_size=2147483648ULL; try("set_tid_size 2^31", &a);
  memset(&a,0,sizeof a); a.exit_signal=17; tids[0]=-1; a.set_tid=(uintptr_t)tids; a.set_tid_size=1; try("set_tid -1", &a);
  memset(&a,0,sizeof a); a.exit_signal=17; a.set_tid=(uintptr_t)tids; a.set_tid_size=UINT64_MAX; try("set_tid_size 2^64-1", &a);
  memset(&a,0,sizeof a); a.exit_signal=17; a.cgroup=UINT64_MAX; try("cgroup 2^64-1 no flag", &a);
  tids[0]=-2147483648; memset(&a,0,sizeof a); a.exit_signal=17; a.set_tid=(uintptr_t)tids; a.set_tid_size=1; try("set_tid INT_MIN", &a);
  return 0;
}
