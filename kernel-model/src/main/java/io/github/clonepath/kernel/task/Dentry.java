package io.github.clonepath.kernel.task;

import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * A node of the machine's small in-memory file tree: a directory or a regular file. It stands in
 * for dentry plus inode; only what openat, chdir, getcwd and cgroup fds need is kept.
 */
public final class Dentry {
  public final String name;
  public final @Nullable Dentry parent;
  public final boolean directory;

  /** Whether this directory is a cgroup v2 directory (under {@code /sys/fs/cgroup}). */
  public final boolean cgroup;

  /** Permission bits given at creation. */
  public final int mode;

  /** A regular file's size in bytes ({@code i_size}); its contents are not modeled. */
  public final long size;

  private final Map<String, Dentry> children = new TreeMap<>();

  /**
   * A node.
   *
   * @param name its name in the parent ("/" for the root)
   * @param parent the parent, null for the root
   * @param directory whether it is a directory
   * @param cgroup whether it is a cgroup directory
   * @param mode permission bits
   */
  public Dentry(String name, @Nullable Dentry parent, boolean directory, boolean cgroup, int mode) {
    this(name, parent, directory, cgroup, mode, 0);
  }

  /**
   * A node with a size.
   *
   * @param name its name in the parent
   * @param parent the parent, null for the root
   * @param directory whether it is a directory
   * @param cgroup whether it is a cgroup directory
   * @param mode permission bits
   * @param size a regular file's size in bytes
   */
  public Dentry(
      String name,
      @Nullable Dentry parent,
      boolean directory,
      boolean cgroup,
      int mode,
      long size) {
    this.size = size;
    this.name = name;
    this.parent = parent;
    this.directory = directory;
    this.cgroup = cgroup;
    this.mode = mode;
    if (parent != null) {
      parent.children.put(name, this);
    }
  }

  /**
   * A child by name.
   *
   * @param child the name
   * @return the node or null
   */
  public @Nullable Dentry lookup(String child) {
    return children.get(child);
  }

  /**
   * The absolute path.
   *
   * @return for example {@code /tmp}
   */
  public String path() {
    if (parent == null) {
      return "/";
    }
    String p = parent.path();
    return (p.equals("/") ? "" : p) + "/" + name;
  }
}
