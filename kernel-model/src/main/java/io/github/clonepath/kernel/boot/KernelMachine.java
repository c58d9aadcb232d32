package io.github.clonepath.kernel.boot;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import io.github.clonepath.common.EventLog;
import io.github.clonepath.common.Source;
import io.github.clonepath.common.Tracer;
import io.github.clonepath.kernel.entry.Services;
import io.github.clonepath.kernel.entry.TaskContext;
import io.github.clonepath.kernel.fork.KernelCloneArgs;
import io.github.clonepath.kernel.mm.MmStruct;
import io.github.clonepath.kernel.sched.Scheduler;
import io.github.clonepath.kernel.syscall.Budget;
import io.github.clonepath.kernel.syscall.Continuation;
import io.github.clonepath.kernel.syscall.FailPoint;
import io.github.clonepath.kernel.syscall.Fcntl;
import io.github.clonepath.kernel.syscall.Image;
import io.github.clonepath.kernel.syscall.Machine;
import io.github.clonepath.kernel.syscall.MachineConfig;
import io.github.clonepath.kernel.syscall.MapFlags;
import io.github.clonepath.kernel.syscall.Prot;
import io.github.clonepath.kernel.syscall.Rlimits;
import io.github.clonepath.kernel.syscall.Signals;
import io.github.clonepath.kernel.syscall.Snapshot;
import io.github.clonepath.kernel.syscall.Strace;
import io.github.clonepath.kernel.syscall.StructInfo;
import io.github.clonepath.kernel.syscall.TaskInfo;
import io.github.clonepath.kernel.task.Cred;
import io.github.clonepath.kernel.task.ErrOr;
import io.github.clonepath.kernel.task.FilesStruct;
import io.github.clonepath.kernel.task.FsStruct;
import io.github.clonepath.kernel.task.KSigaction;
import io.github.clonepath.kernel.task.Kernel;
import io.github.clonepath.kernel.task.Namespace;
import io.github.clonepath.kernel.task.Nsproxy;
import io.github.clonepath.kernel.task.OpenFile;
import io.github.clonepath.kernel.task.Pid;
import io.github.clonepath.kernel.task.ProcessMmEnv;
import io.github.clonepath.kernel.task.Rlimit;
import io.github.clonepath.kernel.task.SighandStruct;
import io.github.clonepath.kernel.task.SignalStruct;
import io.github.clonepath.kernel.task.Task;
import io.github.clonepath.kernel.task.TaskState;
import io.github.clonepath.kernel.task.WaitReason;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/**
 * One simulated computer. Boot builds init (pid 1) by hand, as {@code start_kernel} builds
 * init_task; the login shell is a fork of init plus an exec; every spawned process is a fork of the
 * shell plus an exec. Init and the shell never run user code: they reap their zombie children
 * themselves (DEVIATION: a real init and shell do it with wait4 in user space).
 */
public final class KernelMachine implements Machine {
  /** The main thread's stack: 132 KiB ending at TASK_SIZE, as [stack] after exec. */
  public static final long STACK_SIZE = 132 * 1024;

  /**
   * How far below the top the main thread's stack pointer starts (argc, argv and the environment
   * would sit above it); recorded as {@code start_stack}.
   */
  public static final long INITIAL_SP_OFFSET = 0x100;

  /** End of user space. */
  public static final long STACK_TOP = MmStruct.TASK_SIZE;

  private final MachineConfig config;
  private final EventLog log = new EventLog();
  private final Kernel kernel;
  private final Scheduler sched;
  private final Services services;

