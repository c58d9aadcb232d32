package io.github.clonepath.kernel.entry;

import static io.github.clonepath.kernel.syscall.CloneFlags.*;

import io.github.clonepath.common.SyscallEvent;
import io.github.clonepath.kernel.mm.MmStruct;
import io.github.clonepath.kernel.syscall.CloneFlags;
import io.github.clonepath.kernel.syscall.Errno;
import io.github.clonepath.kernel.syscall.Signals;
import io.github.clonepath.kernel.syscall.Strace;
import io.github.clonepath.kernel.task.Uaccess;
import org.jspecify.annotations.Nullable;

/**
 * clone, clone3 and set_tid_address as strace 6.1 prints them (its clone.c). strace decodes them at
 * syscall exit, reading user memory then: the call captures those reads ({@link #cloneRead}, {@link
 * #clone3Read}) into an immutable value when it is recorded, and the printers ({@link #CLONE},
 * {@link #CLONE3}) make the text from that value and the raw arguments when it is read. Field
 * choice and order were checked against real captures on the reference machine.
 */
enum CloneText implements SyscallEvent.Printer {
  /** clone's printer: arguments flags, stack, parent_tid, child_tid, tls; a {@link CloneRead}. */
  CLONE(
      e ->
          Strace.ret(
              clone(
                  e.arg(0),
                  e.arg(1),
                  e.arg(2),
                  e.arg(3),
                  e.arg(4),
                  e.decoded(CloneRead.class).parentTid()),
              e)),
  /**
   * clone3's printer: arguments uargs, size; a {@link Clone3Read}, none when the struct was not
   * read (then its address).
   */
  CLONE3(
      e -> {
        StringBuilder sb = new StringBuilder(384).append("clone3(");
        clone3Struct(sb, e.arg(0), e.arg(1), e.result(), e.decoded(Clone3Read.class));
        return Strace.ret(sb.append(", ").append(e.arg(1)).append(')'), e);
      }),
  /** set_tid_address's printer: argument tidptr. */
  SET_TID_ADDRESS(e -> Strace.ret("set_tid_address(" + Strace.addr(e.arg(0)) + ")", e));

  private final SyscallEvent.Printer printer;

  CloneText(SyscallEvent.Printer printer) {
    this.printer = printer;
  }

  @Override
  public String text(SyscallEvent call) {
    return printer.text(call);
  }

  /**
   * What clone's line reads at exit.
   *
   * @param parentTid the int at parent_tid, or null when it is not printed or cannot be read
   */
  record CloneRead(@Nullable Integer parentTid) {}

  /**
   * A {@code struct clone_args} as clone3's line shows it: the fields the size given covers, the
   * rest 0.
   *
   * @param flags flags
   * @param pidfd the pidfd pointer
   * @param childTid the child_tid pointer
   * @param parentTid the parent_tid pointer
   * @param exitSignal exit_signal
   * @param stack stack
   * @param stackSize stack_size
   * @param tls tls
   * @param setTid the set_tid pointer
   * @param setTidSize set_tid_size
   * @param cgroup cgroup
   */
  record CloneArgs(
      long flags,
      long pidfd,
      long childTid,
      long parentTid,
      long exitSignal,
      long stack,
      long stackSize,
      long tls,
      long setTid,
      long setTidSize,
      long cgroup) {}

  /**
   * What clone3's line reads at exit.
   *
   * @param args the struct
   * @param fetch how many bytes strace fetched (the size, at most 4096)
   * @param tail up to 32 bytes past the known struct, for a size above 88
   * @param setTid the set_tid array, or null when it is printed as its address
   * @param pidfd the int at pidfd after a successful call, or null
   * @param parentTid the int at parent_tid after a successful call, or null
   */
  record Clone3Read(
      CloneArgs args,
      int fetch,
      byte[] tail,
      int @Nullable [] setTid,
      @Nullable Integer pidfd,
      @Nullable Integer parentTid) {}

