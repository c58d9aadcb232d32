package io.github.clonepath.lab.scenario;

import io.github.clonepath.glibc.pthread.GlibcVersion;
import io.github.clonepath.glibc.pthread.Libc;
import io.github.clonepath.glibc.pthread.LibcConfig;
import io.github.clonepath.glibc.pthread.PthreadAttr;
import io.github.clonepath.glibc.pthread.PthreadConstants;
import io.github.clonepath.glibc.pthread.PthreadCreateResult;
import io.github.clonepath.glibc.pthread.StackCacheInfo;
import io.github.clonepath.glibc.pthread.StartRoutine;
import io.github.clonepath.kernel.syscall.BudgetExceeded;
import io.github.clonepath.kernel.syscall.Errno;
import io.github.clonepath.kernel.syscall.Machine;
import io.github.clonepath.kernel.syscall.MachineConfig;
import io.github.clonepath.kernel.syscall.Signals;
import io.github.clonepath.kernel.syscall.UserContext;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Runs a scenario's thread programs on the glibc model: the interpreter of the glibc verbs (see the
 * root README, section "Scenarios", for the list). Each modeled thread runs its program step by
 * step; a step that blocks (join, sleep, a spin waiting for a flag) continues with the next step
 * when the thread runs again.
 */
public final class GlibcRunner {
  /** Settings this runner reads. */
  static final Set<String> SETTINGS =
      Set.of(
          "glibc.version",
          "glibc.pthread.stack_cache_size",
          "glibc.pthread.rseq",
          "rlimit.stack",
          "static_tls",
          "bss");

  /** The verbs of a glibc program, as the root README lists them. */
  private static final String VERBS =
      "write, attr, create, join, tryjoin, timedjoin, detach, cancel, getattr, setattr-default,"
          + " sigmask, ready, release, wait-ready, wait-gone, wait-release, run, sleep, exit, return, fork,"
          + " waitpid, spawn, setrlimit, setresuid, seccomp-clone3";

  private static final String VMSIZE = "vmsize+";

  private static final long SPIN_NANOS = 200_000;

  private final Scenario scenario;
  private final LibcConfig config;
  private final long bssSize;
  private Machine machine;
  private long interpreted;
  private Libc mainLibc;
  private int mainPid;

  /** One process: its C library state and the names its program gave. */
  private static final class Proc {
    Libc libc;
    final Map<String, PthreadAttr> attrs = new HashMap<>();
    final Map<String, Long> threads = new HashMap<>();
    final Set<String> ready = new HashSet<>();
    final Set<String> released = new HashSet<>();
    long bss;
    Errno clone3Errno;

    Proc copy(Libc childLibc) {
      Proc p = new Proc();
      p.libc = childLibc;
      p.attrs.putAll(attrs);
      p.bss = bss;
      p.clone3Errno = clone3Errno;
      return p;
    }

    UserContext wrap(UserContext c) {
      return clone3Errno == null ? c : SeccompErrno.clone3(c, clone3Errno);
    }
  }

  /**
   * One running program: which thread, where it is. A library call such as {@code pthread_join} on
   * a thread that has already exited returns through its continuation before the call itself has
   * returned; {@link #exec} then only records that the program goes on ({@code resume}) and the
   * step loop already on the stack picks it up, so the Java stack does not grow with each such
   * step.
   */
  private static final class Frame {
    final Proc proc;
    final String name;
    final long self;
    final ProgramCursor cursor;
    final boolean isMain;
    boolean executing;
    boolean resume;
    UserContext resumeCtx;

    /** Where a created thread's routine returns to (start_thread); null for a process's first. */
    StartRoutine.ThreadReturn done;

    Frame(Proc proc, String name, long self, List<Step> steps, boolean isMain) {
      this.proc = proc;
      this.name = name;
      this.self = self;
      this.cursor = new ProgramCursor(steps);
      this.isMain = isMain;
    }
  }

