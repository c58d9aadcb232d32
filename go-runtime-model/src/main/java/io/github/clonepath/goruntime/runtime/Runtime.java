package io.github.clonepath.goruntime.runtime;

import io.github.clonepath.common.SourceRef;
import io.github.clonepath.common.Tracer;
import io.github.clonepath.glibc.pthread.Libc;
import io.github.clonepath.kernel.syscall.Continuation;
import io.github.clonepath.kernel.syscall.Image;
import io.github.clonepath.kernel.syscall.Prot;
import io.github.clonepath.kernel.syscall.UserContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * One Go process: the runtime's global state (sched, allp, allm, the heap) and the parts that act
 * on it, each named after its real source file. One instance per process; nothing is static.
 */
public final class Runtime {
  /**
   * The load segments of the reference hello binary (go1.19.8, linux/amd64, CGO_ENABLED=0, {@code
   * readelf -l}): text r-x at 0x400000, rodata r-- at 0x482000, and .data+.bss (file size 0x17f40,
   * memory size 0x4bb08) rw- at 0x511000, page-rounded as execve maps them. m0, sched and
   * newmHandoff live in the last one, so the kernel's execve must map it before rt0_go runs.
   * DEVIATION: every program gets this one binary's layout (the other reference binaries place
   * their data 0x1d000-0x1f000 higher).
   */
  public static final Image IMAGE =
      new Image(
          List.of(
              new Image.Segment(0x400000L, 0x82000L, Prot.PROT_READ | Prot.PROT_EXEC),
              new Image.Segment(0x482000L, 0x8f000L, Prot.PROT_READ),
              new Image.Segment(0x511000L, 0x4c000L, Prot.PROT_READ | Prot.PROT_WRITE)));

  /** Address of m0 in the data segment (the reference binary's: tls = m0 + 0x90 = 0x529b10). */
  static final long M0_ADDR = 0x529a80L;

  /**
   * Address of the template thread's note, newmHandoff.wake: the reference hello binary's
   * newmHandoff is at 0x5582c0 and the wake note 0x38 into it (c2_locked_spawn's template thread
   * sleeps on its binary's newmHandoff + 0x38).
   */
  static final long NEWM_HANDOFF_WAKE = 0x5582c0L + 0x38L;

  /**
   * Address of the timer waiter's note. It stands for the netpoller's epoll wait (DEVIATION: a
   * futex wait with a timeout), so it uses the word of the hello binary's netpollWakeSig.
   */
  static final long TIMER_NOTE = 0x557fdcL;

  /** The machine's tracer, taken from the main thread's context when rt0_go starts. */
  Tracer tracer;

  final RuntimeOptions opts;
  final Profile profile;

  /** Records a call under the reference of the release this process follows. */
  final UnaryOperator<SourceRef> cite;

  final Sched sched = new Sched();
  final Mheap mheap;
  final Stacks stacks;
  final OsLinux os;
  final LockFutex lockFutex;
  final Proc proc;
  final ProcG procg;
  final Start start;
  final Schedule schedule;
  final Program program;
  final Chan chan;
  final Preempt preempt;
  final SignalUnix signals;
  final Cgocall cgocall;
  final Sysmon sysmon;
  final LockOSThread locks;
  final Time time;
  final Netpoll netpoll;
  final Cgo cgo;
  final OsDarwin osDarwin;

  /** The GODEBUG variables (runtime1.go's debug), set by schedinit's parsedebugvars. */
  final Debug debug;

  /** The runtime's print, one write(2) per argument. */
  final Print print;

  /** The process's C library (cgo or libc-thread binaries), started before rt0_go; else null. */
  Libc libc;

  final SplittableRandom rand;

  /** m0, the main thread's M. */
  M m0;

  /** The main goroutine. */
  G g1;

  final StringBuilder stdout = new StringBuilder();
  final StringBuilder stderr = new StringBuilder();

  /** The program's shared slice of strings ({@link Op.Collect}), in append order. */
  final List<String> collected = new ArrayList<>();

  int exitStatus = -1;
  String fatal;

  /** Ms by their thread id. */
  final Map<Long, M> byTid = new HashMap<>();

  /** Every M in creation order (the census). */
  final List<M> created = new ArrayList<>();

  /** Run after every resumption of the runtime's code (invariant checks), or null. */
  @Nullable Runnable afterStep;

  /**
   * Runs a check after every resumption of this process's code, as a debug build would.
   *
   * @param check the check, or null for none
   */
  public void afterEveryStep(@Nullable Runnable check) {
    afterStep = check;
  }

