package io.github.clonepath.kernel.syscall;

import io.github.clonepath.common.SyscallEvent;

/**
 * The strace 6.1 text of the address-space calls: what {@code strace -f} prints after the pid and
 * timestamp, such as {@code mprotect(0x7ffff77ff000, 8388608, PROT_READ|PROT_WRITE) = 0}.
 *
 * <p>The printers ({@link Calls}) make that text from a recorded call's arguments when a consumer
 * reads it; the calls record only what they did.
 *
 * <p>Addresses print in hex ({@code NULL} for 0), lengths as unsigned decimal, offsets in hex
 * ({@code 0} for 0). strace pads short lines to put {@code =} in column 40 of its own output; after
 * a pid and timestamp prefix that column is always passed, so the texts here carry no padding.
 */
public final class MmFormat {
  private MmFormat() {}

  /** The printers of the address-space calls (strace's mem.c), made from a recorded call. */
  public enum Calls implements SyscallEvent.Printer {
    /** mmap: arguments addr, len, prot, flags, fd, off. */
    MMAP {
      @Override
      public String text(SyscallEvent e) {
        return mmap(
            e.arg(0),
            e.arg(1),
            (int) e.arg(2),
            (int) e.arg(3),
            (int) e.arg(4),
            e.arg(5),
            e.result());
      }
    },
    /** munmap: arguments addr, len. */
    MUNMAP {
      @Override
      public String text(SyscallEvent e) {
        return munmap(e.arg(0), e.arg(1), e.result());
      }
    },
    /** mprotect: arguments addr, len, prot. */
    MPROTECT {
      @Override
      public String text(SyscallEvent e) {
        return mprotect(e.arg(0), e.arg(1), (int) e.arg(2), e.result());
      }
    },
    /** madvise: arguments addr, len, advice. */
    MADVISE {
      @Override
      public String text(SyscallEvent e) {
        return madvise(e.arg(0), e.arg(1), (int) e.arg(2), e.result());
      }
    }
  }

  /**
   * {@code mmap(addr, len, prot, flags, fd, off) = result}.
   *
   * @param addr the hint or fixed address
   * @param len the length
   * @param prot protection bits
   * @param flags mmap flags
   * @param fd the descriptor
   * @param off the offset
   * @param result the raw result: an address or {@code -errno}
   * @return the strace text
   */
  public static String mmap(
      long addr, long len, int prot, int flags, int fd, long off, long result) {
    return "mmap("
        + addr(addr)
        + ", "
        + Long.toUnsignedString(len)
        + ", "
        + Prot.format(prot)
        + ", "
        + MapFlags.format(flags)
        + ", "
        + fd
        + ", "
        + (off == 0 ? "0" : "0x" + Long.toHexString(off))
        + ") = "
        + (Errno.isError(result) ? error(result) : "0x" + Long.toHexString(result));
  }

  /**
   * {@code munmap(addr, len) = result}.
   *
   * @param addr the start
   * @param len the length
   * @param result 0 or {@code -errno}
   * @return the strace text
   */
  public static String munmap(long addr, long len, long result) {
    return "munmap(" + addr(addr) + ", " + Long.toUnsignedString(len) + ") = " + plain(result);
  }

  /**
   * {@code mprotect(addr, len, prot) = result}.
   *
   * @param addr the start
   * @param len the length
   * @param prot protection bits
   * @param result 0 or {@code -errno}
   * @return the strace text
   */
  public static String mprotect(long addr, long len, int prot, long result) {
    return "mprotect("
        + addr(addr)
        + ", "
        + Long.toUnsignedString(len)
        + ", "
        + Prot.format(prot)
        + ") = "
        + plain(result);
  }

  /**
   * {@code madvise(addr, len, advice) = result}.
   *
   * @param addr the start
   * @param len the length
   * @param advice the advice
   * @param result 0 or {@code -errno}
   * @return the strace text
   */
  public static String madvise(long addr, long len, int advice, long result) {
    return "madvise("
        + addr(addr)
        + ", "
        + Long.toUnsignedString(len)
        + ", "
        + Madvise.format(advice)
        + ") = "
        + plain(result);
  }

  /**
   * An address argument as strace prints it.
   *
   * @param addr the address
   * @return {@code NULL} for 0, else {@code 0x...}
   */
  public static String addr(long addr) {
    return addr == 0 ? "NULL" : "0x" + Long.toHexString(addr);
  }

  /**
   * A failed call's result: {@code -1 ENOMEM (Cannot allocate memory)}.
   *
   * @param result a raw {@code -errno}
   * @return the strace text after {@code = }
   */
  public static String error(long result) {
    Errno e = Errno.ofResult(result);
    return "-1 " + e.name() + " (" + e.text() + ")";
  }

  private static String plain(long result) {
    return Errno.isError(result) ? error(result) : Long.toString(result);
  }
}