  /**
   * A structure's counters as {@link #counts} keys them: its kind and up to three values. Its
   * equality is written out: the record's generated one goes through a method handle per call, and
   * a task table built at every pick of an explored run looks up five of these per task.
   */
  private record Counts(StructInfo.Kind kind, int a, int b, int c) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Counts k && k.kind == kind && k.a == a && k.b == b && k.c == c;
    }

    @Override
    public int hashCode() {
      return ((kind.ordinal() * 31 + a) * 31 + b) * 31 + c;
    }
  }

  /**
   * The count maps already built, by their values: they are immutable, so every structure whose
   * counters read the same shares one, and a task table built at every pick of an explored run does
   * not build a map per structure per task. Emptied when it grows large (a machine of thousands of
   * threads has as many distinct counts).
   */
  private final java.util.HashMap<Counts, ImmutableMap<String, Integer>> counts =
      new java.util.HashMap<>();

  /**
   * Boots a machine.
   *
   * @param config its configuration
   */
  public KernelMachine(MachineConfig config) {
    this.config = config;
    Tracer tracer = new Tracer(log, config.traceCalls());
    this.kernel = new Kernel(tracer, config.ramBytes(), config.pidMax());
    SplittableRandom random =
        config.seed().isPresent() ? new SplittableRandom(config.seed().getAsLong()) : null;
    this.sched = new Scheduler(kernel, config.cpus(), random);
    sched.setChooser(config.chooser());
    this.services = Services.wire(kernel, sched);
    kernel.init = startInit();
    kernel.shell = forkExec(kernel.init, "bash", Image.NONE, null);
    if (config.chooser() != null) {
      config.chooser().booted(this);
    }
  }

  /**
   * The kernel behind the door, for the model's own tests.
   *
   * @return the kernel state
   */
  public Kernel kernel() {
    return kernel;
  }

  /**
   * The wired subsystems, for the model's own tests.
   *
   * @return the services
   */
  public Services services() {
    return services;
  }

  /**
   * {@code INIT_RLIMITS}: the limits init starts with and every process inherits.
   *
   * @param maxThreads threads-max (NPROC and SIGPENDING default to half of it)
   * @return the 16 limits
   */
  public static Rlimit[] initRlimits(int maxThreads) {
    long inf = Rlimit.INFINITY;
    long half = maxThreads / 2;
    return new Rlimit[] {
      new Rlimit(inf, inf),
      new Rlimit(inf, inf),
      new Rlimit(inf, inf),
      new Rlimit(8L << 20, inf),
      new Rlimit(0, inf),
      new Rlimit(inf, inf),
      new Rlimit(half, half),
      new Rlimit(1024, 4096),
      new Rlimit(8L << 20, 8L << 20),
      new Rlimit(inf, inf),
      new Rlimit(inf, inf),
      new Rlimit(half, half),
      new Rlimit(819200, 819200),
      new Rlimit(0, 0),
      new Rlimit(0, 0),
      new Rlimit(inf, inf)
    };
  }

  /**
   * Builds init, as the kernel builds the first task: root with every capability, the initial
   * namespaces, fd 0-2 on the terminal, pid 1, SIGNAL_UNKILLABLE.
   */
  @Source(file = "init/main.c", line = 686, function = "rest_init", version = "Linux 6.2")
  private Task startInit() {
    try (var f = kernel.tracer.enter()) {
      Task t = new Task("init");
      t.cred = new Cred(0, 0, 0, Cred.CAP_FULL_SET, kernel.initUserNs);
      Pid pid = new Pid(0);
      pid.numbers[0] = kernel.initPidNs.allocCyclic(1, kernel.pidMax);
      pid.namespaces[0] = kernel.initPidNs;
      kernel.initPidNs.replace(pid.numbers[0], pid);
      kernel.initPidNs.count++;
      t.threadPid = pid;
      t.pid = pid.global();
      t.tgid = t.pid;
      t.groupLeader = t;
      t.exitSignal = Signals.SIGCHLD;
      t.fs = new FsStruct(kernel.nextId("fs"), kernel.root, kernel.root, 022);
      t.files = new FilesStruct(kernel.nextId("files"));
      for (int fd = 0; fd < 3; fd++) {
        t.files.openFds.set(fd);
        t.files.fd[fd] =
            new OpenFile(kernel.nextId("file"), kernel.tty, null, Fcntl.O_RDWR | Fcntl.O_LARGEFILE);
      }
      t.files.nextFd = 3;
      t.sighand = new SighandStruct(kernel.nextId("sighand"));
      t.signal = new SignalStruct(kernel.nextId("signal"));
      System.arraycopy(initRlimits(kernel.maxThreads), 0, t.signal.rlim, 0, 16);
      t.signal.threads.add(t);
      t.signal.flags |= SignalStruct.SIGNAL_UNKILLABLE;
      Namespace time = new Namespace("time", kernel.nextId("time"));
      time.count = 2;
      t.nsproxy =
          new Nsproxy(
              kernel.nextId("nsproxy"),
              new Namespace("mnt", kernel.nextId("mnt")),
              new Namespace("uts", kernel.nextId("uts")),
              new Namespace("ipc", kernel.nextId("ipc")),
              new Namespace("net", kernel.nextId("net")),
              new Namespace("cgroup", kernel.nextId("cgroup")),
              time,
              time,
              kernel.initPidNs);
      kernel.initNsproxy = t.nsproxy;
      t.cgroup = kernel.cgroupRoot;
      t.mm = newMm(t);
      kernel.initPidNs.childReaper = t;
      pid.attach(t);
      kernel.tasks.put(t.pid, t);
      kernel.nrThreads++;
      kernel.tasksPerUid.merge(0, 1, Integer::sum);
      t.state = TaskState.INTERRUPTIBLE;
      t.waitReason = WaitReason.REAP;
      t.waitLabel = "reap";
      if (f.recording()) {
        f.note("init is pid %d", t.pid);
      }
      return t;
    }
  }

  private MmStruct newMm(Task t) {
    MmStruct mm = new MmStruct(new ProcessMmEnv(kernel, t.signal));
    long r =
        mm.mmap(
            STACK_TOP - STACK_SIZE,
            STACK_SIZE,
            Prot.PROT_READ | Prot.PROT_WRITE,
            MapFlags.MAP_PRIVATE
                | MapFlags.MAP_ANONYMOUS
                | MapFlags.MAP_FIXED
                | MapFlags.MAP_GROWSDOWN,
            -1,
            0);
    if (r != STACK_TOP - STACK_SIZE) {
      throw new IllegalStateException("cannot map the main stack: " + r);
    }
    mm.setStartStack(STACK_TOP - INITIAL_SP_OFFSET);
    return mm;
  }

  /**
   * A fork of {@code parent} followed by the parts of execve that matter here: a fresh address
   * space with a main stack, handlers reset (ignored ones stay ignored), close-on-exec descriptors
   * closed, TLS, robust list, rseq and tid pointers cleared.
   */
  private Task forkExec(Task parent, String comm, Image image, Continuation main) {
    KernelCloneArgs args = new KernelCloneArgs(0, 0, 0, 0, Signals.SIGCHLD, 0, 0, 0, new int[0], 0);
    sched.setCurrent(parent);
    ErrOr<Task> forked = services.fork().copyProcess(parent, args);
    sched.setCurrent(null);
    if (forked.isErr()) {
      throw new IllegalStateException(
          "the shell could not fork: "
              + io.github.clonepath.kernel.syscall.Errno.ofResult(forked.error()));
    }
    Task p = forked.get();
    sched.setCurrent(p);
    execve(p, comm);
    loadElfBinary(p, image);
    sched.setCurrent(null);
    if (main == null) {
      p.state = TaskState.INTERRUPTIBLE;
      p.waitReason = WaitReason.REAP;
      p.waitLabel = "reap";
    } else {
      TaskContext ctx = new TaskContext(services, p);
      p.next = r -> startMain(ctx, main);
      sched.wakeUpNewTask(p);
    }
    return p;
  }

  private static void startMain(TaskContext ctx, Continuation main) {
    main.resume(ctx, 0);
  }

  /**
   * The part of {@code load_elf_binary} that maps the executable: every {@code PT_LOAD} segment at
   * its fixed address with its protection. DEVIATION: the segments are anonymous and zero-filled
   * (the model has no files, so no file contents and no path in the maps), and brk is not set up.
   */
  @Source(file = "fs/binfmt_elf.c", function = "load_elf_binary", version = "Linux 6.2")
  private void loadElfBinary(Task p, Image image) {
    try (var f = kernel.tracer.enter()) {
      for (Image.Segment s : image.segments()) {
        long r =
            p.mm.mmap(
                s.start(),
                s.length(),
                s.prot(),
                MapFlags.MAP_PRIVATE | MapFlags.MAP_ANONYMOUS | MapFlags.MAP_FIXED_NOREPLACE,
                -1,
                0);
        if (r != s.start()) {
          throw new IllegalArgumentException(
              "cannot map segment 0x"
                  + Long.toHexString(s.start())
                  + " of "
                  + s.length()
                  + " bytes: "
                  + io.github.clonepath.kernel.syscall.Errno.ofResult(r));
        }
        if (f.recording()) {
          f.note("PT_LOAD 0x%x-0x%x prot %d", s.start(), s.start() + s.length(), s.prot());
        }
      }
    }
  }

  /** The parts of {@code begin_new_exec} that change what fork shares. */
  @Source(file = "fs/exec.c", line = 1242, function = "begin_new_exec", version = "Linux 6.2")
  private void execve(Task p, String comm) {
    try (var f = kernel.tracer.enter()) {
      MmStruct old = p.mm;
      services.exit().mmRelease(p, old);
      p.mm = newMm(p);
      old.mmput();
      p.comm = comm;
      for (int i = 0; i < 64; i++) {
        // an action is a value: every reset one is the one default action, not a copy of it
        KSigaction a = p.sighand.action[i];
        p.sighand.action[i] =
            a.handler() == Signals.SIG_IGN
                ? new KSigaction(Signals.SIG_IGN, 0, 0, 0)
                : KSigaction.DEFAULT;
      }
      FilesStruct files = p.files;
      for (int fd = files.closeOnExec.nextSetBit(0);
          fd >= 0;
          fd = files.closeOnExec.nextSetBit(fd + 1)) {
        io.github.clonepath.kernel.exit.ExitStructs.fput(services.fdt().closeFd(files, fd));
      }
      p.fsBase = 0;
      p.robustList = 0;
      p.rseq = 0;
      p.rseqLen = 0;
      p.rseqSig = 0;
      p.setChildTid = 0;
      p.clearChildTid = 0;
      p.sasSsSp = 0;
      p.sasSsSize = 0;
      p.sasSsFlags = Signals.SS_DISABLE;
      p.firstRun = false;
      if (f.recording()) {
        f.note("%s execs %s", p, comm);
      }
    }
  }

  @Override
  public int spawn(String comm, Continuation main) {
    return forkExec(kernel.shell, comm, Image.NONE, main).pid;
  }

  @Override
  public int spawn(String comm, Image image, Continuation main) {
    return forkExec(kernel.shell, comm, image, main).pid;
  }

  @Override
  public void run() {
    sched.run();
  }

  @Override
  public void setBudget(Budget budget) {
    sched.setBudget(budget);
  }

  @Override
  public Budget budget() {
    return sched.budget();
  }

  @Override
  public EventLog log() {
    return log;
  }

  @Override
  public long now() {
    return kernel.now;
  }

  @Override
  public int waitStatus(int pid) {
    return kernel.exitStatus.getOrDefault(pid, -1);
  }

  @Override
  public String maps(int pid) {
    Task t = kernel.task(pid);
    if (t == null || t.mm == null) {
      throw new IllegalArgumentException("no live task " + pid + " with an address space");
    }
    return t.mm.maps();
  }

  @Override
  public java.util.List<io.github.clonepath.kernel.syscall.VmaInfo> vmas(int pid) {
    Task t = kernel.task(pid);
    if (t == null || t.mm == null) {
      throw new IllegalArgumentException("no live task " + pid + " with an address space");
    }
    return t.mm.vmaInfos();
  }

  @Override
  public Snapshot inspect() {
    ImmutableList.Builder<TaskInfo> tasks = ImmutableList.builder();
    for (Task t : kernel.tasks.values()) {
      tasks.add(info(t));
    }
    return new Snapshot(
        kernel.now,
        tasks.build(),
        kernel.nrThreads,
        kernel.maxThreads,
        kernel.initPidNs.cursor() - 1,
        kernel.initPidNs.allocated(),
        kernel.totalForks);
  }

  @Override
  public java.util.function.Supplier<StructInfo> watch(int tid, StructInfo.Kind kind) {
    Task t = kernel.tasks.get(tid);
    if (t == null) {
      throw new IllegalArgumentException("no task " + tid + " to watch a structure of");
    }
    return switch (kind) {
      case MM -> {
        MmStruct mm = t.mm;
        yield () -> mmInfo(mm);
      }
      case FS -> {
        FsStruct fs = t.fs;
        yield () -> fsInfo(fs);
      }
      case FILES -> {
        FilesStruct files = t.files;
        yield () -> filesInfo(files);
      }
      case SIGHAND -> {
        SighandStruct sighand = t.sighand;
        yield () -> sighandInfo(sighand);
      }
      case SIGNAL -> {
        SignalStruct signal = t.signal;
        yield () -> signalInfo(signal);
      }
    };
  }

  /** Counters below this are looked up in {@link #SMALL}, not the cache. */
  private static final int SMALL_LIMIT = 8;

  /**
   * The count maps of small counters, made once for every machine: index {@link #small}. A small
   * program's structures are held by a few tasks each, so nearly every lookup of an explored run,
   * which boots a new machine (and so a new {@link #counts} cache) for every schedule, lands here.
   */
  private static final ImmutableList<ImmutableMap<String, Integer>> SMALL = smallCounts();

  private static ImmutableList<ImmutableMap<String, Integer>> smallCounts() {
    ImmutableList.Builder<ImmutableMap<String, Integer>> out = ImmutableList.builder();
    int n = SMALL_LIMIT;
    for (StructInfo.Kind kind : StructInfo.Kind.values()) {
      // only the counters the kind has: the others are always 0
      int span =
          kind == StructInfo.Kind.SIGNAL ? n * n * n : kind == StructInfo.Kind.MM ? n * n : n;
      for (int i = 0; i < span; i++) {
        out.add(countMap(kind, i % n, i / n % n, i / (n * n)));
      }
    }
    return out.build();
  }

  /** Where {@link #SMALL} keeps these values' map, or -1 when one is not small. */
  private static int small(StructInfo.Kind kind, int a, int b, int c) {
    int n = SMALL_LIMIT;
    if (a < 0 || a >= n || b < 0 || b >= n || c < 0 || c >= n) {
      return -1;
    }
    return switch (kind) {
      case MM -> c == 0 ? a + n * b : -1;
      case FS -> b == 0 && c == 0 ? n * n + a : -1;
      case FILES -> b == 0 && c == 0 ? n * n + n + a : -1;
      case SIGHAND -> b == 0 && c == 0 ? n * n + 2 * n + a : -1;
      case SIGNAL -> n * n + 3 * n + a + n * b + n * n * c;
    };
  }

  private static ImmutableMap<String, Integer> countMap(StructInfo.Kind kind, int a, int b, int c) {
    return switch (kind) {
      case MM -> ImmutableMap.of("mm_users", a, "mm_count", b);
      case FS -> ImmutableMap.of("users", a);
      case FILES, SIGHAND -> ImmutableMap.of("count", a);
      case SIGNAL -> ImmutableMap.of("sigcnt", a, "live", b, "nr_threads", c);
    };
  }

  /** The count map of these values, built once while the cache holds it. */
  private ImmutableMap<String, Integer> counts(StructInfo.Kind kind, int a, int b, int c) {
    int at = small(kind, a, b, c);
    if (at >= 0) {
      return SMALL.get(at);
    }
    Counts key = new Counts(kind, a, b, c);
    ImmutableMap<String, Integer> m = counts.get(key);
    if (m == null) {
      m = countMap(kind, a, b, c);
      if (counts.size() >= 1024) {
        counts.clear();
      }
      counts.put(key, m);
    }
    return m;
  }

  private StructInfo mmInfo(@Nullable MmStruct mm) {
    return mm == null
        ? new StructInfo(StructInfo.Kind.MM, 0, ImmutableMap.of())
        : new StructInfo(
            StructInfo.Kind.MM, mm.id(), counts(StructInfo.Kind.MM, mm.mmUsers(), mm.mmCount(), 0));
  }

  private StructInfo fsInfo(@Nullable FsStruct fs) {
    return fs == null
        ? new StructInfo(StructInfo.Kind.FS, 0, ImmutableMap.of())
        : new StructInfo(StructInfo.Kind.FS, fs.id, counts(StructInfo.Kind.FS, fs.users, 0, 0));
  }

  private StructInfo filesInfo(@Nullable FilesStruct files) {
    return files == null
        ? new StructInfo(StructInfo.Kind.FILES, 0, ImmutableMap.of())
        : new StructInfo(
            StructInfo.Kind.FILES, files.id, counts(StructInfo.Kind.FILES, files.count, 0, 0));
  }

  private StructInfo sighandInfo(@Nullable SighandStruct sighand) {
    return sighand == null
        ? new StructInfo(StructInfo.Kind.SIGHAND, 0, ImmutableMap.of())
        : new StructInfo(
            StructInfo.Kind.SIGHAND,
            sighand.id,
            counts(StructInfo.Kind.SIGHAND, sighand.count, 0, 0));
  }

  private StructInfo signalInfo(SignalStruct signal) {
    return new StructInfo(
        StructInfo.Kind.SIGNAL,
        signal.id,
        counts(StructInfo.Kind.SIGNAL, signal.sigcnt, signal.live, signal.nrThreads));
  }

  private TaskInfo info(Task t) {
    String state =
        switch (t.state) {
          case RUNNING -> "R";
          case INTERRUPTIBLE, KILLABLE -> "S " + t.waitLabel;
          case ZOMBIE -> "Z";
          case DEAD -> "X";
        };
    StructInfo mm = mmInfo(t.mm);
    StructInfo fs = fsInfo(t.fs);
    StructInfo files = filesInfo(t.files);
    StructInfo sighand = sighandInfo(t.sighand);
    StructInfo signal = signalInfo(t.signal);
    return new TaskInfo(
        t.pid,
        t.tgid,
        t.realParent == null ? 0 : t.realParent.pid,
        t.realParent == null ? 0 : t.realParent.tgid,
        t.comm,
        state,
        t.exitSignal,
        t.cred.uid(),
        ImmutableList.of(mm, fs, files, sighand, signal),
        t.tidIn(t.activePidNs()));
  }

  @Override
  public void injectFault(FailPoint point, int skip) {
    kernel.injectFault(point, skip);
  }

  @Override
  public void clearFaults() {
    kernel.clearFaults();
  }

  @Override
  public long sysctl(String name, long value) {
    switch (name) {
      case "kernel.pid_max" -> {
        long old = kernel.pidMax;
        if (value >= 0) {
          if (value < 301 || value > 4 * 1024 * 1024) {
            throw new IllegalArgumentException("kernel.pid_max must be within [301, 4194304]");
          }
          kernel.pidMax = (int) value;
        }
        return old;
      }
      case "kernel.threads-max" -> {
        long old = kernel.maxThreads;
        if (value >= 0) {
          if (value < Kernel.MIN_THREADS || value > Kernel.MAX_THREADS) {
            throw new IllegalArgumentException(
                "kernel.threads-max must be within [20, 0x3fffffff]");
          }
          kernel.maxThreads = (int) value;
        }
        return old;
      }
      case "fs.nr_open" -> {
        long old = kernel.nrOpen;
        if (value >= 0) {
          if (value < 64 || value > Integer.MAX_VALUE - 63) {
            throw new IllegalArgumentException("fs.nr_open must be within [64, 2147483584]");
          }
          kernel.nrOpen = (int) value;
        }
        return old;
      }
      default ->
          throw new IllegalArgumentException(
              "unknown sysctl " + name + "; use kernel.pid_max, kernel.threads-max or fs.nr_open");
    }
  }

  @Override
  public MachineConfig config() {
    return config;
  }

  @Override
  public String strace() {
    return Strace.lines(log.syscalls());
  }

  /**
   * The RLIMIT_NPROC default of this machine.
   *
   * @return max_threads / 2
   */
  public long defaultNproc() {
    return kernel.init.signal.rlim[Rlimits.RLIMIT_NPROC].cur();
  }
}
