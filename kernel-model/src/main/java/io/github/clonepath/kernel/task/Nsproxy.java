package io.github.clonepath.kernel.task;

/**
 * {@code struct nsproxy}: the namespaces a task lives in, shared by reference between tasks that
 * did not ask for a new one, with its own {@code count}.
 */
public final class Nsproxy {
  public final int id;
  public int count = 1;
  public final Namespace mnt;
  public final Namespace uts;
  public final Namespace ipc;
  public final Namespace net;
  public final Namespace cgroup;
  public final Namespace time;
  public final Namespace timeForChildren;

  /** The pid namespace children are created in. */
  public final PidNamespace pidNsForChildren;

  /**
   * An nsproxy with one reference, pointing at the given namespaces (the caller took their
   * references).
   *
   * @param id identity
   * @param mnt mount
   * @param uts UTS
   * @param ipc IPC
   * @param net network
   * @param cgroup cgroup
   * @param time time
   * @param timeForChildren time namespace for children
   * @param pidNsForChildren pid namespace for children
   */
  public Nsproxy(
      int id,
      Namespace mnt,
      Namespace uts,
      Namespace ipc,
      Namespace net,
      Namespace cgroup,
      Namespace time,
      Namespace timeForChildren,
      PidNamespace pidNsForChildren) {
    this.id = id;
    this.mnt = mnt;
    this.uts = uts;
    this.ipc = ipc;
    this.net = net;
    this.cgroup = cgroup;
    this.time = time;
    this.timeForChildren = timeForChildren;
    this.pidNsForChildren = pidNsForChildren;
  }
}
