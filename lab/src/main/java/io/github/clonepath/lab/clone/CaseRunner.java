package io.github.clonepath.lab.clone;

import io.github.clonepath.kernel.syscall.CloneFlags;
import io.github.clonepath.kernel.syscall.Continuation;
import io.github.clonepath.kernel.syscall.Errno;
import io.github.clonepath.kernel.syscall.Machine;
import io.github.clonepath.kernel.syscall.MachineConfig;
import io.github.clonepath.kernel.syscall.MapFlags;
import io.github.clonepath.kernel.syscall.Prot;
import io.github.clonepath.kernel.syscall.UserContext;

/**
 * Runs one {@link CloneCase} in a fresh single-threaded process of a fresh machine and reports what
 * the call returned.
 *
 * <p>The process maps its own scratch memory first: the {@code struct clone_args} at the start of
 * one page, the pidfd, parent_tid and child_tid words and the TLS block on the next pages, the
 * set_tid array on another; the addresses an {@code extra=} item asks to be bad are a page that was
 * mapped and unmapped again, so nothing is there.
 */
public final class CaseRunner {
  private static final int RW = Prot.PROT_READ | Prot.PROT_WRITE;
  private static final int ANON = MapFlags.MAP_PRIVATE | MapFlags.MAP_ANONYMOUS;

  /** Offsets in the scratch area. */
  private static final long PIDFD = 0x1000;

  private static final long PARENT_TID = 0x1008;
  private static final long CHILD_TID = 0x1010;
  private static final long TLS = 0x2000;
  private static final long SET_TID = 0x3000;
  private static final long SCRATCH_SIZE = 0x4000;

  /** The set_tid number used when {@code set_tid_val} is not given: one no fresh machine uses. */
  public static final int DEFAULT_SET_TID_VAL = 1000;

  /** The name of the process that makes the call. */
  public static final String COMM = "clone-lab";

  private final MachineConfig config;

  /**
   * A runner on machines of one configuration.
   *
   * @param config the machine booted for each case
   */
  public CaseRunner(MachineConfig config) {
    this.config = config;
  }

  /** What a case did. */
  record Outcome(Machine machine, int caller, long result) {}

  /** Code that runs around the call, for the lab; each hook receives the case's machine. */
  interface Hooks {
    /**
     * Runs in the caller right before the call.
     *
     * @param machine the machine
     */
    void beforeCall(Machine machine);

    /**
     * The child's code.
     *
     * @param machine the machine
     * @return what the child runs
     */
    Continuation child(Machine machine);

    /**
     * The caller's code after the call returned (with the result); it must end the process.
     *
     * @param machine the machine
     * @return what the caller runs next
     */
    Continuation after(Machine machine);
  }

  /** The batch's hooks: the child exits at once, the caller ends its process. */
  private static final Hooks EXIT_AT_ONCE =
      new Hooks() {
        @Override
        public void beforeCall(Machine machine) {}

        @Override
        public Continuation child(Machine machine) {
          return (child, zero) -> child.exit(0);
        }

        @Override
        public Continuation after(Machine machine) {
          return (ctx, r) -> ctx.exitGroup(0);
        }
      };

  /**
   * Runs a case whose child exits at once.
   *
   * @param c the case
   * @return the raw result: the child's pid or {@code -errno}
   */
  public long run(CloneCase c) {
    return run(c, EXIT_AT_ONCE).result();
  }

  /**
   * Runs a case with given code around the call.
   *
   * @param c the case
   * @param hooks the code before the call, of the child, and of the caller after the call
   * @return the machine, the caller's pid and the result
   */
  Outcome run(CloneCase c, Hooks hooks) {
    Machine machine = Machine.boot(config);
    long[] result = {Long.MIN_VALUE};
    Continuation child = hooks.child(machine);
    Continuation after = hooks.after(machine);
    int pid =
        machine.spawn(
            COMM,
            (ctx, ignored) -> {
              Call call = prepare(ctx, c, machine);
              Continuation next =
                  (ctx2, r) -> {
                    result[0] = r;
                    after.resume(ctx2, r);
                  };
              hooks.beforeCall(machine);
              if (c.clone3()) {
                ctx.clone3(call.args, c.size(), child, next);
              } else {
                ctx.clone(
                    call.flags, call.stack, call.parentTid, call.childTid, call.tls, child, next);
              }
            });
    machine.run();
    if (result[0] == Long.MIN_VALUE) {
      throw new IllegalStateException("the clone call of '" + c.line() + "' never returned");
    }
    return new Outcome(machine, pid, result[0]);
  }

