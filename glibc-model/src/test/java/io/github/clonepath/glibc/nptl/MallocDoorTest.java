package io.github.clonepath.glibc.nptl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.clonepath.glibc.pthread.StartRoutine;
import io.github.clonepath.kernel.syscall.UserContext;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The door's malloc and free as glibc 2.36's {@code __libc_malloc} and {@code __libc_free} begin:
 * {@code MAYBE_INIT_TCACHE}, whose {@code tcache_init} is a thread's first use of an arena. The
 * real calls (d_cgo.strace, a_hello_cgo.strace, worker_creates.trace): a thread other than main
 * makes a 128 MiB {@code PROT_NONE|MAP_NORESERVE} reservation, trims it to its 64 MiB-aligned heap
 * and opens 132 KiB (135168 bytes) read-write, once; the main thread makes no call.
 */
class MallocDoorTest {
  private static final String[] MEMORY = {"mmap", "munmap", "mprotect"};

  /** What a worker does on its own thread. */
  private interface Body {
    void run(Nptl libc, UserContext ctx, long self);
  }

  /** A worker that runs {@code body} on its own thread, then returns. */
  private static Driver withWorker(String name, Body body) {
    Driver d = new Driver();
    StartRoutine routine =
        (c, me, arg, done) -> {
          body.run(d.libc, c, me);
          done.ret(c, 0);
        };
    d.step(
        (c, next) -> {
          d.threads.put(
              name, d.libc.pthreadCreate(c, d.libc.mainThread(), null, routine, 0).thread());
          next.run();
        });
    return d;
  }

  private static List<Door.Call> workerMemoryCalls(Driver d) {
    return d.after(MEMORY).stream().filter(c -> c.tid() != d.pid).toList();
  }

  /** new_heap's calls, whatever the model kernel's placement: reservation, trims, mprotect. */
  private static void assertOneNewHeap(List<Door.Call> calls) {
    assertTrue(calls.size() >= 3, "the reservation, a trim and the mprotect: " + calls);
    Door.Call reserve = calls.get(0);
    assertEquals("mmap", reserve.name(), calls.toString());
    assertEquals(0, reserve.arg(0));
    assertEquals(128L << 20, reserve.arg(1));
    assertEquals(Layout.PROT_NONE, reserve.arg(2));
    assertEquals(
        Layout.MAP_PRIVATE | Layout.MAP_ANONYMOUS | Layout.MAP_NORESERVE, (int) reserve.arg(3));
    long start = reserve.result();
    long heap = (start + (64L << 20) - 1) & -(64L << 20);
    Door.Call protect = calls.get(calls.size() - 1);
    assertEquals("mprotect", protect.name());
    assertEquals(heap, protect.arg(0));
    assertEquals(135168, protect.arg(1));
    assertEquals(Layout.PROT_READ | Layout.PROT_WRITE, protect.arg(2));
    List<Door.Call> trims = calls.subList(1, calls.size() - 1);
    long trimmed = trims.stream().mapToLong(t -> t.arg(1)).sum();
    assertEquals(64L << 20, trimmed, "the trims give back all but the heap: " + trims);
    assertTrue(trims.stream().allMatch(t -> t.name().equals("munmap")), trims.toString());
  }

  @Test
  void theMainThreadsMallocAndFreeTakeTheMainArenaWithoutACall() {
    Driver d = new Driver();
    d.step(
            (c, next) -> {
              d.libc.malloc(c, d.libc.mainThread(), 24);
              d.libc.free(c, d.libc.mainThread());
              next.run();
            })
        .run();
    assertEquals(List.of(), d.after(MEMORY));
  }

  @Test
  void aWorkersFirstMallocMakesItsArenaAndItsLaterCallsNone() {
    Driver d =
        withWorker(
            "w",
            (libc, c, self) -> {
              libc.malloc(c, self, 24);
              libc.malloc(c, self, 24);
              libc.free(c, self);
            });
    d.yield().join("w").run();
    assertOneNewHeap(workerMemoryCalls(d));
  }

  @Test
  void aFreeOnAThreadThatNeverMallocedMakesItsArenaAsCgosThreadentryDoes() {
    Driver d = withWorker("w", (libc, c, self) -> libc.free(c, self));
    d.yield().join("w").run();
    assertOneNewHeap(workerMemoryCalls(d));
  }
}
