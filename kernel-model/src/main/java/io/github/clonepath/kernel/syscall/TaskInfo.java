package io.github.clonepath.kernel.syscall;

import com.google.common.collect.ImmutableList;

/**
 * One task of a machine, read-only: who it is and what it points to.
 *
 * @param tid the global pid ({@code task->pid})
 * @param tgid the thread-group id
 * @param realParent the real parent's tid, 0 for init
 * @param parentTgid the real parent's tgid (what getppid returns), 0 for init
 * @param comm the name
 * @param state {@code R} runnable or running, {@code S} sleeping (the reason follows, such as
 *     {@code S futex 0x7ffff7ffb990}, the word a futex wait sleeps on), {@code Z} zombie
 * @param exitSignal the signal sent to the parent on exit, -1 for threads
 * @param uid the real uid
 * @param structures mm, fs, files, sighand, signal in that order
 * @param namespacePid the tid as seen in the task's own pid namespace
 */
public record TaskInfo(
    int tid,
    int tgid,
    int realParent,
    int parentTgid,
    String comm,
    String state,
    int exitSignal,
    int uid,
    ImmutableList<StructInfo> structures,
    int namespacePid) {

  /**
   * One structure by kind.
   *
   * @param kind which of the five
   * @return the structure
   */
  public StructInfo structure(StructInfo.Kind kind) {
    for (StructInfo s : structures) {
      if (s.kind() == kind) {
        return s;
      }
    }
    throw new IllegalStateException("task " + tid + " lists no " + kind.field());
  }
}