  /** The raw arguments of one call. */
  private record Call(long args, long flags, long stack, long parentTid, long childTid, long tls) {}

  private static long map(UserContext ctx, long len) {
    long a = ctx.mmap(0, len, RW, ANON, -1, 0);
    if (Errno.isError(a)) {
      throw new IllegalStateException("cannot map scratch memory: " + Errno.ofResult(a));
    }
    return a;
  }

  /** An address with nothing mapped: a page mapped and unmapped again. */
  private static long unmapped(UserContext ctx) {
    long a = map(ctx, 4096);
    ctx.munmap(a, 4096);
    return a;
  }

  private static Call prepare(UserContext ctx, CloneCase c, Machine machine) {
    long base = map(ctx, SCRATCH_SIZE);
    String extra;
    long stack = 0;
    if (c.extra().containsKey("stack_addr")) {
      stack = Long.parseUnsignedLong(c.extra().get("stack_addr").substring(2), 16);
    } else if (c.stack()) {
      long len = Math.max(CloneCase.DEFAULT_STACK_SIZE, (c.stackSize() + 4095) & ~4095L);
      if (len > (1L << 30)) {
        len = CloneCase.DEFAULT_STACK_SIZE;
      }
      long s = ctx.mmap(0, len, RW, ANON | MapFlags.MAP_STACK, -1, 0);
      if (Errno.isError(s)) {
        throw new IllegalStateException("cannot map a stack: " + Errno.ofResult(s));
      }
      stack = c.clone3() ? s : s + len;
    }
    long pidfd = base + PIDFD;
    long parentTid = base + PARENT_TID;
    long childTid = base + CHILD_TID;
    long tls = base + TLS;
    extra = c.extra().getOrDefault("pidfd", "");
    if (extra.equals("null")) {
      pidfd = 0;
    } else if (extra.equals("same_as_parent_tid")) {
      pidfd = parentTid;
    }
    if ("null".equals(c.extra().get("parent_tid"))) {
      parentTid = 0;
    }
    if ("unmapped".equals(c.extra().get("child_tid"))) {
      childTid = unmapped(ctx);
    }
    if ("noncanonical".equals(c.extra().get("tls"))) {
      tls = 1L << 63;
    }
    if (!c.clone3()) {
      long word = c.flags() | c.exitSignal();
      // Legacy clone has one pointer for pidfd and parent_tid.
      long ptid = (c.flags() & CloneFlags.CLONE_PIDFD) != 0 && pidfd == 0 ? 0 : parentTid;
      return new Call(0, word, stack, ptid, childTid, tls);
    }
    long setTid = 0;
    String st = c.extra().getOrDefault("set_tid", "null");
    // u64 in struct clone_args: any value reaches the kernel, which checks it
    long setTidSize =
        Long.parseUnsignedLong(
            c.extra().getOrDefault("set_tid_size", st.equals("null") ? "0" : "1"));
    if (st.equals("valid")) {
      setTid = base + SET_TID;
      String v = c.extra().getOrDefault("set_tid_val", Integer.toString(DEFAULT_SET_TID_VAL));
      int val =
          v.equals("pid_max") ? (int) machine.sysctl("kernel.pid_max", -1) : Integer.parseInt(v);
      long filled = Long.compareUnsigned(setTidSize, 1024) < 0 ? setTidSize : 1024;
      for (int i = 0; i < filled; i++) {
        ctx.store32(setTid + 4L * i, val);
      }
    } else if (st.equals("unmapped")) {
      setTid = unmapped(ctx);
    }
    long cgroup = Long.parseUnsignedLong(c.extra().getOrDefault("cgroup", "0"));
    long args = base;
    String where = c.extra().getOrDefault("args", "");
    if (where.equals("page_end")) {
      long two = map(ctx, 8192);
      ctx.munmap(two + 4096, 4096);
      args = two + 4096 - 88;
    }
    long[] words = {
      c.flags(),
      pidfd,
      childTid,
      parentTid,
      c.exitSignal(),
      stack,
      c.stackSize(),
      tls,
      setTid,
      setTidSize,
      cgroup
    };
    for (int i = 0; i < words.length; i++) {
      ctx.store64(args + 8L * i, words[i]);
    }
    if ("nonzero".equals(c.extra().get("tail")) && !where.equals("page_end")) {
      for (long off = 88; off < Math.min(c.size(), 4096 - 8); off += 8) {
        ctx.store64(args + off, -1L);
      }
    }
    if (where.equals("null")) {
      args = 0;
    }
    return new Call(args, 0, 0, 0, 0, 0);
  }
}
