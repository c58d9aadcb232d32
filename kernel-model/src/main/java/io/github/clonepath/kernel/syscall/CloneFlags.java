package io.github.clonepath.kernel.syscall;

import com.google.common.collect.ImmutableMap;
import com.google.common.collect.Maps;
import java.util.Map;

/**
 * The {@code CLONE_*} flag bits of {@code include/uapi/linux/sched.h}, and their names as strace
 * prints them.
 *
 * <p>Legacy {@code clone} passes the exit signal in the low byte ({@link #CSIGNAL}); {@code clone3}
 * takes the full 64-bit word and a separate {@code exit_signal} field.
 */
public final class CloneFlags {
  /** Mask of the exit signal in legacy clone's flags word. */
  public static final long CSIGNAL = 0x000000ffL;

  /** New time namespace for the children (clone3 and unshare only). */
  public static final long CLONE_NEWTIME = 0x00000080L;

  /** Share the address space. */
  public static final long CLONE_VM = 0x00000100L;

  /** Share root, cwd and umask. */
  public static final long CLONE_FS = 0x00000200L;

  /** Share the file descriptor table. */
  public static final long CLONE_FILES = 0x00000400L;

  /** Share the signal handlers. */
  public static final long CLONE_SIGHAND = 0x00000800L;

  /** Return a pidfd. */
  public static final long CLONE_PIDFD = 0x00001000L;

  /** Continue tracing the child if the caller is traced. */
  public static final long CLONE_PTRACE = 0x00002000L;

  /** The caller sleeps until the child releases its mm. */
  public static final long CLONE_VFORK = 0x00004000L;

  /** The child's parent is the caller's parent. */
  public static final long CLONE_PARENT = 0x00008000L;

  /** Same thread group. */
  public static final long CLONE_THREAD = 0x00010000L;

  /** New mount namespace. */
  public static final long CLONE_NEWNS = 0x00020000L;

  /** Share System V semaphore undo values. */
  public static final long CLONE_SYSVSEM = 0x00040000L;

  /** Set the child's TLS (the FS base on x86-64). */
  public static final long CLONE_SETTLS = 0x00080000L;

  /** Store the child's tid in the caller's memory. */
  public static final long CLONE_PARENT_SETTID = 0x00100000L;

  /** Clear the tid in the child's memory and wake a futex waiter when it exits. */
  public static final long CLONE_CHILD_CLEARTID = 0x00200000L;

  /** Obsolete; ignored by clone, refused by clone3. */
  public static final long CLONE_DETACHED = 0x00400000L;

  /** A tracer cannot force CLONE_PTRACE. */
  public static final long CLONE_UNTRACED = 0x00800000L;

  /** Store the child's tid in the child's memory. */
  public static final long CLONE_CHILD_SETTID = 0x01000000L;

  /** New cgroup namespace. */
  public static final long CLONE_NEWCGROUP = 0x02000000L;

  /** New UTS namespace. */
  public static final long CLONE_NEWUTS = 0x04000000L;

  /** New IPC namespace. */
  public static final long CLONE_NEWIPC = 0x08000000L;

  /** New user namespace. */
  public static final long CLONE_NEWUSER = 0x10000000L;

  /** New pid namespace. */
  public static final long CLONE_NEWPID = 0x20000000L;

  /** New network namespace. */
  public static final long CLONE_NEWNET = 0x40000000L;

  /** Share the I/O context. */
  public static final long CLONE_IO = 0x80000000L;

  /** clone3 only: reset handlers that are not ignored to the default. */
  public static final long CLONE_CLEAR_SIGHAND = 0x100000000L;

  /** clone3 only: start the child in the cgroup given by a directory fd. */
  public static final long CLONE_INTO_CGROUP = 0x200000000L;

  /** Every flag by its name, lowest bit first (the order strace prints them in). */
  public static final ImmutableMap<String, Long> BY_NAME =
      ImmutableMap.<String, Long>builder()
          .put("CLONE_NEWTIME", CLONE_NEWTIME)
          .put("CLONE_VM", CLONE_VM)
          .put("CLONE_FS", CLONE_FS)
          .put("CLONE_FILES", CLONE_FILES)
          .put("CLONE_SIGHAND", CLONE_SIGHAND)
          .put("CLONE_PIDFD", CLONE_PIDFD)
          .put("CLONE_PTRACE", CLONE_PTRACE)
          .put("CLONE_VFORK", CLONE_VFORK)
          .put("CLONE_PARENT", CLONE_PARENT)
          .put("CLONE_THREAD", CLONE_THREAD)
          .put("CLONE_NEWNS", CLONE_NEWNS)
          .put("CLONE_SYSVSEM", CLONE_SYSVSEM)
          .put("CLONE_SETTLS", CLONE_SETTLS)
          .put("CLONE_PARENT_SETTID", CLONE_PARENT_SETTID)
          .put("CLONE_CHILD_CLEARTID", CLONE_CHILD_CLEARTID)
          .put("CLONE_DETACHED", CLONE_DETACHED)
          .put("CLONE_UNTRACED", CLONE_UNTRACED)
          .put("CLONE_CHILD_SETTID", CLONE_CHILD_SETTID)
          .put("CLONE_NEWCGROUP", CLONE_NEWCGROUP)
          .put("CLONE_NEWUTS", CLONE_NEWUTS)
          .put("CLONE_NEWIPC", CLONE_NEWIPC)
          .put("CLONE_NEWUSER", CLONE_NEWUSER)
          .put("CLONE_NEWPID", CLONE_NEWPID)
          .put("CLONE_NEWNET", CLONE_NEWNET)
          .put("CLONE_IO", CLONE_IO)
          .put("CLONE_CLEAR_SIGHAND", CLONE_CLEAR_SIGHAND)
          .put("CLONE_INTO_CGROUP", CLONE_INTO_CGROUP)
          .buildOrThrow();

  /** The names strace prints for legacy clone: the 32-bit flags without NEWTIME. */
  private static final ImmutableMap<String, Long> LEGACY_NAMES =
      ImmutableMap.copyOf(
          Maps.filterValues(
              BY_NAME,
              bit ->
                  bit != CLONE_NEWTIME && bit != CLONE_CLEAR_SIGHAND && bit != CLONE_INTO_CGROUP));

  private CloneFlags() {}

  /**
   * Prints flag bits as strace does: known names joined by {@code |}, any unnamed rest as hex, and
   * a value with no named bit as {@code 0x1000000000 /* CLONE_??? *}{@code /}. Legacy clone's table
   * ({@code withNewtime} false) lacks NEWTIME, because its low byte is the exit signal, and the
   * clone3-only CLEAR_SIGHAND and INTO_CGROUP: strace 6.1 prints bit 32 of a clone's flags as
   * {@code 0x100000000 /* CLONE_??? *}{@code /}.
   *
   * @param flags the bits
   * @param withNewtime true for clone3's table, false for legacy clone's
   * @return for example {@code CLONE_VM|CLONE_FS|0x10000000000}, or {@code 0}
   */
  public static String format(long flags, boolean withNewtime) {
    if (flags == 0) {
      return "0";
    }
    Map<String, Long> names = withNewtime ? BY_NAME : LEGACY_NAMES;
    return FlagText.join(names, flags, new StringBuilder(), "CLONE_???");
  }
}
