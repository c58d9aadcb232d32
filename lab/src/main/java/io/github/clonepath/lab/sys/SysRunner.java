package io.github.clonepath.lab.sys;

import io.github.clonepath.common.SyscallEvent;
import io.github.clonepath.kernel.syscall.CloneFlags;
import io.github.clonepath.kernel.syscall.Continuation;
import io.github.clonepath.kernel.syscall.Errno;
import io.github.clonepath.kernel.syscall.Machine;
import io.github.clonepath.kernel.syscall.MachineConfig;
import io.github.clonepath.kernel.syscall.UserContext;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs a {@link SysScript} in one fresh single-threaded process of a fresh machine and prints one
 * line per call, as strace prints it, and the VMAs for each {@code maps} line.
 */
public final class SysRunner {
  private final MachineConfig config;

  /**
   * A runner on machines of one configuration.
   *
   * @param config the machine to boot for each script
   */
  public SysRunner(MachineConfig config) {
    this.config = config;
  }

  /**
   * Runs the readable items of a script.
   *
   * @param script the parsed script
   * @param out receives each printed line
   */
  public void run(SysScript script, Consumer<String> out) {
    Machine machine = Machine.boot(config);
    List<Long> results = new ArrayList<>();
    // What to print, in order: maps text as it was when its line ran, or where in the event log
    // a call's own event starts (a call that ends the task, like exit, never returns to us).
    List<Object> printed = new ArrayList<>();
    int[] pid = new int[1];
    pid[0] =
        machine.spawn(
            "sys",
            (ctx, ignored) -> {
              for (SysScript.Item item : script.items()) {
                if (item instanceof SysScript.Maps) {
                  printed.add(machine.maps(pid[0]));
                  continue;
                }
                SysScript.Call call = (SysScript.Call) item;
                printed.add(new CallAt(call.name(), (int) machine.log().syscallCount()));
                if (call.name().equals("exit")) {
                  ctx.exit((int) arg(call, 0, results));
                  return;
                }
                long r = invoke(ctx, call, results);
                results.add(Errno.isError(r) ? -1 : r);
              }
              ctx.exitGroup(0);
            });
    machine.run();
    List<SyscallEvent> events = machine.log().syscalls();
    for (Object p : printed) {
      if (p instanceof CallAt at) {
        for (int i = at.from(); i < events.size(); i++) {
          SyscallEvent e = events.get(i);
          if (e.tid() == pid[0] && e.name().equals(at.name())) {
            out.accept(e.text());
            break;
          }
        }
      } else {
        ((String) p).lines().forEach(out);
      }
    }
  }

  private record CallAt(String name, int from) {}

  private static long invoke(UserContext ctx, SysScript.Call call, List<Long> results) {
    switch (call.name()) {
      case "mmap":
        return ctx.mmap(
            arg(call, 0, results),
            arg(call, 1, results),
            (int) arg(call, 2, results),
            (int) arg(call, 3, results),
            (int) arg(call, 4, results),
            arg(call, 5, results));
      case "munmap":
        return ctx.munmap(arg(call, 0, results), arg(call, 1, results));
      case "mprotect":
        return ctx.mprotect(
            arg(call, 0, results), arg(call, 1, results), (int) arg(call, 2, results));
      case "madvise":
        return ctx.madvise(
            arg(call, 0, results), arg(call, 1, results), (int) arg(call, 2, results));
      case "gettid":
        return ctx.gettid();
      case "getpid":
        return ctx.getpid();
      case "clone":
        long flags = arg(call, 0, results);
        long stack = arg(call, 1, results);
        long parentTid = arg(call, 2, results);
        long childTid = arg(call, 3, results);
        long tls = arg(call, 4, results);
        Continuation child = (c, zero) -> c.exit(0);
        if ((flags & CloneFlags.CLONE_VFORK) != 0) {
          // vfork: the caller sleeps until the child, which exits at once, releases its mm
          return ctx.await(k -> ctx.clone(flags, stack, parentTid, childTid, tls, child, k));
        }
        return ctx.clone(flags, stack, parentTid, childTid, tls, child);
      default:
        throw new IllegalStateException("the parser admitted an unknown call " + call.name());
    }
  }

  private static long arg(SysScript.Call call, int i, List<Long> results) {
    SysScript.Arg a = call.args().get(i);
    if (a instanceof SysScript.Ref r) {
      return results.get(r.call() - 1) + r.offset();
    }
    return ((SysScript.Literal) a).value();
  }
}
