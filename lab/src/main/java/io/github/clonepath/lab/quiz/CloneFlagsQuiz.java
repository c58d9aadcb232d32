package io.github.clonepath.lab.quiz;

import io.github.clonepath.kernel.syscall.CloneFlags;
import io.github.clonepath.kernel.syscall.Errno;
import io.github.clonepath.kernel.syscall.Machine;
import io.github.clonepath.kernel.syscall.MachineConfig;
import io.github.clonepath.kernel.syscall.MapFlags;
import io.github.clonepath.kernel.syscall.Prot;
import io.github.clonepath.kernel.syscall.Signals;
import io.github.clonepath.kernel.syscall.Snapshot;
import io.github.clonepath.kernel.syscall.StructInfo;
import io.github.clonepath.kernel.syscall.TaskInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * {@code quiz --topic clone-flags}: a single-threaded process calls {@code clone} with a seeded
 * choice of the five sharing flags; which structures does the child share, and with what counts?
 * The answer is read from the machine's task table right after the call returned.
 */
public final class CloneFlagsQuiz {
  private static final String COMM = "quiz";
  private static final StructInfo.Kind[] KINDS = StructInfo.Kind.values();

  private CloneFlagsQuiz() {}

  /**
   * Makes the exercise of a seed.
   *
   * @param seed the same seed gives the same exercise
   * @return the question, its answer and the trace that proves it
   */
  public static Exercise make(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    boolean vm = r.nextBoolean();
    boolean fs = r.nextBoolean();
    boolean files = r.nextBoolean();
    // the kernel refuses CLONE_SIGHAND without CLONE_VM and CLONE_THREAD without CLONE_SIGHAND
    // (EINVAL, copy_process): only valid combinations are asked
    boolean sighand = vm && r.nextBoolean();
    boolean thread = sighand && r.nextBoolean();
    long flags =
        (vm ? CloneFlags.CLONE_VM : 0)
            | (fs ? CloneFlags.CLONE_FS : 0)
            | (files ? CloneFlags.CLONE_FILES : 0)
            | (sighand ? CloneFlags.CLONE_SIGHAND : 0)
            | (thread ? CloneFlags.CLONE_THREAD : 0);
    List<String> names = new ArrayList<>();
    for (String n :
        new String[] {"CLONE_VM", "CLONE_FS", "CLONE_FILES", "CLONE_SIGHAND", "CLONE_THREAD"}) {
      if ((flags & flag(n)) != 0) {
        names.add(n);
      }
    }
    String flagText =
        names.isEmpty() ? "SIGCHLD" : String.join("|", names) + (thread ? "" : "|SIGCHLD");
    Snapshot[] after = new Snapshot[1];
    int[] ids = new int[2];
    Machine m = Machine.boot(MachineConfig.DEFAULT);
    m.spawn(
        COMM,
        (ctx, ignored) -> {
          long len = 65536;
          long stack =
              ctx.mmap(
                  0,
                  len,
                  Prot.PROT_READ | Prot.PROT_WRITE,
                  MapFlags.MAP_PRIVATE | MapFlags.MAP_ANONYMOUS | MapFlags.MAP_STACK,
                  -1,
                  0);
          long child =
              ctx.clone(
                  flags | (thread ? 0 : Signals.SIGCHLD),
                  stack + len,
                  0,
                  0,
                  0,
                  (c, zero) -> c.exit(0));
          if (Errno.isError(child)) {
            throw new IllegalStateException("clone failed: " + Errno.ofResult(child));
          }
          ids[0] = (int) ctx.getpid();
          ids[1] = (int) child;
          after[0] = m.inspect();
          ctx.exitGroup(0);
        });
    m.run();
    TaskInfo parent = after[0].task(ids[0]);
    TaskInfo child = after[0].task(ids[1]);
    List<String> shared = new ArrayList<>();
    StringBuilder proof = new StringBuilder();
    proof.append(String.format("clone(child_stack=..., flags=%s) = %d%n", flagText, ids[1]));
    proof.append("after the call (the machine's task table):\n");
    for (StructInfo.Kind k : KINDS) {
      String kind = k.field();
      StructInfo p = parent.structure(k);
      StructInfo c = child.structure(k);
      boolean same = p.id() == c.id();
      if (same) {
        shared.add(kind);
      }
      proof.append(
          String.format(
              "  %-8s %s  parent %s #%d %s, child %s #%d %s%n",
              kind, same ? "shared" : "copied", kind, p.id(), counts(p), kind, c.id(), counts(c)));
    }
    String question =
        "A single-threaded process calls\n"
            + "  clone(child_stack=..., flags="
            + flagText
            + ")\n"
            + "Which of the five structures (mm fs files sighand signal) does the child share with"
            + " its parent? (type their names, or none; the counts are in the solution)";
    return new Exercise(question, Exercise.normalize(String.join(" ", shared)), proof.toString());
  }

  private static long flag(String name) {
    return switch (name) {
      case "CLONE_VM" -> CloneFlags.CLONE_VM;
      case "CLONE_FS" -> CloneFlags.CLONE_FS;
      case "CLONE_FILES" -> CloneFlags.CLONE_FILES;
      case "CLONE_SIGHAND" -> CloneFlags.CLONE_SIGHAND;
      default -> CloneFlags.CLONE_THREAD;
    };
  }

  private static String counts(StructInfo s) {
    StringBuilder b = new StringBuilder();
    s.counts()
        .forEach((k, v) -> b.append(b.length() == 0 ? "" : " ").append(k).append('=').append(v));
    return b.toString();
  }
}
