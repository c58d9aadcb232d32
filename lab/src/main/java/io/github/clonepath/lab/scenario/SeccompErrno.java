package io.github.clonepath.lab.scenario;

import io.github.clonepath.common.SyscallEvent;
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
   * What the refused clone3's line shows beyond its arguments.
   *
   * @param fields the struct's flags, child_tid, parent_tid, exit_signal, stack, stack_size and tls
   * @param errno the error the filter answered
   */
  private record Refused(long[] fields, Errno errno) {}

  /**
   * The refused clone3's line: arguments uargs, size; the struct's flags, child_tid, parent_tid,
   * exit_signal, stack, stack_size and tls, read when the call was made.
   */
  private static final SyscallEvent.Printer REFUSED_CLONE3 =
      e -> {
        Refused r = e.decoded(Refused.class);
        long[] f = r.fields();
        Errno errno = r.errno();
        return String.format(
            "clone3({flags=%s, child_tid=0x%x, parent_tid=0x%x, exit_signal=%d,"
                + " stack=0x%x, stack_size=0x%x, tls=0x%x}, %d) = -1 %s (%s)",
            CloneFlags.format(f[0], true),
            f[1],
            f[2],
            f[3],
            f[4],
            f[5],
            f[6],
            e.arg(1),
            errno.name(),
            errno.text());
      };

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
                long[] fields = new long[7];
                for (int i = 0; i < fields.length; i++) {
                  fields[i] = ctx.load64(a + (i == 0 ? 0 : 8 + 8 * i));
                }
                ctx.tracer()
                    .syscall(
                        "clone3",
                        new long[] {a, (Long) args[1]},
                        errno.result(),
                        true,
                        new Refused(fields, errno),
                        REFUSED_CLONE3);
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
