package io.github.clonepath.lab.scenario;

import static io.github.clonepath.kernel.syscall.CloneFlags.CLONE_CHILD_CLEARTID;
import static io.github.clonepath.kernel.syscall.CloneFlags.CLONE_CHILD_SETTID;
import static io.github.clonepath.kernel.syscall.CloneFlags.CLONE_FILES;
import static io.github.clonepath.kernel.syscall.CloneFlags.CLONE_FS;
import static io.github.clonepath.kernel.syscall.CloneFlags.CLONE_PARENT_SETTID;
import static io.github.clonepath.kernel.syscall.CloneFlags.CLONE_SETTLS;
import static io.github.clonepath.kernel.syscall.CloneFlags.CLONE_SIGHAND;
import static io.github.clonepath.kernel.syscall.CloneFlags.CLONE_SYSVSEM;
import static io.github.clonepath.kernel.syscall.CloneFlags.CLONE_THREAD;
import static io.github.clonepath.kernel.syscall.CloneFlags.CLONE_VM;

import io.github.clonepath.common.TraceEvent;
import io.github.clonepath.kernel.syscall.Abi;
import io.github.clonepath.kernel.syscall.FailPoint;
import io.github.clonepath.kernel.syscall.Machine;
import io.github.clonepath.kernel.syscall.MachineConfig;
import io.github.clonepath.kernel.syscall.MapFlags;
import io.github.clonepath.kernel.syscall.Prot;
import io.github.clonepath.kernel.syscall.Signals;
import io.github.clonepath.kernel.syscall.Snapshot;
import io.github.clonepath.kernel.syscall.UserContext;
import java.util.List;
import java.util.Optional;

/**
 * A thread and a process made side by side, with raw system calls as glibc 2.36 makes them: first
 * {@code clone3} with the thread flags of {@code create_thread} (VM, FS, FILES, SYSVSEM, SIGHAND,
 * THREAD, SETTLS, PARENT_SETTID, CHILD_CLEARTID; no exit signal), then the legacy {@code clone} of
 * {@code _Fork} (CHILD_SETTID, CHILD_CLEARTID, SIGCHLD). The thread exits, the child process exits,
 * the parent reaps the child and exits.
 *
 * <p>What it shows is {@code copy_process} deciding, per flag, to share or copy each of the five
 * structures (mm, fs, files, sighand, signal): all shared for the thread, all copied for the fork.
 */
public final class CloneVsFork {
  /** The thread flags of glibc's create_thread (docs/notes/glibc.md §5). */
  public static final long THREAD_FLAGS =
      CLONE_VM
          | CLONE_FS
          | CLONE_FILES
          | CLONE_SYSVSEM
          | CLONE_SIGHAND
          | CLONE_THREAD
          | CLONE_SETTLS
          | CLONE_PARENT_SETTID
          | CLONE_CHILD_CLEARTID;

  /** The flags of glibc's fork ({@code _Fork}): the child's tid word, and SIGCHLD at exit. */
  public static final long FORK_FLAGS = CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID | Signals.SIGCHLD;

  private static final long STACK_SIZE = 64 * 1024;

  /** Which system call to make fail with ENOMEM, if any. */
  public enum Failure {
    /** No failure. */
    NONE,
    /** The thread's clone3 fails in dup_task_struct. */
    CLONE3,
    /** The fork's clone fails in dup_task_struct. */
    CLONE
  }

  /**
   * What a run leaves.
   *
   * @param events the events from the thread's clone3 on (the stack and clone_args set-up before it
   *     is left out)
   * @param whileAllLive the task table while the parent, the thread and the child process all live
   *     (taken when the thread first runs), empty if the thread was not made
   */
  public record Result(List<TraceEvent> events, Optional<Snapshot> whileAllLive) {}

  private CloneVsFork() {}

  /**
   * Runs the program on a fresh machine with call tracing on.
   *
   * @param failure which clone to make fail
   * @return the events and the snapshot
   */
  public static Result run(Failure failure) {
    Machine machine = Machine.boot(MachineConfig.DEFAULT.withTraceCalls(true));
    int[] start = new int[1];
    Snapshot[] snapshot = new Snapshot[1];
    StepStates.machineBooted(machine, "clone-vs-fork");
    machine.spawn("clone-vs-fork", (ctx, ignored) -> main(ctx, machine, failure, snapshot, start));
    machine.run();
    List<TraceEvent> all = machine.log().events();
    return new Result(
        List.copyOf(all.subList(start[0], all.size())), Optional.ofNullable(snapshot[0]));
  }

  private static void main(
      UserContext ctx, Machine machine, Failure failure, Snapshot[] snap, int[] start) {
    long stack =
        ctx.mmap(
            0,
            STACK_SIZE,
            Prot.PROT_READ | Prot.PROT_WRITE,
            MapFlags.MAP_PRIVATE | MapFlags.MAP_ANONYMOUS | MapFlags.MAP_STACK,
            -1,
            0);
    long top = stack + STACK_SIZE;
    long tidWord = top - 64;
    long args = stack; // the first page holds clone_args; the thread's stack is above it
    long[] cloneArgs = {
      THREAD_FLAGS, 0, tidWord, tidWord, 0, stack + 4096, STACK_SIZE - 4096, tidWord, 0, 0, 0
    };
    for (int i = 0; i < cloneArgs.length; i++) {
      ctx.store64(args + 8L * i, cloneArgs[i]);
    }
    start[0] = machine.log().events().size();
    if (failure == Failure.CLONE3) {
      machine.injectFault(FailPoint.TASK, 0);
    }
    ctx.clone3(
        args,
        Abi.CLONE_ARGS_SIZE_VER2,
        (thread, r) -> {
          snap[0] = machine.inspect();
          thread.exit(0);
        });
    if (failure == Failure.CLONE) {
      machine.injectFault(FailPoint.TASK, 0);
    }
    long child = ctx.clone(FORK_FLAGS, 0, 0, top - 128, 0, (process, r) -> process.exitGroup(0));
    if (child < 0) {
      ctx.exitGroup(1);
      return;
    }
    ctx.wait4((int) child, 0, 0, 0, (parent, r) -> parent.exitGroup(0));
  }
}
