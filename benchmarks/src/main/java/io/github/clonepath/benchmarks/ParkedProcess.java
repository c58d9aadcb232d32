package io.github.clonepath.benchmarks;

import io.github.clonepath.kernel.syscall.Futex;
import io.github.clonepath.kernel.syscall.Machine;
import io.github.clonepath.kernel.syscall.MachineConfig;
import io.github.clonepath.kernel.syscall.Signals;
import io.github.clonepath.kernel.syscall.UserContext;
import java.util.function.Consumer;

/**
 * A process of its own machine that sleeps in a futex wait and runs a batch of system calls each
 * time it is sent SIGUSR1, so a benchmark can act in one long-lived address space through the
 * system-call door alone.
 *
 * <p>The door offers no way to call the kernel from outside a running task, and {@link
 * Machine#run()} returns only once every task sleeps for good. So each {@link #call(Consumer)}
 * spawns a one-shot process that sends the signal and exits; the parked process's handler runs the
 * batch; its futex wait is restarted (SA_RESTART) or, if it returns, entered again. The spawn,
 * kill, signal delivery and futex re-entry are a fixed cost per call: {@link
 * VmaScaleBenchmark#signalOnly()} measures it so it can be subtracted.
 */
final class ParkedProcess {
  /** Where the handler's "code" lives; the model keys handlers by address, nothing is mapped. */
  private static final long HANDLER = 0x400000L;

  private final Machine machine;
  private final int pid;
  private final long act;
  private final long futexWord;
  private Consumer<UserContext> pending;
  private int calls;

  /**
   * Boots a machine and parks a fresh process in it.
   *
   * @param config the machine
   */
  ParkedProcess(MachineConfig config) {
    machine = Machine.boot(config);
    pid = machine.spawn("parked", this::start);
    // The main stack is the one mapping every spawned process starts with, and it never merges
    // with others (VM_GROWSDOWN), so scratch words there leave the VMA count alone.
    long stackTop = stackEnd(machine.maps(pid));
    act = stackTop - 256;
    futexWord = stackTop - 64;
    machine.run();
    if (calls != 0 || machine.waitStatus(pid) != -1) {
      throw new IllegalStateException("the parked process did not park: " + machine.strace());
    }
  }

  /** The end of the highest mapping, which in a freshly spawned process is its main stack. */
  private static long stackEnd(String maps) {
    String[] lines = maps.split("\n");
    String top = lines[lines.length - 1];
    return Long.parseUnsignedLong(top.substring(top.indexOf('-') + 1, top.indexOf(' ')), 16);
  }

  private void start(UserContext ctx, long unused) {
    ctx.defineHandler(HANDLER, (hctx, sig) -> runPending(hctx));
    ctx.store64(act, HANDLER);
    ctx.store64(act + 8, Signals.SA_RESTART);
    ctx.store64(act + 16, 0);
    ctx.store64(act + 24, 0);
    check("rt_sigaction", ctx.rtSigaction(Signals.SIGUSR1, act, 0, 8));
    park(ctx, 0);
  }

  private void park(UserContext ctx, long unused) {
    ctx.futex(futexWord, Futex.FUTEX_WAIT | Futex.FUTEX_PRIVATE_FLAG, 0, 0, 0, 0, this::park);
  }

  private void runPending(UserContext ctx) {
    Consumer<UserContext> batch = pending;
    pending = null;
    if (batch == null) {
      throw new IllegalStateException("SIGUSR1 arrived with no batch to run");
    }
    batch.accept(ctx);
    calls++;
  }

  /**
   * Runs a batch of system calls in the parked process, in its signal handler.
   *
   * @param batch the calls; they must not block
   */
  void call(Consumer<UserContext> batch) {
    int before = calls;
    pending = batch;
    machine.spawn("kick", (ctx, r) -> kick(ctx));
    machine.run();
    if (calls != before + 1) {
      throw new IllegalStateException("the batch did not run: " + machine.waitStatus(pid));
    }
  }

  private void kick(UserContext ctx) {
    check("kill", ctx.kill(pid, Signals.SIGUSR1));
    ctx.exitGroup(0);
  }

  /**
   * Drops the machine's recorded events (every system call is logged), so that a long-lived
   * machine's log holds one iteration's calls at most.
   */
  void clearLog() {
    machine.log().clear();
  }

  /**
   * How many events the machine's log holds now, for the smoke test's checks.
   *
   * @return the count
   */
  int loggedEvents() {
    return machine.log().events().size();
  }

  /**
   * The parked process's {@code /proc/PID/maps}.
   *
   * @return one line per VMA
   */
  String maps() {
    return machine.maps(pid);
  }

  /**
   * How many VMAs the parked process has now.
   *
   * @return the number of lines of its maps
   */
  int vmaCount() {
    return (int) maps().lines().count();
  }

  /**
   * Fails loudly when a system call returned {@code -errno}: a broken benchmark must not measure an
   * error path.
   *
   * @param call the call's name, for the message
   * @param result its return value
   * @return the result
   */
  static long check(String call, long result) {
    if (result < 0 && result > -4096) {
      throw new IllegalStateException(call + " failed with errno " + (-result));
    }
    return result;
  }
}