  /**
   * A runner for one scenario.
   *
   * @param scenario the scenario
   */
  public GlibcRunner(Scenario scenario) {
    this.scenario = scenario;
    try {
      if (!scenario.runtime().equals("glibc")) {
        throw new ScenarioException(
            0, scenario.name() + " is a '" + scenario.runtime() + "' scenario, not a glibc one");
      }
      for (String k : scenario.settings().keySet()) {
        if (!SETTINGS.contains(k)) {
          throw new ScenarioException(
              scenario.settingLine(k),
              "unknown setting '"
                  + k
                  + "'; known: "
                  + String.join(", ", new java.util.TreeSet<>(SETTINGS))
                  + (k.equals("seed") ? " (the dispatch seed is given with --seed N)" : ""));
        }
      }
      LibcConfig c = LibcConfig.DEFAULT;
      c =
          c.withVersion(
              version(
                  scenario.setting("glibc.version", "2.36"),
                  scenario.settingLine("glibc.version")));
      if (scenario.settings().containsKey("glibc.pthread.stack_cache_size")) {
        c = c.withStackCacheSize(setting("glibc.pthread.stack_cache_size", ""));
      }
      c = c.withRseq(!scenario.setting("glibc.pthread.rseq", "1").equals("0"));
      String rl = scenario.setting("rlimit.stack", "8388608");
      c = c.withRlimitStack(rl.equals("unlimited") ? -1 : setting("rlimit.stack", "8388608"));
      c = c.withStaticTlsSize(setting("static_tls", "4224"));
      this.config = c;
      this.bssSize = setting("bss", "0");
      for (List<Step> program : scenario.programs().values()) {
        check(program);
      }
    } catch (ScenarioException e) {
      throw e.in(scenario.source());
    }
  }

  private GlibcRunner(GlibcRunner checked) {
    this.scenario = checked.scenario;
    this.config = checked.config;
    this.bssSize = checked.bssSize;
  }

  /**
   * A runner of the same scenario for another run, with this one's settings and checks: the
   * scenario and its settings are read once however many runs a schedule explorer makes. Only what
   * never changes is shared (the scenario, the C library's configuration); each run's machine and
   * process state belong to the runner that runs it.
   *
   * @return a new runner
   */
  public GlibcRunner fresh() {
    return new GlibcRunner(this);
  }

  /** A setting that is a size in bytes. */
  private long setting(String key, String dflt) {
    return StepArgs.size(scenario.setting(key, dflt), "set " + key, scenario.settingLine(key));
  }

  private static GlibcVersion version(String text, int line) {
    try {
      return GlibcVersion.parse(text);
    } catch (IllegalArgumentException e) {
      throw new ScenarioException(line, "set glibc.version: " + e.getMessage());
    }
  }

  /**
   * Boots a machine, runs the scenario's main program as a new process, and runs the machine until
   * no task can run.
   *
   * @param seed the dispatch seed, or null for FIFO
   * @return the machine, with its event log
   */
  public Machine run(Long seed) {
    return run(seed, true, m -> {});
  }

  /**
   * Boots a machine, lets the caller choose where its events go, and runs the scenario.
   *
   * @param seed the dispatch seed, or null for FIFO
   * @param traceCalls whether modeled calls are recorded too (system calls always are)
   * @param prepare runs on the booted machine before anything runs, such as {@code m ->
   *     m.log().streamTo(...)}
   * @return the machine, with its event log
   */
  public Machine run(Long seed, boolean traceCalls, Consumer<Machine> prepare) {
    MachineConfig mc = MachineConfig.DEFAULT.withTraceCalls(traceCalls);
    if (seed != null) {
      mc = mc.withSeed(seed);
    }
    return run(mc, prepare);
  }

  /**
   * As {@link #run(Long)} on a machine of a given configuration (a schedule explorer's chooser).
   *
   * @param mc the machine's configuration
   * @return the machine, with its event log
   */
  public Machine run(MachineConfig mc) {
    return run(mc, m -> {});
  }

  /**
   * As {@link #run(MachineConfig)}, letting the caller choose where the events go first.
   *
   * @param mc the machine's configuration
   * @param prepare runs on the booted machine before anything runs
   * @return as {@link #run(MachineConfig)}
   */
  public Machine run(MachineConfig mc, Consumer<Machine> prepare) {
    Machine m = Machine.boot(mc);
    machine = m;
    interpreted = 0;
    mainLibc = null;
    prepare.accept(m);
    mainPid =
        m.spawn(
            "threads",
            (ctx, r) -> {
              Proc p = new Proc();
              p.libc = Libc.start(ctx, config);
              mainLibc = p.libc;
              if (bssSize > 0) {
                p.bss = ctx.mmap(0, bssSize, 3, 0x22, -1, 0);
              }
              exec(
                  ctx,
                  new Frame(p, "main", p.libc.mainThread(), scenario.program("main", 0), true));
            });
    try {
      m.run();
    } catch (ScenarioException e) {
      throw e.in(scenario.source());
    }
    return m;
  }

