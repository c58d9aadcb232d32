package io.github.clonepath.kernel.syscall;

import com.google.common.collect.ImmutableMap;

/**
 * One of the five shared structures as a task points to it, read-only.
 *
 * @param kind {@code mm}, {@code fs}, {@code files}, {@code sighand} or {@code signal}
 * @param id the structure's identity, unique per kind within a machine (0 when the task has none)
 * @param counts its reference counters by their Linux names ({@code mm_users}, {@code mm_count};
 *     {@code users}; {@code count}; {@code count}; {@code sigcnt}, {@code live}, {@code
 *     nr_threads}), in that order
 */
public record StructInfo(String kind, int id, ImmutableMap<String, Integer> counts) {}
