package io.github.clonepath.glibc.pthread;

import com.google.common.collect.ImmutableList;
import java.util.ServiceLoader;

/**
 * The C library factory, looked up once: a service lookup reads the class path's provider files,
 * which cost more than a process's start-up does (many a second when exploring schedules).
 */
final class LibcFactoryHolder {
  /** The first provider on the class path, or none (an immutable list, so no state is shared). */
  static final ImmutableList<LibcFactory> FACTORY =
      ServiceLoader.load(LibcFactory.class, Libc.class.getClassLoader())
          .findFirst()
          .map(ImmutableList::of)
          .orElse(ImmutableList.of());

  /** The provider, or a failure naming the module that is missing. */
  static LibcFactory factory() {
    if (FACTORY.isEmpty()) {
      throw new IllegalStateException("glibc-model is not on the class path");
    }
    return FACTORY.get(0);
  }

  private LibcFactoryHolder() {}
}