  /**
   * The stack cache of the scenario's process (not of processes it forks), as it is now.
   *
   * @return the cache, or null before its C library has started
   */
  public StackCacheInfo stackCache() {
    Libc l = mainLibc;
    return l == null ? null : l.stackCache();
  }

  /**
   * The scenario's process.
   *
   * @return its pid in the last run
   */
  public int pid() {
    return mainPid;
  }

  /** Runs a program from where it is: a trampoline around {@link #steps}. */
  private void exec(UserContext raw, Frame f) {
    if (f.executing) {
      f.resume = true;
      f.resumeCtx = raw;
      return;
    }
    f.executing = true;
    try {
      UserContext c = raw;
      boolean again = true;
      while (again) {
        f.resume = false;
        steps(c, f);
        again = f.resume;
        c = f.resumeCtx;
      }
    } finally {
      f.executing = false;
      f.resumeCtx = null;
    }
  }

  /** Runs steps until one blocks (it continues the program when it returns) or the program ends. */
  private void steps(UserContext raw, Frame f) {
    UserContext ctx = f.proc.wrap(raw);
    for (Step s = f.cursor.current(); s != null; s = f.cursor.current()) {
      countStep(f);
      Proc p = f.proc;
      switch (s.verb()) {
        case "wait-ready" -> {
          if (!p.ready.contains(s.arg(0))) {
            ctx.compute(SPIN_NANOS, (c, r) -> exec(c, f));
            return;
          }
          f.cursor.advance();
          continue;
        }
        case "wait-gone" -> {
          // a test program's wait without a join: it spins on the thread's tid word, which the
          // kernel clears at the thread's exit (CLONE_CHILD_CLEARTID)
          if (ctx.load32(thread(p, s) + PthreadConstants.PTHREAD_TID_OFFSET) != 0) {
            ctx.compute(SPIN_NANOS, (c, r) -> exec(c, f));
            return;
          }
          f.cursor.advance();
          continue;
        }
        case "wait-release" -> {
          if (!p.released.contains(f.name)) {
            ctx.compute(SPIN_NANOS, (c, r) -> exec(c, f));
            return;
          }
          f.cursor.advance();
          continue;
        }
        default -> f.cursor.advance();
      }
      switch (s.verb()) {
        case "write" -> ctx.write(1, s.rest() + "\n");
        case "attr" -> p.attrs.put(s.arg(0), attr(s, p));
        case "create" -> create(ctx, f, s);
        case "join" -> {
          p.libc.pthreadJoin(ctx, f.self, thread(p, s), (c, err, rv) -> exec(c, f));
          return;
        }
        case "tryjoin" -> {
          Step st = s;
          p.libc.pthreadTryjoinNp(
              ctx,
              f.self,
              thread(p, s),
              (c, err, rv) -> {
                expect(st, "pthread_tryjoin_np", err);
                exec(c, f);
              });
          return;
        }
        case "timedjoin" -> {
          Step st = s;
          long deadline = ctx.now() + StepArgs.duration(s, 1);
          long ts = f.self - 0x40;
          ctx.store64(ts, deadline / 1_000_000_000L);
          ctx.store64(ts + 8, deadline % 1_000_000_000L);
          p.libc.pthreadTimedjoinNp(
              ctx,
              f.self,
              thread(p, s),
              ts,
              (c, err, rv) -> {
                expect(st, "pthread_timedjoin_np", err);
                exec(c, f);
              });
          return;
        }
        case "setattr-default" ->
            expect(
                s, "pthread_setattr_default_np", p.libc.pthreadSetattrDefaultNp(attrNamed(p, s)));
        case "sigmask" -> {
          long set = f.self - 0x90;
          ctx.store64(set, sigset(s));
          expect(s, "pthread_sigmask", p.libc.pthreadSigmask(ctx, f.self, how(s), set, 0));
        }
        case "detach" -> p.libc.pthreadDetach(ctx, f.self, thread(p, s));
        case "cancel" -> p.libc.pthreadCancel(ctx, f.self, thread(p, s));
        case "getattr" -> p.libc.pthreadGetattrNp(ctx, thread(p, s), new PthreadAttr());
        case "ready" -> p.ready.add(f.name);
        case "release" -> p.released.add(s.arg(0));
        case "run" -> {
          ctx.compute(StepArgs.duration(s, 0), (c, r) -> exec(c, f));
          return;
        }
        case "sleep" -> {
          long ns = StepArgs.duration(s, 0);
          long ts = f.self - 0x40;
          ctx.store64(ts, ns / 1_000_000_000L);
          ctx.store64(ts + 8, ns % 1_000_000_000L);
          p.libc.nanosleep(ctx, f.self, ts, 0, (c, r) -> exec(c, f));
          return;
        }
        case "exit" -> {
          p.libc.pthreadExit(ctx, f.self, s.args().isEmpty() ? 0 : StepArgs.number(s, 0));
          return;
        }
        case "return" -> {
          finish(ctx, f);
          return;
        }
        case "fork" -> {
          List<Step> prog = scenario.program(s.arg(0), s.line());
          p.libc.fork(
              ctx,
              f.self,
              (c, childLibc, self) ->
                  exec(c, new Frame(p.copy(childLibc), "child", self, prog, true)));
        }
        case "waitpid" -> {
          ctx.wait4(-1, 0, 0, 0, (c, r) -> exec(c, f));
          return;
        }
        case "spawn" -> {
          p.libc.posixSpawn(ctx, f.self, 0, (c, err, pid) -> exec(c, f));
          return;
        }
        case "setrlimit" -> {
          long rlim = f.self - 0x80;
          long v = limitValue(s, ctx);
          ctx.store64(rlim, v);
          ctx.store64(rlim + 8, v);
          ctx.setrlimit(resource(s), rlim);
        }
        case "setresuid" -> {
          int uid = StepArgs.id(s, 0);
          ctx.setresuid(uid, uid, uid);
        }
        case "seccomp-clone3" -> {
          p.clone3Errno = StepArgs.errno(s, 0);
          ctx = p.wrap(raw);
        }
        default -> throw scenario.error(s.line(), "unknown verb '" + s.verb() + "' for glibc");
      }
    }
    finish(ctx, f);
  }

