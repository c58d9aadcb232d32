package io.github.clonepath.lab.scenario;

import io.github.clonepath.glibc.pthread.GlibcVersion;
import io.github.clonepath.glibc.pthread.Libc;
import io.github.clonepath.glibc.pthread.LibcConfig;
import io.github.clonepath.glibc.pthread.PthreadAttr;
import io.github.clonepath.glibc.pthread.PthreadConstants;
import io.github.clonepath.glibc.pthread.PthreadCreateResult;
import io.github.clonepath.kernel.syscall.Errno;
import io.github.clonepath.kernel.syscall.Machine;
import io.github.clonepath.kernel.syscall.MachineConfig;
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
          "bss",
          "seed");

  private static final long SPIN_NANOS = 200_000;

  private final Scenario scenario;
  private final LibcConfig config;
  private final long bssSize;
  private Machine machine;

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
   * returned; {@link #exec} then only records where to go on ({@code resumeAt}) and the step loop
   * already on the stack picks it up, so the Java stack does not grow with each such step.
   */
  private static final class Frame {
    final Proc proc;
    final String name;
    final long self;
    final List<Step> steps;
    final boolean isMain;
    boolean executing;
    int resumeAt = -1;
    UserContext resumeCtx;

    Frame(Proc proc, String name, long self, List<Step> steps, boolean isMain) {
      this.proc = proc;
      this.name = name;
      this.self = self;
      this.steps = steps;
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
    if (!scenario.runtime().equals("glibc")) {
      throw new ScenarioException(
          0, scenario.name() + " is a '" + scenario.runtime() + "' scenario, not a glibc one");
    }
    for (String k : scenario.settings().keySet()) {
      if (!SETTINGS.contains(k)) {
        throw new ScenarioException(0, "unknown setting '" + k + "'; known: " + SETTINGS);
      }
    }
    LibcConfig c = LibcConfig.DEFAULT;
    c = c.withVersion(GlibcVersion.parse(scenario.setting("glibc.version", "2.36")));
    if (scenario.settings().containsKey("glibc.pthread.stack_cache_size")) {
      c = c.withStackCacheSize(Long.decode(scenario.setting("glibc.pthread.stack_cache_size", "")));
    }
    c = c.withRseq(!scenario.setting("glibc.pthread.rseq", "1").equals("0"));
    String rl = scenario.setting("rlimit.stack", "8388608");
    c = c.withRlimitStack(rl.equals("unlimited") ? -1 : Long.decode(rl));
    c = c.withStaticTlsSize(Long.decode(scenario.setting("static_tls", "4224")));
    this.config = c;
    this.bssSize = Long.decode(scenario.setting("bss", "0"));
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
    prepare.accept(m);
    m.spawn(
        "threads",
        (ctx, r) -> {
          Proc p = new Proc();
          p.libc = Libc.start(ctx, config);
          if (bssSize > 0) {
            p.bss = ctx.mmap(0, bssSize, 3, 0x22, -1, 0);
          }
          exec(
              ctx, new Frame(p, "main", p.libc.mainThread(), scenario.program("main", 0), true), 0);
        });
    m.run();
    return m;
  }

  /** Runs a program from step {@code i}: a trampoline around {@link #steps}. */
  private void exec(UserContext raw, Frame f, int i) {
    if (f.executing) {
      f.resumeAt = i;
      f.resumeCtx = raw;
      return;
    }
    f.executing = true;
    try {
      int at = i;
      UserContext c = raw;
      while (at >= 0) {
        f.resumeAt = -1;
        steps(c, f, at);
        at = f.resumeAt;
        c = f.resumeCtx;
      }
    } finally {
      f.executing = false;
      f.resumeCtx = null;
    }
  }

  private void steps(UserContext raw, Frame f, int i) {
    UserContext ctx = f.proc.wrap(raw);
    for (int k = i; k < f.steps.size(); k++) {
      Step s = f.steps.get(k);
      int next = k + 1;
      Proc p = f.proc;
      switch (s.verb()) {
        case "write" -> ctx.write(1, s.rest() + "\n");
        case "attr" -> p.attrs.put(s.arg(0), attr(s, p));
        case "create" -> {
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
                  (c, self, arg, done) -> exec(c, new Frame(p, tname, self, prog, false), 0),
                  0);
          int rc = created.error();
          String expect = s.option("expect", "0");
          if (rc != errnoOf(expect, s)) {
            throw new ScenarioException(
                s.line(), "pthread_create returned " + rc + ", expected " + expect);
          }
          if (rc == 0) {
            p.threads.put(tname, created.thread());
          }
        }
        case "join" -> {
          Long t = p.threads.get(s.arg(0));
          if (t == null) {
            throw new ScenarioException(s.line(), "no thread named " + s.arg(0));
          }
          p.libc.pthreadJoin(ctx, f.self, t, (c, err, rv) -> exec(c, f, next));
          return;
        }
        case "detach" -> p.libc.pthreadDetach(ctx, f.self, p.threads.get(s.arg(0)));
        case "getattr" -> p.libc.pthreadGetattrNp(ctx, p.threads.get(s.arg(0)), new PthreadAttr());
        case "ready" -> p.ready.add(f.name);
        case "release" -> p.released.add(s.arg(0));
        case "wait-ready" -> {
          if (!p.ready.contains(s.arg(0))) {
            ctx.compute(SPIN_NANOS, (c, r) -> exec(c, f, next - 1));
            return;
          }
        }
        case "wait-release" -> {
          if (!p.released.contains(f.name)) {
            ctx.compute(SPIN_NANOS, (c, r) -> exec(c, f, next - 1));
            return;
          }
        }
        case "run" -> {
          ctx.compute(Long.decode(s.arg(0)), (c, r) -> exec(c, f, next));
          return;
        }
        case "sleep" -> {
          long ns = Long.decode(s.arg(0));
          long ts = f.self - 0x40;
          ctx.store64(ts, ns / 1_000_000_000L);
          ctx.store64(ts + 8, ns % 1_000_000_000L);
          ctx.nanosleep(ts, 0, (c, r) -> exec(c, f, next));
          return;
        }
        case "exit" -> {
          p.libc.pthreadExit(ctx, f.self, s.args().isEmpty() ? 0 : Long.decode(s.arg(0)));
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
                  exec(c, new Frame(p.copy(childLibc), "child", self, prog, true), 0));
        }
        case "waitpid" -> {
          ctx.wait4(-1, 0, 0, 0, (c, r) -> exec(c, f, next));
          return;
        }
        case "spawn" -> {
          p.libc.posixSpawn(ctx, f.self, 0, (c, err, pid) -> exec(c, f, next));
          return;
        }
        case "setrlimit" -> {
          long rlim = f.self - 0x80;
          long v = limitValue(s.arg(1), ctx);
          ctx.store64(rlim, v);
          ctx.store64(rlim + 8, v);
          ctx.setrlimit(resource(s), rlim);
        }
        case "setresuid" -> {
          int uid = Integer.parseInt(s.arg(0));
          ctx.setresuid(uid, uid, uid);
        }
        case "seccomp-clone3" -> {
          p.clone3Errno = Errno.valueOf(s.arg(0));
          ctx = p.wrap(raw);
        }
        default ->
            throw new ScenarioException(s.line(), "unknown verb '" + s.verb() + "' for glibc");
      }
    }
    finish(ctx, f);
  }

  /** The end of a program: a thread returns from its routine; main returns from main. */
  private void finish(UserContext ctx, Frame f) {
    if (f.isMain) {
      f.proc.libc.exit(ctx, 0);
    } else {
      f.proc.libc.pthreadExit(ctx, f.self, 0);
    }
  }

  /** A limit: bytes, or {@code vmsize+N}: the process's mapped total (its /proc VmSize) plus N. */
  private long limitValue(String text, UserContext ctx) {
    if (!text.startsWith("vmsize+")) {
      return Long.decode(text);
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
    return total + Long.decode(text.substring("vmsize+".length()));
  }

  private static int resource(Step s) {
    return switch (s.arg(0)) {
      case "RLIMIT_AS" -> 9;
      case "RLIMIT_NPROC" -> 6;
      case "RLIMIT_STACK" -> 3;
      default -> throw new ScenarioException(s.line(), "unknown resource " + s.arg(0));
    };
  }

  private static int errnoOf(String text, Step s) {
    if (text.matches("\\d+")) {
      return Integer.parseInt(text);
    }
    try {
      return Errno.valueOf(text).number();
    } catch (IllegalArgumentException e) {
      throw new ScenarioException(s.line(), "unknown errno " + text);
    }
  }

  private static PthreadAttr attrNamed(Proc p, Step s) {
    PthreadAttr a = p.attrs.get(s.option("attr", ""));
    if (a == null) {
      throw new ScenarioException(s.line(), "no attr named " + s.option("attr", ""));
    }
    return a;
  }

  private static PthreadAttr attr(Step s, Proc p) {
    PthreadAttr a = new PthreadAttr();
    String ss = s.option("stacksize", null);
    if (ss != null) {
      a.setstacksize(Long.decode(ss));
    }
    String gs = s.option("guardsize", null);
    if (gs != null) {
      a.setguardsize(Long.parseUnsignedLong(gs));
    }
    if (s.has("detached")) {
      a.setdetachstate(PthreadConstants.PTHREAD_CREATE_DETACHED);
    }
    if (s.has("explicit-sched")) {
      a.setinheritsched(PthreadConstants.PTHREAD_EXPLICIT_SCHED);
    }
    String st = s.option("stack", null);
    if (st != null) {
      String[] parts = st.split(":");
      if (parts.length != 3 || !parts[0].equals("bss")) {
        throw new ScenarioException(s.line(), "stack=bss:OFFSET:SIZE expected, not " + st);
      }
      if (p.bss == 0) {
        throw new ScenarioException(s.line(), "stack=bss:... needs 'set bss SIZE'");
      }
      a.setstack(p.bss + Long.decode(parts[1]), Long.decode(parts[2]));
    }
    return a;
  }
}
