package io.github.clonepath.kernel.syscall;

/**
 * A load or store by user-space code hit an address it may not touch: the model's SIGSEGV.
 *
 * <p>It is thrown to the user-space model that made the access, because there it is a bug in that
 * model (a real program would crash); system calls never throw it, they return {@code -EFAULT}.
 */
public final class UserFault extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final long address;

  /**
   * A fault at one address.
   *
   * @param address the address that was touched
   * @param why what was wrong, such as "unmapped" or "not writable"
   */
  public UserFault(long address, String why) {
    super(String.format("user fault at 0x%x: %s", address, why));
    this.address = address;
  }

  /**
   * The address that was touched.
   *
   * @return the address
   */
  public long address() {
    return address;
  }
}