  /** The int at {@code addr} as strace reads it, or null when it cannot be read. */
  private static @Nullable Integer intAt(MmStruct mm, long addr) {
    try {
      if ((addr & 3) == 0 && Uaccess.accessOk(addr, 4)) {
        return mm.load32(addr);
      }
    } catch (io.github.clonepath.kernel.syscall.UserFault e) {
      // unreadable: strace prints the address
    }
    return null;
  }

  private static String intText(@Nullable Integer v, long addr) {
    return v == null ? Strace.addr(addr) : "[" + v + "]";
  }

  private static void intText(StringBuilder sb, @Nullable Integer v, long addr) {
    if (v == null) {
      Strace.appendAddr(sb, addr);
    } else {
      sb.append('[').append(v.intValue()).append(']');
    }
  }

  /** Captures what clone's line reads at exit: the parent_tid int when the flags print it. */
  static CloneRead cloneRead(MmStruct mm, long flags, long ptid) {
    boolean printed = ((flags & 0xffffffffL) & (CLONE_PARENT_SETTID | CLONE_PIDFD)) != 0;
    return new CloneRead(printed ? intAt(mm, ptid) : null);
  }

  /** {@code clone(child_stack=..., flags=...[, parent_tid=...][, tls=...][, child_tidptr=...])}. */
  private static String clone(
      long flags, long stack, long ptid, long ctid, long tls, @Nullable Integer ptidValue) {
    long low = flags & 0xffffffffL;
    long sig = low & CSIGNAL;
    // strace prints the whole register; the kernel reads only its low 32 bits.
    long rest = flags & ~CSIGNAL;
    String f;
    if (rest == 0) {
      f = Signals.name(sig);
    } else {
      f = CloneFlags.format(rest, false) + (sig != 0 ? "|" + Signals.name(sig) : "");
    }
    StringBuilder sb = new StringBuilder("clone(child_stack=").append(Strace.addr(stack));
    sb.append(", flags=").append(f);
    if ((low & (CLONE_PARENT_SETTID | CLONE_PIDFD)) != 0) {
      sb.append(", parent_tid=").append(intText(ptidValue, ptid));
    }
    if ((low & CLONE_SETTLS) != 0) {
      sb.append(", tls=").append(Strace.addr(tls));
    }
    if ((low & (CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID)) != 0) {
      sb.append(", child_tidptr=").append(Strace.addr(ctid));
    }
    return sb.append(')').toString();
  }

