package io.github.clonepath.kernel.entry;

import static io.github.clonepath.kernel.syscall.CloneFlags.*;

import io.github.clonepath.kernel.mm.MmStruct;
import io.github.clonepath.kernel.syscall.CloneFlags;
import io.github.clonepath.kernel.syscall.Errno;
import io.github.clonepath.kernel.syscall.Signals;
import io.github.clonepath.kernel.syscall.Strace;
import io.github.clonepath.kernel.task.Uaccess;

/**
 * clone and clone3 as strace 6.1 prints them (decoded at syscall exit, reading user memory then, as
 * strace does). Field choice and order were checked against real captures on the reference machine.
 */
final class CloneText {
  private CloneText() {}

  private static String intAt(MmStruct mm, long addr) {
    try {
      if ((addr & 3) == 0 && Uaccess.accessOk(addr, 4)) {
        return "[" + mm.load32(addr) + "]";
      }
    } catch (io.github.clonepath.kernel.syscall.UserFault e) {
      // unreadable: strace prints the address
    }
    return Strace.addr(addr);
  }

  /** {@code clone(child_stack=..., flags=...[, parent_tid=...][, tls=...][, child_tidptr=...])}. */
  static String clone(MmStruct mm, long flags, long stack, long ptid, long ctid, long tls, long r) {
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
      sb.append(", parent_tid=").append(intAt(mm, ptid));
    }
    if ((low & CLONE_SETTLS) != 0) {
      sb.append(", tls=").append(Strace.addr(tls));
    }
    if ((low & (CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID)) != 0) {
      sb.append(", child_tidptr=").append(Strace.addr(ctid));
    }
    return sb.append(") = ").append(Strace.result(r)).toString();
  }

  /** The clone3 line; the struct is printed as its address when it could not be read. */
  static String clone3(MmStruct mm, long uargs, long size, long r) {
    String body = clone3Struct(mm, uargs, size, r);
    return "clone3(" + body + ", " + size + ") = " + Strace.result(r);
  }

  private static String clone3Struct(MmStruct mm, long uargs, long size, long r) {
    if (size < 64 || uargs == 0) {
      return Strace.addr(uargs);
    }
    int fetch = (int) Math.min(size, 4096);
    long[] w = Uaccess.copyFromUser(mm, uargs, fetch);
    if (w == null) {
      return Strace.addr(uargs);
    }
    long[] a = new long[11];
    System.arraycopy(w, 0, a, 0, Math.min(11, w.length));
    if (size < 88) {
      for (int i = (int) (size / 8); i < 11; i++) {
        a[i] = 0;
      }
    }
    long flags = a[0];
    StringBuilder sb = new StringBuilder("{flags=").append(CloneFlags.format(flags, true));
    if ((flags & CLONE_PIDFD) != 0) {
      sb.append(", pidfd=").append(Strace.addr(a[1]));
    }
    if ((flags & (CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID)) != 0) {
      sb.append(", child_tid=").append(Strace.addr(a[2]));
    }
    if ((flags & CLONE_PARENT_SETTID) != 0) {
      sb.append(", parent_tid=").append(Strace.addr(a[3]));
    }
    long es = a[4];
    sb.append(", exit_signal=")
        .append(
            Long.compareUnsigned(es, Integer.MAX_VALUE) <= 0
                ? Signals.name(es)
                : "0x" + Long.toHexString(es));
    sb.append(", stack=").append(Strace.addr(a[5]));
    sb.append(", stack_size=").append(a[6] == 0 ? "0" : "0x" + Long.toHexString(a[6]));
    if ((flags & CLONE_SETTLS) != 0) {
      sb.append(", tls=").append(Strace.addr(a[7]));
    }
    if (size >= 80 && (a[8] != 0 || a[9] != 0)) {
      sb.append(", set_tid=").append(setTid(mm, a[8], a[9]));
      sb.append(", set_tid_size=").append(Long.toUnsignedString(a[9]));
    }
    if (size >= 88 && (a[10] != 0 || (flags & CLONE_INTO_CGROUP) != 0)) {
      sb.append(", cgroup=").append(Long.toUnsignedString(a[10]));
    }
    if (size > 88) {
      StringBuilder t = new StringBuilder("\"");
      int n = (int) Math.min(fetch - 88, 32);
      for (int i = 0; i < n; i++) {
        int b = (int) ((w[(88 + i) / 8] >>> (((88 + i) % 8) * 8)) & 0xff);
        t.append(String.format("\\x%02x", b));
      }
      t.append('"');
      if (fetch - 88 > 32) {
        t.append("...");
      }
      sb.append(", /* bytes 88..").append(fetch - 1).append(" */ ").append(t);
    }
    sb.append('}');
    if (!Errno.isError(r) && (flags & (CLONE_PIDFD | CLONE_PARENT_SETTID)) != 0) {
      sb.append(" => {");
      boolean first = true;
      if ((flags & CLONE_PIDFD) != 0) {
        sb.append("pidfd=").append(intAt(mm, a[1]));
        first = false;
      }
      if ((flags & CLONE_PARENT_SETTID) != 0) {
        sb.append(first ? "" : ", ").append("parent_tid=").append(intAt(mm, a[3]));
      }
      sb.append('}');
    }
    return sb.toString();
  }

  private static String setTid(MmStruct mm, long addr, long n) {
    if (n == 0 || Long.compareUnsigned(n, 32) > 0) {
      return Strace.addr(addr);
    }
    long[] w = Uaccess.copyFromUser(mm, addr, (int) n * 4);
    if (w == null) {
      return Strace.addr(addr);
    }
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append((int) (w[i / 2] >>> ((i % 2) * 32)));
    }
    return sb.append(']').toString();
  }
}
