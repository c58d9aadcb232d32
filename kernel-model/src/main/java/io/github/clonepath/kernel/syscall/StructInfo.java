package io.github.clonepath.kernel.syscall;

import com.google.common.collect.ImmutableMap;

/**
 * One of the five shared structures as a task points to it, read-only.
 *
 * @param kind which of the five
 * @param id the structure's identity, unique per kind within a machine (0 when the task has none)
 * @param counts its reference counters by their Linux names ({@code mm_users}, {@code mm_count};
 *     {@code users}; {@code count}; {@code count}; {@code sigcnt}, {@code live}, {@code
 *     nr_threads}), in that order
 */
public record StructInfo(Kind kind, int id, ImmutableMap<String, Integer> counts) {
  /** The five structures, in the order copy_process copies them and a task lists them. */
  public enum Kind {
    /** {@code struct mm_struct}, the address space. */
    MM("mm"),
    /** {@code struct fs_struct}: root, cwd and umask. */
    FS("fs"),
    /** {@code struct files_struct}, the descriptor table. */
    FILES("files"),
    /** {@code struct sighand_struct}, the signal actions. */
    SIGHAND("sighand"),
    /** {@code struct signal_struct}, the thread group's shared state. */
    SIGNAL("signal");

    private final String field;

    Kind(String field) {
      this.field = field;
    }

    /**
     * The {@code task_struct} field that points to the structure, as reports print it.
     *
     * @return {@code mm}, {@code fs}, {@code files}, {@code sighand} or {@code signal}
     */
    public String field() {
      return field;
    }
  }
}
