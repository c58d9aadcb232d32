package io.github.clonepath.glibc.nptl;

import io.github.clonepath.glibc.pthread.LibcConfig;
import io.github.clonepath.glibc.pthread.PthreadAttr;
import io.github.clonepath.glibc.pthread.PthreadCreateResult;
import io.github.clonepath.glibc.pthread.StartRoutine;
import io.github.clonepath.kernel.syscall.Machine;
import io.github.clonepath.kernel.syscall.MachineConfig;
import io.github.clonepath.kernel.syscall.UserContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Runs a main-thread program of steps as a process of a real kernel model ({@link Machine#boot}),
 * the glibc model calling it through a {@link Door} (recording, with a Mockito layer for faults).
 * Worker threads spin in user space until the main thread releases them, as the reference program's
 * threads do, so a join finds them alive; detached workers return at once.
 */
final class Driver {
  interface Step {
    void run(UserContext ctx, Runnable next);
  }

  /** The machine: the reference machine's configuration, FIFO dispatch. */
  final Machine machine = Machine.boot(MachineConfig.DEFAULT);

  final Door door = new Door();

  /** The Mockito layer of the door, shared by every task: stub faults here. */
  final UserContext kernel = door.spy;

  /** The process's pid (its main thread's tid), known once it runs. */
  int pid;

  final LibcConfig config;
  Nptl libc;
  final Map<String, Long> threads = new HashMap<>();
  final Map<String, Integer> createRc = new HashMap<>();
  final Map<String, Integer> joinRc = new HashMap<>();
  final Set<String> released = new HashSet<>();
  final Map<String, PthreadAttr> getattr = new HashMap<>();
  private final List<Step> steps = new ArrayList<>();
  private final List<Consumer<Driver>> checks = new ArrayList<>();

  /** Index into kernel.calls where the start-up ended. */
  int startupCalls;

  Driver(LibcConfig config) {
    this.config = config;
  }

  Driver() {
    this(LibcConfig.DEFAULT);
  }

  StartRoutine worker(String name) {
    return (c, self, arg, done) -> spin(c, name, done);
  }

  private void spin(UserContext c, String name, StartRoutine.ThreadReturn done) {
    if (released.contains(name)) {
      done.ret(c, 0);
      return;
    }
    c.compute(1000, (c2, r) -> spin(c2, name, done));
  }

  Driver create(String name, PthreadAttr attr) {
    steps.add(
        (c, next) -> {
          PthreadCreateResult created =
              libc.pthreadCreate(c, libc.mainThread(), attr, worker(name), 0);
          int rc = created.error();
          createRc.put(name, rc);
          if (rc == 0) {
            threads.put(name, created.thread());
          }
          next.run();
        });
    return this;
  }

  Driver create(String name) {
    return create(name, null);
  }

  Driver createDetached(String name, PthreadAttr attr) {
    released.add(name);
    return create(name, attr);
  }

  /** Lets every other runnable task run (the created threads start). */
  Driver yield() {
    steps.add((c, next) -> c.compute(1000, (c2, r) -> next.run()));
    return this;
  }

  Driver getattr(String name) {
    steps.add(
        (c, next) -> {
          PthreadAttr a = new PthreadAttr();
          libc.pthreadGetattrNp(c, threads.get(name), a);
          getattr.put(name, a);
          next.run();
        });
    return this;
  }

  Driver join(String name) {
    steps.add(
        (c, next) -> {
          released.add(name);
          Long t = threads.get(name);
          if (t == null) {
            next.run();
            return;
          }
          libc.pthreadJoin(
              c,
              libc.mainThread(),
              t,
              (c2, err, rv) -> {
                joinRc.put(name, err);
                next.run();
              });
        });
    return this;
  }

  Driver detach(String name) {
    steps.add(
        (c, next) -> {
          libc.pthreadDetach(c, libc.mainThread(), threads.get(name));
          released.add(name);
          next.run();
        });
    return this;
  }

  Driver release(String name) {
    steps.add(
        (c, next) -> {
          released.add(name);
          next.run();
        });
    return this;
  }

  Driver step(Step s) {
    steps.add(s);
    return this;
  }

  /** Runs a check between steps (invariants of a random walk). */
  Driver check(Consumer<Driver> check) {
    steps.add(
        (c, next) -> {
          check.accept(this);
          next.run();
        });
    return this;
  }

  Driver run() {
    pid =
        machine.spawn(
            "threads",
            door.entry(
                (c, r) -> {
                  libc = Nptl.start(c, config);
                  startupCalls = door.calls.size();
                  runFrom(c, 0);
                }));
    machine.run();
    return this;
  }

  private void runFrom(UserContext c, int i) {
    if (i == steps.size()) {
      // The program is done: threads nobody joined are let go, and the main thread leaves with
      // pthread_exit, so the others run to their end and the last one ends the process.
      released.addAll(threads.keySet());
      libc.pthreadExit(c, libc.mainThread(), 0);
      return;
    }
    steps.get(i).run(c, () -> runFrom(c, i + 1));
  }

  /** The calls after start-up, optionally of some names only. */
  List<Door.Call> after(String... names) {
    return door.calls(startupCalls, names);
  }

  /** Every call of the run, start-up included, optionally of some names only. */
  List<Door.Call> calls(String... names) {
    return door.calls(0, names);
  }

  static PthreadAttr stack(long size) {
    PthreadAttr a = new PthreadAttr();
    if (a.setstacksize(size) != 0) {
      throw new IllegalArgumentException("setstacksize " + size);
    }
    return a;
  }

  static PthreadAttr guard(long size) {
    PthreadAttr a = new PthreadAttr();
    a.setguardsize(size);
    return a;
  }

  static PthreadAttr detached() {
    PthreadAttr a = new PthreadAttr();
    a.setdetachstate(1);
    return a;
  }
}
