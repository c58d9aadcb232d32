/* clone3's struct copy. "page OFF SIZE [none]": the struct starts OFF bytes before the end of a
   page whose next page is unmapped (or PROT_NONE with "none"), and SIZE is passed. "set_tid":
   a non-NULL set_tid with set_tid_size 0. Prints the case and ok or the errno name. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/sched.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static void report(const char *what, long r) {
  if (r == 0) _exit(0);
  if (r > 0) { waitpid(r, NULL, 0); printf("%s ok\n", what); }
  else printf("%s %s\n", what, strerrorname_np(errno));
}

int main(int argc, char **argv) {
  char what[64];
  if (!strcmp(argv[1], "set_tid")) {
    static pid_t tids[1] = {1000};
    struct clone_args a;
    memset(&a, 0, sizeof a);
    a.exit_signal = SIGCHLD;
    a.set_tid = (unsigned long)tids;
    a.set_tid_size = 0;
    report("set_tid", syscall(SYS_clone3, &a, sizeof a));
    return 0;
  }
  long off = atol(argv[2]), size = atol(argv[3]);
  int none = argc > 4 && !strcmp(argv[4], "none");
  char *two = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (none) mprotect(two + 4096, 4096, PROT_NONE);
  else munmap(two + 4096, 4096);
  struct clone_args *a = (struct clone_args *)(two + 4096 - off);
  memset(a, 0, off);
  a->exit_signal = SIGCHLD;
  snprintf(what, sizeof what, "page %ld %ld%s", off, size, none ? " none" : "");
  report(what, syscall(SYS_clone3, a, size));
  return 0;
}
