package io.github.clonepath.lab.scenario;

import io.github.clonepath.kernel.syscall.CloneFlags;
import io.github.clonepath.kernel.syscall.Errno;
import io.github.clonepath.kernel.syscall.UserContext;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;

/**
 * A seccomp filter that answers one system call with an error, as the reference program installs
 * one ({@code SECCOMP_RET_ERRNO} for clone3) to show glibc's reaction.
 *
 * <p>DEVIATION: the kernel model has no seccomp; the scenario runner puts this in front of the
 * syscall door of the process's threads instead. The refused call is recorded in strace's form, as
 * a filtered call still is, and never reaches the kernel.
 */
final class SeccompErrno {
  private SeccompErrno() {}

  /**
   * Wraps a context so that {@code clone3} fails with an error.
   *
   * @param ctx the real context
   * @param errno the error to answer with
   * @return the filtered context
   */
  static UserContext clone3(UserContext ctx, Errno errno) {
    return (UserContext)
        Proxy.newProxyInstance(
            UserContext.class.getClassLoader(),
            new Class<?>[] {UserContext.class},
            (proxy, m, args) -> {
              if (m.getName().equals("clone3") && args.length == 3) {
                long a = (Long) args[0];
                String text =
                    String.format(
                        "clone3({flags=%s, child_tid=0x%x, parent_tid=0x%x, exit_signal=%d,"
                            + " stack=0x%x, stack_size=0x%x, tls=0x%x}, %d) = -1 %s (%s)",
                        CloneFlags.format(ctx.load64(a), true),
                        ctx.load64(a + 16),
                        ctx.load64(a + 24),
                        ctx.load64(a + 32),
                        ctx.load64(a + 40),
                        ctx.load64(a + 48),
                        ctx.load64(a + 56),
                        (Long) args[1],
                        errno.name(),
                        errno.text());
                ctx.tracer().syscall("clone3", text, errno.result());
                return errno.result();
              }
              try {
                return m.invoke(ctx, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }
}
