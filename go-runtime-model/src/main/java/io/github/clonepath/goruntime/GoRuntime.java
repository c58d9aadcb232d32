package io.github.clonepath.goruntime;

import io.github.clonepath.goruntime.runtime.Consts;
import io.github.clonepath.goruntime.runtime.G;
import io.github.clonepath.goruntime.runtime.Inspect;
import io.github.clonepath.goruntime.runtime.M;
import io.github.clonepath.goruntime.runtime.P;
import io.github.clonepath.goruntime.runtime.Profile;
import io.github.clonepath.goruntime.runtime.Runtime;
import io.github.clonepath.goruntime.runtime.RuntimeOptions;
import io.github.clonepath.kernel.syscall.Machine;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A Go process on a machine: its runtime starts on the main thread (rt0_go) and makes its threads
 * through the kernel's syscall door.
 */
public final class GoRuntime {
  private final Runtime rt;
  private final int pid;

  private GoRuntime(Runtime rt, int pid) {
    this.rt = rt;
    this.pid = pid;
  }

  /**
   * Starts a Go program as a new process. Run the machine afterwards.
   *
   * @param machine the machine
   * @param comm the process name
   * @param opts the runtime options
   * @param main main.main's body
   * @return the process
   */
  public static GoRuntime spawn(Machine machine, String comm, GoOptions opts, GoProgram main) {
    Runtime rt = create(opts, main);
    rt.limitSteps(() -> machine.budget().maxSteps());
    int pid = machine.spawn(comm, Runtime.IMAGE, rt.entry());
    return new GoRuntime(rt, pid);
  }

  /**
   * The runtime of a Go program, for a caller that spawns it itself with {@link #entry()} and
   * {@link #image()}.
   *
   * @param opts the runtime options
   * @param main main.main's body
   * @return the process, not started yet (pid 0)
   */
  public static GoRuntime prepare(GoOptions opts, GoProgram main) {
    return new GoRuntime(create(opts, main), 0);
  }

  private static Runtime create(GoOptions opts, GoProgram main) {
    List<io.github.clonepath.goruntime.runtime.Op> body = new ArrayList<>();
    if (opts.maxThreads() != 10000) {
      body.add(new io.github.clonepath.goruntime.runtime.Op.SetMaxThreads(opts.maxThreads()));
    }
    body.addAll(main.ops());
    RuntimeOptions ro =
        new RuntimeOptions(
            Profile.of(opts.version().tag()),
            opts.gomaxprocs(),
            opts.cgo(),
            opts.libcThreads(),
            opts.seed(),
            opts.randomizeScheduler(),
            main.initLocks(),
            body,
            opts.godebug(),
            opts.heapBase());
    return new Runtime(ro);
  }

  /**
   * The main thread's entry point (rt0_go), for {@link #prepare}.
   *
   * @return the continuation to spawn
   */
  public io.github.clonepath.kernel.syscall.Continuation entry() {
    return rt.entry();
  }

  /**
   * Runs a check after every step of the process (every resumption of its code by the kernel).
   *
   * @param check run after each step; null for none
   */
  public void afterEveryStep(@Nullable Runnable check) {
    rt.afterEveryStep(check);
  }

  /**
   * The Go binary's load segments, for {@link Machine#spawn(String,
   * io.github.clonepath.kernel.syscall.Image, io.github.clonepath.kernel.syscall.Continuation)}.
   *
   * @return the image execve maps
   */
  public static io.github.clonepath.kernel.syscall.Image image() {
    return Runtime.IMAGE;
  }

  /**
   * The process id.
   *
   * @return the pid from spawn, 0 for a prepared runtime
   */
  public int pid() {
    return pid;
  }

  /**
   * The invariants of the runtime's state, checked now.
   *
   * @return empty when they hold, else the first broken ones
   */
  public String violations() {
    return rt.inspect().violations();
  }

  /**
   * What the process did so far.
   *
   * @return its exit, output and threads
   */
  public GoResult result() {
    Inspect s = rt.inspect();
    List<GoResult.Thread> threads = new ArrayList<>();
    for (M t : s.threads()) {
      threads.add(
          new GoResult.Thread(
              t.id(),
              t.procid(),
              t.creator().name(),
              t.createdByTid(),
              t.viaTemplateThread(),
              t.childStack(),
              t.tls(),
              t.exited()));
    }
    return new GoResult(
        s.exitStatus(),
        s.fatal(),
        s.stdout(),
        s.stderr(),
        List.copyOf(threads),
        s.mcount(),
        s.allgs());
  }

  /**
   * The scheduler's state now: Ms, Ps, run queues and goroutines.
   *
   * @return a snapshot that does not change with the runtime
   */
  public GoSnapshot snapshot() {
    Inspect s = rt.inspect();
    List<GoSnapshot.M> ms = new ArrayList<>();
    for (M m : s.allm()) {
      ms.add(
          new GoSnapshot.M(
              m.id(),
              m.addr(),
              m.procid(),
              m.childStack(),
              m.g0Stack().lo(),
              m.g0Stack().hi(),
              m.gsignalStack().lo(),
              m.gsignalStack().hi(),
              m.pId(),
              m.nextpId(),
              m.spinning()));
    }
    List<GoSnapshot.P> ps = new ArrayList<>();
    for (P p : s.allp()) {
      ps.add(new GoSnapshot.P(p.id(), p.status(), p.mId(), p.runqGoids(), p.runnextGoid()));
    }
    List<GoSnapshot.G> gs = new ArrayList<>();
    for (G g : s.allgList()) {
      gs.add(new GoSnapshot.G(g.goid(), g.statusName(), g.waitReason(), g.mId()));
    }
    return new GoSnapshot(ms, ps, s.globalRunqGoids(), Consts.RUNQ_SIZE, gs);
  }
}