  /** {@code create NAME PROGRAM [attr=NAME] [expect=ERRNO]}: pthread_create and its result. */
  private void create(UserContext ctx, Frame f, Step s) {
    Proc p = f.proc;
    String tname = s.arg(0);
    p.ready.remove(tname);
    p.released.remove(tname);
    List<Step> prog = scenario.program(s.arg(1), s.line());
    PthreadAttr a = s.option("attr", null) == null ? null : attrNamed(p, s);
    PthreadCreateResult created =
        p.libc.pthreadCreate(
            ctx,
            f.self,
            a,
            (c, self, arg, done) -> {
              Frame t = new Frame(p, tname, self, prog, false);
              t.done = done;
              exec(c, t);
            },
            0);
    int rc = created.error();
    expect(s, "pthread_create", rc);
    if (rc == 0) {
      p.threads.put(tname, created.thread());
    }
  }

  /** Stops the run when a call's result is not the step's {@code expect=} (default 0). */
  private void expect(Step s, String call, int rc) {
    int expect = StepArgs.errnoOrZero(s, s.option("expect", "0"));
    if (rc != expect) {
      throw ScenarioException.outcome(
              s.line(), call + " returned " + rc + ", expected " + s.option("expect", "0"))
          .in(scenario.source());
    }
  }

  /** {@code sigmask}'s first word: how the set changes the mask. */
  private static int how(Step s) {
    return switch (s.arg(0)) {
      case "block" -> Signals.SIG_BLOCK;
      case "unblock" -> Signals.SIG_UNBLOCK;
      case "setmask" -> Signals.SIG_SETMASK;
      default ->
          throw new ScenarioException(
              s.line(), "sigmask needs block, unblock or setmask, got '" + s.arg(0) + "'");
    };
  }

  /**
   * {@code sigmask}'s set: the words after the first that are not {@code key=value}, each a signal
   * as strace names it without SIG ({@code USR1}, {@code TERM}) or a number from 1 to 64.
   */
  private static long sigset(Step s) {
    long set = 0;
    for (String w : s.args().subList(1, s.args().size())) {
      if (!w.contains("=")) {
        set |= Signals.bit(signal(s, w));
      }
    }
    return set;
  }

  private static int signal(Step s, String word) {
    for (int sig = 1; sig <= 31; sig++) {
      if (Signals.shortName(sig).equals(word)) {
        return sig;
      }
    }
    if (StepArgs.digits(word, 2) && Integer.parseInt(word) >= 1 && Integer.parseInt(word) <= 64) {
      return Integer.parseInt(word);
    }
    throw new ScenarioException(
        s.line(),
        "sigmask needs signal names such as USR1 or TERM, or numbers 1-64, got '" + word + "'");
  }