  /** The step budget of the machine the process runs on, read again once the count passes it. */
  private java.util.function.LongSupplier maxSteps = () -> Long.MAX_VALUE;

  private long stepLimit = Long.MAX_VALUE;
  private long interpreted;

  /**
   * Counts the program's interpreted steps against a step budget: steps that neither block nor make
   * a system call (a go statement, an append) make no dispatch, so the machine's own count would
   * never stop a loop of them.
   *
   * @param max the budget's step limit, read when the count reaches the last one read
   */
  public void limitSteps(java.util.function.LongSupplier max) {
    this.maxSteps = max;
    this.stepLimit = max.getAsLong();
  }

  /**
   * Whether modeled calls are being recorded. A note's arguments (an array, boxed numbers) are
   * built before the call even when the frame discards them, so the hot paths build them only then.
   *
   * @return the tracer's {@code callsEnabled()}
   */
  boolean noting() {
    return tracer.callsEnabled();
  }

  /** One interpreted step of {@code gp}; past the budget the run stops with BudgetExceeded. */
  void countStep(G gp) {
    if (++interpreted > stepLimit && interpreted > (stepLimit = maxSteps.getAsLong())) {
      throw new io.github.clonepath.kernel.syscall.BudgetExceeded(
          io.github.clonepath.kernel.syscall.BudgetExceeded.Kind.STEPS, stepLimit, gp.toString());
    }
  }

  /**
   * A runtime for one process.
   *
   * @param opts the program and its options
   */
  public Runtime(RuntimeOptions opts) {
    this.opts = opts;
    this.profile = opts.profile();
    this.cite = ref -> Citations.in(profile.tag(), ref);
    this.rand = new SplittableRandom(opts.seed());
    this.mheap = new Mheap(this);
    this.stacks = new Stacks(this);
    this.os = new OsLinux(this);
    this.lockFutex = new LockFutex(this);
    this.proc = new Proc(this);
    this.procg = new ProcG(this);
    this.start = new Start(this);
    this.schedule = new Schedule(this);
    this.program = new Program(this);
    this.chan = new Chan(this);
    this.preempt = new Preempt(this);
    this.signals = new SignalUnix(this);
    this.cgocall = new Cgocall(this);
    this.sysmon = new Sysmon(this);
    this.locks = new LockOSThread(this);
    this.time = new Time(this);
    this.netpoll = new Netpoll(this);
    this.cgo = new Cgo(this);
    this.osDarwin = new OsDarwin(this);
    this.debug = new Debug(this);
    this.print = new Print(this);
  }

  /**
   * The main thread's entry point, to hand to the machine's spawn.
   *
   * @return rt0_go as a continuation
   */
  public Continuation entry() {
    return k(
        (ctx, r) -> {
          tracer = ctx.tracer();
          start.rt0Go(ctx);
        });
  }

  /** A body run when a task resumes. */
  @FunctionalInterface
  interface Body {
    void run(UserContext ctx, long result);
  }

  /**
   * Wraps a resumption so that a Go throw ends the process as fatalthrow does: {@code fatal error:
   * msg} on fd 2, then exit status 2.
   */
  Continuation k(Body body) {
    return (ctx, result) -> {
      try {
        body.run(ctx, result);
      } catch (GoThrow t) {
        fatal(ctx, t.getMessage());
      } catch (Ended e) {
        // the process is gone; nothing of this call runs on
      }
      if (afterStep != null) {
        afterStep.run();
      }
    };
  }

  /** Prints the fatal error and exits with status 2. */
  void fatal(UserContext ctx, String msg) {
    String text = "fatal error: " + msg + "\n";
    stderr.append(text);
    ctx.write(2, text);
    fatal = msg;
    exitStatus = 2;
    ctx.exitGroup(2);
  }

  /** Ends the process (runtime.main's exit(0) after main.main returns). */
  void exit(UserContext ctx, int code) {
    exitStatus = code;
    ctx.exitGroup(code);
  }

  /** Writes to stderr as the runtime's print does. */
  void printErr(UserContext ctx, String text) {
    stderr.append(text);
    ctx.write(2, text);
  }

  /** Threads alive now: Ms whose thread has not exited. */
  int liveThreads() {
    int n = 0;
    for (M mp : created) {
      if (!mp.exited) {
        n++;
      }
    }
    return n;
  }

  /** Read-only views for tests and invariant checks. */
  public Inspect inspect() {
    return new Inspect(this);
  }
}
