/* sched_setscheduler(2) through syscall(2) with good and bad arguments, one task, in order (some
 * cases change the policy the next ones start from): prints each call's result and errno. Run as
 * root; the "nobody" cases run in a forked child that has dropped every uid to 65534 (so it holds
 * no CAP_SYS_NICE; RLIMIT_RTPRIO and RLIMIT_NICE are 0), the last one aimed at its root parent.
 * Made with: gcc -O1 -Wall -o sched_errno sched_errno.c &&
 *   strace -f -e trace=sched_setscheduler -o sched_errno.trace ./sched_errno > sched_errno.out */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
static void try(const char *what, long pid, long policy, void *param) {
  errno = 0;
  long r = syscall(SYS_sched_setscheduler, pid, policy, param);
  printf("%-34s = %ld %s\n", what, r, r < 0 ? strerrorname_np(errno) : "");
  fflush(stdout);
}
int main(void) {
  struct sched_param p0 = {0}, p1 = {1}, p99 = {99}, p100 = {100}, pm = {-1};
  try("self OTHER 0", 0, SCHED_OTHER, &p0);
  try("self negative policy", 0, -1, &p0);
  try("self policy 7", 0, 7, &p0);
  try("self policy 4 (unused)", 0, 4, &p0);
  try("self NULL param", 0, SCHED_OTHER, NULL);
  try("pid -1", -1, SCHED_OTHER, &p0);
  try("bad param pointer", 0, SCHED_OTHER, (void *)8);
  try("pid 99999999 (none)", 99999999, SCHED_OTHER, &p0);
  try("bad pid and bad policy", 99999999, 7, &p0);
  try("bad pid and bad param", 99999999, SCHED_OTHER, (void *)8);
  try("OTHER priority 1", 0, SCHED_OTHER, &p1);
  try("OTHER priority -1", 0, SCHED_OTHER, &pm);
  try("FIFO priority 0", 0, SCHED_FIFO, &p0);
  try("FIFO priority 100", 0, SCHED_FIFO, &p100);
  try("RR priority -1", 0, SCHED_RR, &pm);
  try("DEADLINE priority 0", 0, SCHED_DEADLINE, &p0);
  try("BATCH 0", 0, SCHED_BATCH, &p0);
  try("IDLE 0", 0, SCHED_IDLE, &p0);
  try("OTHER|RESET_ON_FORK 0", 0, SCHED_OTHER | SCHED_RESET_ON_FORK, &p0);
  try("FIFO 99 (root)", 0, SCHED_FIFO, &p99);
  try("RR 1 (root)", 0, SCHED_RR, &p1);
  try("OTHER 0 (root, back)", 0, SCHED_OTHER, &p0);
  pid_t c = fork();
  if (c == 0) {
    if (setresuid(65534, 65534, 65534) != 0) { perror("setresuid"); return 1; }
    try("nobody self OTHER 0", 0, SCHED_OTHER, &p0);
    try("nobody FIFO 1 (rtprio 0)", 0, SCHED_FIFO, &p1);
    try("nobody FIFO 0", 0, SCHED_FIFO, &p0);
    try("nobody pid none", 99999999, SCHED_OTHER, &p0);
    try("nobody IDLE 0", 0, SCHED_IDLE, &p0);
    try("nobody back to OTHER from IDLE", 0, SCHED_OTHER, &p0);
    try("nobody OTHER 0 of the root parent", getppid(), SCHED_OTHER, &p0);
    return 0;
  }
  waitpid(c, 0, 0);
  return 0;
}
