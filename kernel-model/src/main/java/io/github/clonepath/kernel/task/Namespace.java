package io.github.clonepath.kernel.task;

/**
 * A minimal namespace object (mount, UTS, IPC, network, cgroup, time): an identity and a reference
 * count held by the nsproxies that point to it. What the namespace isolates is not modeled; its
 * existence and sharing are.
 */
public final class Namespace {
  /** The kind, as {@code /proc/PID/ns} names it: mnt, uts, ipc, net, cgroup, time. */
  public final String kind;

  /** Identity within the machine. */
  public final int id;

  /** References: nsproxies pointing here. */
  public int count = 1;

  /**
   * A new namespace with one reference.
   *
   * @param kind the kind
   * @param id its identity
   */
  public Namespace(String kind, int id) {
    this.kind = kind;
    this.id = id;
  }

  @Override
  public String toString() {
    return kind + ":[" + id + "]";
  }
}