  /**
   * The thread a step names: one its process created, or {@code main}, the process's first thread
   * (whose pthread_t pthread_self gives).
   */
  private long thread(Proc p, Step s) {
    String name = s.arg(0);
    Long t = name.equals("main") ? Long.valueOf(p.libc.mainThread()) : p.threads.get(name);
    if (t == null) {
      throw scenario.error(
          s.line(),
          "no thread named '"
              + name
              + "' (created so far: "
              + (p.threads.isEmpty() ? "none" : String.join(", ", p.threads.keySet()))
              + "; main is the first thread)");
    }
    return t;
  }

  /**
   * Counts an interpreted step against the machine's step budget: a program whose steps never block
   * makes no dispatches, so the machine's own count would never stop it.
   */
  private void countStep(Frame f) {
    if (++interpreted > machine.budget().maxSteps()) {
      throw new BudgetExceeded(BudgetExceeded.Kind.STEPS, machine.budget().maxSteps(), f.name);
    }
  }

  /** The end of a program: a thread returns from its routine; main returns from main. */
  private void finish(UserContext ctx, Frame f) {
    if (f.isMain) {
      f.proc.libc.exit(ctx, 0);
    } else {
      f.done.ret(ctx, 0);
    }
  }

  /** A limit: bytes, or {@code vmsize+N}: the process's mapped total (its /proc VmSize) plus N. */
  private long limitValue(Step s, UserContext ctx) {
    String text = s.arg(1);
    if (!text.startsWith(VMSIZE)) {
      return StepArgs.size(text, s.verb(), s.line());
    }
    long total = 0;
    for (String line : machine.maps((int) ctx.getpid()).split("\n")) {
      int dash = line.indexOf('-');
      int sp = line.indexOf(' ');
      if (dash > 0 && sp > dash) {
        total +=
            Long.parseUnsignedLong(line.substring(dash + 1, sp), 16)
                - Long.parseUnsignedLong(line.substring(0, dash), 16);
      }
    }
    return total + StepArgs.size(text.substring(VMSIZE.length()), s.verb(), s.line());
  }

  private static int resource(Step s) {
    return switch (s.arg(0)) {
      case "RLIMIT_AS" -> 9;
      case "RLIMIT_NPROC" -> 6;
      case "RLIMIT_STACK" -> 3;
      default ->
          throw new ScenarioException(
              s.line(),
              "setrlimit needs RLIMIT_AS, RLIMIT_NPROC or RLIMIT_STACK, got '" + s.arg(0) + "'");
    };
  }

  private static PthreadAttr attrNamed(Proc p, Step s) {
    PthreadAttr a = p.attrs.get(s.option("attr", ""));
    if (a == null) {
      throw new ScenarioException(
          s.line(),
          "no attr named '"
              + s.option("attr", "")
              + "' (made so far: "
              + (p.attrs.isEmpty() ? "none" : String.join(", ", p.attrs.keySet()))
              + ")");
    }
    return a;
  }

  private static PthreadAttr attr(Step s, Proc p) {
    PthreadAttr a = new PthreadAttr();
    String ss = s.option("stacksize", null);
    if (ss != null) {
      a.setstacksize(StepArgs.size(ss, "stacksize=", s.line()));
    }
    String gs = s.option("guardsize", null);
    if (gs != null) {
      a.setguardsize(StepArgs.size(gs, "guardsize=", s.line()));
    }
    if (s.has("detached")) {
      a.setdetachstate(PthreadConstants.PTHREAD_CREATE_DETACHED);
    }
    if (s.has("explicit-sched")) {
      a.setinheritsched(PthreadConstants.PTHREAD_EXPLICIT_SCHED);
    }
    schedAttr(s, a);
    BssStack stack = bssStack(s);
    if (stack != null) {
      if (p.bss == 0) {
        throw new ScenarioException(s.line(), "stack=bss:... needs 'set bss SIZE'");
      }
      a.setstack(p.bss + stack.offset(), stack.size());
    }
    return a;
  }

