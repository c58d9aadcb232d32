package io.github.clonepath.glibc.pthread;

import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The C library factory, looked up once: a service lookup reads the class path's provider files,
 * which cost more than a process's start-up does (many a second when exploring schedules).
 */
final class LibcFactoryHolder {
  static final Optional<LibcFactory> FACTORY =
      ServiceLoader.load(LibcFactory.class, Libc.class.getClassLoader()).findFirst();

  private LibcFactoryHolder() {}
}
