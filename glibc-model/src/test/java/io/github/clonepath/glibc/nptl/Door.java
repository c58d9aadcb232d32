package io.github.clonepath.glibc.nptl;

import static org.mockito.Mockito.mock;

import io.github.clonepath.kernel.syscall.Continuation;
import io.github.clonepath.kernel.syscall.UserContext;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.mockito.stubbing.Answer;

/**
 * The real kernel's syscall door as the glibc model's tests see it, in three layers:
 *
 * <ol>
 *   <li>{@link #ctx}, what the glibc model is given: records every system call with its raw
 *       arguments (for clone3 the {@code struct clone_args} fields, for rt_sigprocmask the new
 *       set's contents), the caller's tid and the result, and hands each continuation to the kernel
 *       wrapped so that the task resumes on this same door;
 *   <li>{@link #spy}, a Mockito mock whose default answer calls the real kernel: tests inject
 *       faults with {@code doReturn(Errno.ENOMEM.result()).when(door.spy).mmap(...)}, and the
 *       stubbed call never reaches the kernel (as a seccomp filter's or a failing allocation's
 *       answer);
 *   <li>the real kernel's context of the task that runs now.
 * </ol>
 *
 * <p>One mock serves every task of the machine, so a fault stubbed once hits whichever task makes
 * the call. The kernel resumes a continuation with the context of its own task; the wrapper makes
 * that context the current one before the model's code runs again.
 */
final class Door {
  /** Calls that are user-space memory or plumbing, not system calls: never recorded. */
  private static final Set<String> NOT_SYSCALLS =
      Set.of(
          "tracer",
          "load32",
          "load64",
          "store32",
          "store64",
          "now",
          "compute",
          "loadString",
          "defineHandler",
          "await");

  /** One system call as the model made it. */
  static final class Call {
    private final int tid;
    private final String name;
    private final long[] args;
    private long result;

    Call(int tid, String name, long[] args) {
      this.tid = tid;
      this.name = name;
      this.args = args;
    }

    int tid() {
      return tid;
    }

    String name() {
      return name;
    }

    long arg(int i) {
      return args[i];
    }

    long result() {
      return result;
    }

    @Override
    public String toString() {
      StringBuilder sb = new StringBuilder().append(tid).append(' ').append(name).append('(');
      for (int i = 0; i < args.length; i++) {
        sb.append(i == 0 ? "" : ", ").append("0x").append(Long.toHexString(args[i]));
      }
      return sb.append(") = ").append(result).toString();
    }
  }

  final List<Call> calls = new ArrayList<>();

  /** The real context of the task that runs now. */
  private UserContext current;

  /** The Mockito layer: stub faults here. */
  final UserContext spy = mock(UserContext.class, (Answer<Object>) inv -> invoke(current, inv));

  /** The recording layer: what the glibc model calls. */
  final UserContext ctx =
      (UserContext)
          Proxy.newProxyInstance(
              UserContext.class.getClassLoader(),
              new Class<?>[] {UserContext.class},
              (proxy, m, a) -> record(m, a == null ? new Object[0] : a));

  /**
   * A task's entry point that runs on this door.
   *
   * @param k the model's code
   * @return what the kernel is given
   */
  Continuation entry(Continuation k) {
    return (real, r) -> {
      current = real;
      k.resume(ctx, r);
    };
  }

  /**
   * Passes a stubbed call on to the real kernel: for a {@code doAnswer} that looks at the model's
   * state at the moment of a call and then lets the call happen.
   *
   * @param inv the call
   * @return the kernel's answer
   * @throws Throwable what the kernel throws (the unwind of an exiting task)
   */
  Object real(org.mockito.invocation.InvocationOnMock inv) throws Throwable {
    return invoke(current, inv);
  }

  /** The tid of the task that runs now. */
  int tid() {
    return current.tracer().currentTid();
  }

  /** The calls of some names (all when none is given), from index {@code from} on. */
  List<Call> calls(int from, String... names) {
    Set<String> want = Set.of(names);
    List<Call> out = new ArrayList<>();
    for (Call c : calls.subList(from, calls.size())) {
      if (want.isEmpty() || want.contains(c.name)) {
        out.add(c);
      }
    }
    return out;
  }

  private Object record(Method m, Object[] a) throws Throwable {
    if (NOT_SYSCALLS.contains(m.getName())) {
      return invoke(spy, m, wrapContinuations(a, null));
    }
    List<Long> args = new ArrayList<>();
    if (m.getName().equals("clone3")) {
      // struct clone_args as the kernel will read it: flags, pidfd, child_tid, parent_tid,
      // exit_signal, stack, stack_size, tls.
      long p = (Long) a[0];
      for (int i = 0; i < 8; i++) {
        args.add(current.load64(p + 8L * i));
      }
    } else if (m.getName().equals("rtSigprocmask")) {
      // The set's contents rather than its address, as strace shows it.
      long set = (Long) a[1];
      args.add((long) (Integer) a[0]);
      args.add(set == 0 ? 0 : current.load64(set));
      args.add((Long) a[2]);
      args.add((Long) a[3]);
    } else {
      for (Object o : a) {
        if (o instanceof Long l) {
          args.add(l);
        } else if (o instanceof Integer i) {
          args.add((long) i);
        }
      }
    }
    Call call = new Call(tid(), snakeCase(m.getName()), args.stream().mapToLong(x -> x).toArray());
    calls.add(call);
    Object r = invoke(spy, m, wrapContinuations(a, m.getReturnType() == void.class ? call : null));
    if (r instanceof Long l) {
      call.result = l;
    }
    return r;
  }

  /** Wraps continuations; the last one of a blocking call records the call's result. */
  private Object[] wrapContinuations(Object[] a, Call blocking) {
    Object[] out = a.clone();
    int last = -1;
    for (int i = 0; i < out.length; i++) {
      if (out[i] instanceof Continuation) {
        last = i;
      }
    }
    for (int i = 0; i < out.length; i++) {
      if (out[i] instanceof Continuation k) {
        Call c = i == last ? blocking : null;
        out[i] =
            entry(
                (x, r) -> {
                  if (c != null) {
                    c.result = r;
                  }
                  k.resume(x, r);
                });
      }
    }
    return out;
  }

  private static Object invoke(UserContext target, org.mockito.invocation.InvocationOnMock inv)
      throws Throwable {
    return invoke(target, inv.getMethod(), inv.getArguments());
  }

  private static Object invoke(UserContext target, Method m, Object[] a) throws Throwable {
    try {
      return m.invoke(target, a);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private static String snakeCase(String name) {
    return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
  }
}