  /**
   * Captures what clone3's line reads at exit: the struct (null when too small or unreadable: it is
   * printed as its address), the set_tid array, and after success the pidfd and parent_tid ints.
   */
  static @Nullable Clone3Read clone3Read(MmStruct mm, long uargs, long size, long r) {
    if (size < 64 || uargs == 0) {
      return null;
    }
    int fetch = (int) Math.min(size, 4096);
    long[] w = Uaccess.copyFromUser(mm, uargs, fetch);
    if (w == null) {
      return null;
    }
    long[] a = new long[11];
    System.arraycopy(w, 0, a, 0, Math.min(11, w.length));
    if (size < 88) {
      for (int i = (int) (size / 8); i < 11; i++) {
        a[i] = 0;
      }
    }
    byte[] tail = new byte[size > 88 ? (int) Math.min(fetch - 88, 32) : 0];
    for (int i = 0; i < tail.length; i++) {
      tail[i] = (byte) (w[(88 + i) / 8] >>> (((88 + i) % 8) * 8));
    }
    CloneArgs args =
        new CloneArgs(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10]);
    long flags = a[0];
    int[] setTid = size >= 80 && (a[8] != 0 || a[9] != 0) ? setTid(mm, a[8], a[9]) : null;
    Integer pidfd = null;
    Integer parentTid = null;
    if (!Errno.isError(r)) {
      if ((flags & CLONE_PIDFD) != 0) {
        pidfd = intAt(mm, a[1]);
      }
      if ((flags & CLONE_PARENT_SETTID) != 0) {
        parentTid = intAt(mm, a[3]);
      }
    }
    return new Clone3Read(args, fetch, tail, setTid, pidfd, parentTid);
  }

  private static void clone3Struct(
      StringBuilder sb, long uargs, long size, long r, @Nullable Clone3Read read) {
    if (read == null) {
      Strace.appendAddr(sb, uargs);
      return;
    }
    CloneArgs a = read.args();
    long flags = a.flags();
    sb.append("{flags=").append(CloneFlags.format(flags, true));
    if ((flags & CLONE_PIDFD) != 0) {
      Strace.appendAddr(sb.append(", pidfd="), a.pidfd());
    }
    if ((flags & (CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID)) != 0) {
      Strace.appendAddr(sb.append(", child_tid="), a.childTid());
    }
    if ((flags & CLONE_PARENT_SETTID) != 0) {
      Strace.appendAddr(sb.append(", parent_tid="), a.parentTid());
    }
    long es = a.exitSignal();
    sb.append(", exit_signal=")
        .append(
            Long.compareUnsigned(es, Integer.MAX_VALUE) <= 0
                ? Signals.name(es)
                : "0x" + Long.toHexString(es));
    Strace.appendAddr(sb.append(", stack="), a.stack());
    sb.append(", stack_size=");
    if (a.stackSize() == 0) {
      sb.append('0');
    } else {
      sb.append("0x").append(Long.toHexString(a.stackSize()));
    }
    if ((flags & CLONE_SETTLS) != 0) {
      Strace.appendAddr(sb.append(", tls="), a.tls());
    }
    if (size >= 80 && (a.setTid() != 0 || a.setTidSize() != 0)) {
      sb.append(", set_tid=").append(setTidText(read.setTid(), a.setTid()));
      sb.append(", set_tid_size=").append(Long.toUnsignedString(a.setTidSize()));
    }
    if (size >= 88 && (a.cgroup() != 0 || (flags & CLONE_INTO_CGROUP) != 0)) {
      sb.append(", cgroup=").append(Long.toUnsignedString(a.cgroup()));
    }
    if (size > 88) {
      StringBuilder t = new StringBuilder("\"");
      for (byte b : read.tail()) {
        t.append(String.format("\\x%02x", b & 0xff));
      }
      t.append('"');
      if (read.fetch() - 88 > 32) {
        t.append("...");
      }
      sb.append(", /* bytes 88..").append(read.fetch() - 1).append(" */ ").append(t);
    }
    sb.append('}');
    if (!Errno.isError(r) && (flags & (CLONE_PIDFD | CLONE_PARENT_SETTID)) != 0) {
      sb.append(" => {");
      boolean first = true;
      if ((flags & CLONE_PIDFD) != 0) {
        sb.append("pidfd=").append(intText(read.pidfd(), a.pidfd()));
        first = false;
      }
      if ((flags & CLONE_PARENT_SETTID) != 0) {
        sb.append(first ? "" : ", ").append("parent_tid=");
        intText(sb, read.parentTid(), a.parentTid());
      }
      sb.append('}');
    }
  }

  /** The set_tid array, or null when strace prints its address (too long, empty or unreadable). */
  private static int @Nullable [] setTid(MmStruct mm, long addr, long n) {
    if (n == 0 || Long.compareUnsigned(n, 32) > 0) {
      return null;
    }
    long[] w = Uaccess.copyFromUser(mm, addr, (int) n * 4);
    if (w == null) {
      return null;
    }
    int[] out = new int[(int) n];
    for (int i = 0; i < n; i++) {
      out[i] = (int) (w[i / 2] >>> ((i % 2) * 32));
    }
    return out;
  }

  private static String setTidText(int @Nullable [] ids, long addr) {
    if (ids == null) {
      return Strace.addr(addr);
    }
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < ids.length; i++) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append(ids[i]);
    }
    return sb.append(']').toString();
  }
}
