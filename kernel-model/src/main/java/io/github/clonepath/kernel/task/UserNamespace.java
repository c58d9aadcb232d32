package io.github.clonepath.kernel.task;

import org.jspecify.annotations.Nullable;

/**
 * A minimal {@code struct user_namespace}: its nesting level and parent. Mappings are not modeled:
 * a new user namespace gives its creator every capability inside it.
 *
 * @param id identity within the machine
 * @param level 0 for the initial namespace
 * @param parent the parent, null for the initial namespace
 * @param owner the euid of the creator, who holds every capability in it
 */
public record UserNamespace(int id, int level, @Nullable UserNamespace parent, int owner) {
  /** Nesting limit: 32 levels. */
  public static final int MAX_LEVEL = 32;
}