  /**
   * An attr's {@code policy=SCHED_OTHER|SCHED_FIFO|SCHED_RR} ({@code pthread_attr_setschedpolicy})
   * and {@code priority=N} ({@code pthread_attr_setschedparam}, checked against the policy set
   * before it), in that order; a priority the setter refuses is refused here with its line.
   */
  private static void schedAttr(Step s, PthreadAttr a) {
    String policy = s.option("policy", null);
    if (policy != null) {
      int p =
          switch (policy) {
            case "SCHED_OTHER" -> PthreadAttr.SCHED_OTHER;
            case "SCHED_FIFO" -> PthreadAttr.SCHED_FIFO;
            case "SCHED_RR" -> PthreadAttr.SCHED_RR;
            default ->
                throw new ScenarioException(
                    s.line(),
                    "policy= needs SCHED_OTHER, SCHED_FIFO or SCHED_RR, got '" + policy + "'");
          };
      a.setschedpolicy(p);
    }
    String priority = s.option("priority", null);
    if (priority != null) {
      int prio;
      try {
        prio = Integer.parseInt(priority);
      } catch (NumberFormatException e) {
        throw new ScenarioException(s.line(), "priority= needs a number, got '" + priority + "'");
      }
      if (a.setschedparam(prio) != 0) {
        throw new ScenarioException(
            s.line(),
            "pthread_attr_setschedparam refuses priority "
                + prio
                + " (EINVAL): SCHED_OTHER takes 0, SCHED_FIFO and SCHED_RR 1..99; set policy="
                + " first");
      }
    }
  }

  /** A stack the program places in its bss: at an offset, of a size. */
  private record BssStack(long offset, long size) {}

  /** An attr's {@code stack=bss:OFFSET:SIZE}, or null without one. */
  private static BssStack bssStack(Step s) {
    String st = s.option("stack", null);
    if (st == null) {
      return null;
    }
    String[] parts = st.split(":");
    if (parts.length != 3 || !parts[0].equals("bss")) {
      throw new ScenarioException(s.line(), "stack=bss:OFFSET:SIZE expected, got '" + st + "'");
    }
    return new BssStack(
        StepArgs.size(parts[1], "stack=bss:OFFSET", s.line()),
        StepArgs.size(parts[2], "stack=bss:OFFSET:SIZE", s.line()));
  }

  /**
   * Checks every step's words before the run starts, so that a mistake anywhere in the text is
   * refused with its line before the model prints anything. Names a run gives (threads, attrs) are
   * checked when the step runs; {@code $i} is checked as round 0.
   */
  private void check(List<Step> steps) {
    for (Step raw : steps) {
      if (raw.isRepeat()) {
        check(raw.body());
        continue;
      }
      Step s = raw.inRound(0);
      switch (s.verb()) {
        case "write", "ready", "wait-release", "return", "waitpid", "spawn" -> {}
        case "attr" -> {
          s.arg(0);
          for (String k : List.of("stacksize", "guardsize")) {
            String v = s.option(k, null);
            if (v != null) {
              StepArgs.size(v, k + "=", s.line());
            }
          }
          schedAttr(s, new PthreadAttr());
          bssStack(s);
        }
        case "create" -> {
          s.arg(0);
          scenario.program(s.arg(1), s.line());
          StepArgs.errnoOrZero(s, s.option("expect", "0"));
        }
        case "join", "detach", "cancel", "getattr", "wait-ready", "wait-gone", "release" ->
            s.arg(0);
        case "tryjoin", "setattr-default" -> {
          s.arg(0);
          StepArgs.errnoOrZero(s, s.option("expect", "0"));
        }
        case "timedjoin" -> {
          s.arg(0);
          StepArgs.duration(s, 1);
          StepArgs.errnoOrZero(s, s.option("expect", "0"));
        }
        case "sigmask" -> {
          how(s);
          sigset(s);
          StepArgs.errnoOrZero(s, s.option("expect", "0"));
        }
        case "run", "sleep" -> StepArgs.duration(s, 0);
        case "exit" -> {
          if (!s.args().isEmpty()) {
            StepArgs.number(s, 0);
          }
        }
        case "fork" -> scenario.program(s.arg(0), s.line());
        case "setrlimit" -> {
          resource(s);
          String v = s.arg(1);
          StepArgs.size(
              v.startsWith(VMSIZE) ? v.substring(VMSIZE.length()) : v, s.verb(), s.line());
        }
        case "setresuid" -> StepArgs.id(s, 0);
        case "seccomp-clone3" -> StepArgs.errno(s, 0);
        default ->
            throw new ScenarioException(
                s.line(), "unknown verb '" + s.verb() + "' for glibc; known: " + VERBS);
      }
    }
  }
}
