package io.github.clonepath.kernel.task;

import io.github.clonepath.kernel.mm.MmStruct;
import io.github.clonepath.kernel.syscall.Abi;
import io.github.clonepath.kernel.syscall.UserFault;
import org.jspecify.annotations.Nullable;

/**
 * The kernel's user-memory accessors ({@code include/linux/uaccess.h}) over the word store of an
 * address space: byte-granular reads built from aligned 64-bit loads, so structures at any address
 * and lengths that are not whole words are read as the kernel reads them.
 */
public final class Uaccess {
  private Uaccess() {}

  /**
   * {@code access_ok}: the range lies below TASK_SIZE_MAX without wrapping (whether it is mapped is
   * not checked, as in Linux).
   *
   * @param addr start
   * @param len length
   * @return true if in range
   */
  public static boolean accessOk(long addr, long len) {
    return Long.compareUnsigned(len, Abi.TASK_SIZE_MAX) <= 0
        && Long.compareUnsigned(addr, Abi.TASK_SIZE_MAX - len) <= 0;
  }

  /**
   * Reads one byte.
   *
   * @param mm the address space
   * @param addr the byte
   * @return 0..255
   * @throws UserFault if unmapped
   */
  public static int getByte(MmStruct mm, long addr) {
    if (!accessOk(addr, 1)) {
      throw new UserFault(addr, "beyond TASK_SIZE");
    }
    long w = mm.load64(addr & ~7L);
    return (int) ((w >>> ((addr & 7) * 8)) & 0xff);
  }

  /**
   * {@code copy_from_user} of {@code len} bytes as little-endian 64-bit words (the last one
   * zero-padded).
   *
   * @param mm the address space
   * @param addr the source
   * @param len bytes
   * @return the words, or null on a fault
   */
  public static long @Nullable [] copyFromUser(MmStruct mm, long addr, int len) {
    long[] out = new long[(len + 7) / 8];
    try {
      if ((addr & 7) == 0) {
        for (int i = 0; i < len / 8; i++) {
          out[i] = mm.load64(addr + 8L * i);
        }
        for (int b = len / 8 * 8; b < len; b++) {
          out[b / 8] |= ((long) getByte(mm, addr + b)) << ((b % 8) * 8);
        }
      } else {
        for (int b = 0; b < len; b++) {
          out[b / 8] |= ((long) getByte(mm, addr + b)) << ((b % 8) * 8);
        }
      }
      return out;
    } catch (UserFault e) {
      return null;
    }
  }

  /**
   * {@code check_zeroed_user}: whether {@code len} bytes at {@code addr} are all zero.
   *
   * @param mm the address space
   * @param addr start
   * @param len length
   * @return 1 all zero, 0 not, -1 on a fault
   */
  public static int checkZeroedUser(MmStruct mm, long addr, long len) {
    try {
      long b = 0;
      while (b < len) {
        long a = addr + b;
        if ((a & 7) == 0 && len - b >= 8) {
          if (mm.load64(a) != 0) {
            return 0;
          }
          b += 8;
        } else {
          if (getByte(mm, a) != 0) {
            return 0;
          }
          b++;
        }
      }
      return 1;
    } catch (UserFault e) {
      return -1;
    }
  }

  /**
   * {@code put_user} of a 32-bit value, faults reported as false.
   *
   * @param mm the address space
   * @param addr a 4-aligned address
   * @param v the value
   * @return whether it was stored
   */
  public static boolean putUser32(MmStruct mm, long addr, int v) {
    try {
      if (!accessOk(addr, 4) || (addr & 3) != 0) {
        return false;
      }
      mm.store32(addr, v);
      return true;
    } catch (UserFault e) {
      return false;
    }
  }

  /**
   * {@code put_user} of a 64-bit value, faults reported as false.
   *
   * @param mm the address space
   * @param addr an 8-aligned address
   * @param v the value
   * @return whether it was stored
   */
  public static boolean putUser64(MmStruct mm, long addr, long v) {
    try {
      if (!accessOk(addr, 8) || (addr & 7) != 0) {
        return false;
      }
      mm.store64(addr, v);
      return true;
    } catch (UserFault e) {
      return false;
    }
  }

  /**
   * Stores bytes (read-modify-write of the containing words).
   *
   * @param mm the address space
   * @param addr destination
   * @param bytes what to store
   * @return false on a fault
   */
  public static boolean copyToUser(MmStruct mm, long addr, byte[] bytes) {
    try {
      for (int i = 0; i < bytes.length; i++) {
        long a = addr + i;
        long wa = a & ~7L;
        int shift = (int) ((a & 7) * 8);
        long w = mm.load64(wa);
        w = (w & ~(0xffL << shift)) | ((bytes[i] & 0xffL) << shift);
        mm.store64(wa, w);
      }
      return true;
    } catch (UserFault e) {
      return false;
    }
  }
}
