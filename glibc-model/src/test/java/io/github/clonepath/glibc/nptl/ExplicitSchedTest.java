package io.github.clonepath.glibc.nptl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.doAnswer;

import io.github.clonepath.glibc.pthread.PthreadAttr;
import io.github.clonepath.glibc.pthread.PthreadConstants;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * glibc 2.36 {@code create_thread}'s stopped start: with PTHREAD_EXPLICIT_SCHED the creator takes
 * {@code pd->lock} (the word at pd + 0x618) before the clone, applies the scheduling with {@code
 * sched_setscheduler} on the new tid, and releases the lock only after {@code __pthread_create_2_1}
 * has restored its signal mask; {@code start_thread} takes and drops the lock before anything else.
 * In the default schedule the child runs only once the creator blocks in its join, so the lock is
 * free by then and no futex call is made on it; the lab's capture tests explore the schedule where
 * the child waits.
 */
class ExplicitSchedTest {

  private static PthreadAttr explicitSched() {
    PthreadAttr a = new PthreadAttr();
    a.setinheritsched(PthreadConstants.PTHREAD_EXPLICIT_SCHED);
    return a;
  }

  /** What the creator's lock looked like at each of its calls around the clone. */
  private static List<String> watchLock(Driver d) {
    List<String> seen = new ArrayList<>();
    Tcb[] created = new Tcb[1];
    doAnswer(
            inv -> {
              long args = inv.getArgument(0);
              created[0] = d.libc.descriptors().get(d.door.spy.load64(args + 56));
              seen.add(
                  "clone3 lock="
                      + d.door.spy.load32(created[0].lockAddr())
                      + " stopped="
                      + created[0].stoppedStart);
              return d.door.real(inv);
            })
        .when(d.kernel)
        .clone3(anyLong(), anyLong(), any());
    doAnswer(
            inv -> {
              int how = inv.getArgument(0);
              if (created[0] != null && how == 2 && d.door.tid() == d.pid) {
                seen.add("restore lock=" + d.door.spy.load32(created[0].lockAddr()));
              }
              return d.door.real(inv);
            })
        .when(d.kernel)
        .rtSigprocmask(anyInt(), anyLong(), anyLong(), anyLong());
    d.step(
        (c, next) -> {
          if (created[0] != null) {
            seen.add("returned lock=" + d.door.spy.load32(created[0].lockAddr()));
          }
          next.run();
        });
    return seen;
  }

  /** The creator's calls from its clone3 on. */
  private static List<String> creatorFromClone(Driver d) {
    List<String> names =
        d.after().stream().filter(c -> c.tid() == d.pid).map(Door.Call::name).toList();
    return names.subList(names.indexOf("clone3"), names.size());
  }

  @Test
  @DisplayName(
      "explicit scheduling: pd->lock is taken before clone3, still held at the mask restore, released before pthread_create returns")
  void explicitSchedulingUsesTheStoppedStartHandshake() {
    Driver d = new Driver();
    d.create("t", explicitSched());
    List<String> seen = watchLock(d);
    d.join("t").run();
    assertEquals(0, d.createRc.get("t"));
    assertEquals(List.of("clone3 lock=1 stopped=true", "restore lock=1", "returned lock=0"), seen);
    assertEquals(
        List.of("clone3", "sched_setscheduler", "rt_sigprocmask"),
        creatorFromClone(d).subList(0, 3),
        "sched_setscheduler between the clone and the mask restore");
    long child = d.after("clone3").get(0).result();
    assertEquals(
        List.of("rseq", "set_robust_list", "rt_sigprocmask", "rt_sigprocmask", "madvise", "exit"),
        d.after().stream().filter(c -> c.tid() == child).map(Door.Call::name).toList(),
        "the child, once it has the lock, starts as any other thread");
  }

  @Test
  @DisplayName("inherited scheduling (the default): no stopped start, pd->lock is never taken")
  void inheritedSchedulingStartsAtOnce() {
    Driver d = new Driver();
    d.create("t", new PthreadAttr());
    List<String> seen = watchLock(d);
    d.join("t").run();
    assertEquals(List.of("clone3 lock=0 stopped=false", "restore lock=0", "returned lock=0"), seen);
    assertTrue(d.calls("sched_setscheduler").isEmpty(), "inherited: no sched_setscheduler");
  }

  @Test
  @DisplayName(
      "explicit scheduling, clone3 EAGAIN: thread_ran is false, so no setup_failed handshake; EAGAIN, block cached")
  void failedCloneKeepsNoThreadAndCachesTheStack() {
    Driver d = new Driver();
    org.mockito.Mockito.doReturn(io.github.clonepath.kernel.syscall.Errno.EAGAIN.result())
        .when(d.kernel)
        .clone3(anyLong(), anyLong(), any());
    d.create("t", explicitSched()).run();
    assertEquals(11, d.createRc.get("t"));
    assertEquals(8392704, d.libc.stacks().actsize(), "the block went back to the cache");
    assertFalse(d.threads.containsKey("t"));
    assertTrue(d.after("clone").isEmpty(), "EAGAIN is not ENOSYS: no legacy clone");
  }

  @Test
  @DisplayName(
      "explicit scheduling, sched_setscheduler EPERM: setup_failed, the lock released, the creator"
          + " waits for the tid word, the child exits at once, EPERM, block cached")
  void failedSchedulingEndsTheStillbornThread() {
    Driver d = new Driver();
    org.mockito.Mockito.doReturn(io.github.clonepath.kernel.syscall.Errno.EPERM.result())
        .when(d.kernel)
        .schedSetscheduler(anyInt(), anyInt(), anyLong());
    d.create("t", explicitSched()).run();
    assertEquals(1, d.createRc.get("t"));
    assertFalse(d.threads.containsKey("t"));
    assertEquals(8392704, d.libc.stacks().actsize(), "the block went back to the cache");
    long child = d.calls("clone3").get(0).result();
    assertEquals(
        List.of("exit"),
        d.calls().stream().filter(c -> c.tid() == child).map(Door.Call::name).toList(),
        "the child goes from the lock straight to its exit");
    List<String> creator = creatorFromClone(d);
    assertEquals(
        List.of("clone3", "sched_setscheduler", "rt_sigprocmask", "futex"),
        creator.subList(0, 4),
        "the restore, then the wait on the tid word");
  }
}
