package io.github.clonepath.glibc.nptl;

import static org.mockito.Mockito.spy;

import io.github.clonepath.glibc.pthread.LibcConfig;
import io.github.clonepath.glibc.pthread.PthreadAttr;
import io.github.clonepath.glibc.pthread.StartRoutine;
import io.github.clonepath.kernel.syscall.UserContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Runs a main-thread program of steps on a {@link FakeKernel} behind a Mockito spy. Worker threads
 * spin in user space until the main thread releases them, as the reference program's threads do, so
 * a join finds them alive; detached workers return at once.
 */
final class Driver {
  interface Step {
    void run(UserContext ctx, Runnable next);
  }

  /** The fake kernel, itself a Mockito spy so that tests can stub any call of any task. */
  final FakeKernel kernel = spy(FakeKernel.class);

  final UserContext ctx = kernel;
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
    kernel.setFacade(ctx);
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
          long[] t = new long[1];
          int rc = libc.pthreadCreate(c, libc.mainThread(), t, attr, worker(name), 0);
          createRc.put(name, rc);
          if (rc == 0) {
            threads.put(name, t[0]);
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
    kernel.runMain(
        (c, r) -> {
          libc = Nptl.start(c, config);
          startupCalls = kernel.calls.size();
          runFrom(c, 0);
        });
    return this;
  }

  private void runFrom(UserContext c, int i) {
    if (i == steps.size()) {
      // The program is done: threads nobody joined are let go, so the run ends.
      released.addAll(threads.keySet());
      return;
    }
    steps.get(i).run(c, () -> runFrom(kernel.facade(), i + 1));
  }

  /** The calls after start-up, optionally of some names only. */
  List<FakeKernel.Call> after(String... names) {
    List<FakeKernel.Call> out = new ArrayList<>();
    Set<String> want = Set.of(names);
    for (FakeKernel.Call c : kernel.calls.subList(startupCalls, kernel.calls.size())) {
      if (want.isEmpty() || want.contains(c.name())) {
        out.add(c);
      }
    }
    return out;
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
