// One call of each system call the model records, for `strace -f -n`: strace then prints every
// call's x86_64 number beside its name. Built and captured with
//   gcc -O2 -pthread -o numbers numbers.c && strace -f -n -o numbers.trace ./numbers
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static void *worker(void *arg) { return arg; }

int main(void) {
  char buf[256];
  pthread_t t;
  pthread_create(&t, NULL, worker, NULL);  // mmap, mprotect, rt_sigprocmask, clone3, ...
  pthread_join(t, NULL);                   // futex
  write(1, "numbers\n", 8);
  syscall(SYS_gettid);
  getpid();
  getppid();
  getuid();
  umask(022);
  struct rlimit rl;
  syscall(SYS_getrlimit, RLIMIT_STACK, &rl);
  syscall(SYS_setrlimit, RLIMIT_STACK, &rl);
  syscall(SYS_setresuid, -1, -1, -1);
  int fd = openat(AT_FDCWD, ".", O_RDONLY | O_DIRECTORY);
  int fd2 = dup(fd);
  dup3(fd2, 10, O_CLOEXEC);
  fcntl(fd, F_GETFD);
  close(fd);
  int p[2];
  pipe2(p, O_CLOEXEC);
  chdir("/");
  syscall(SYS_getcwd, buf, sizeof buf);
  sched_yield();
  stack_t ss = {0};
  sigaltstack(NULL, &ss);
  kill(getpid(), 0);
  syscall(SYS_tgkill, getpid(), syscall(SYS_gettid), 0);
  void *m = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  madvise(m, 4096, MADV_DONTNEED);
  munmap(m, 4096);
  struct stat st;
  fstatat(AT_FDCWD, ".", &st, 0);
  pid_t c = (pid_t)syscall(SYS_clone, SIGCHLD, 0, 0, 0, 0);  // clone; the child calls exit
  if (c == 0) {
    syscall(SYS_exit, 0);
  }
  wait4(c, NULL, 0, NULL);
  syscall(SYS_exit_group, 0);
}
