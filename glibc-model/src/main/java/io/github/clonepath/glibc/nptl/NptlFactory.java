package io.github.clonepath.glibc.nptl;

import io.github.clonepath.glibc.pthread.Libc;
import io.github.clonepath.glibc.pthread.LibcConfig;
import io.github.clonepath.glibc.pthread.LibcFactory;
import io.github.clonepath.kernel.syscall.UserContext;

/** The {@link LibcFactory} service provider: starts an {@link Nptl}. */
public final class NptlFactory implements LibcFactory {
  /** The provider ServiceLoader instantiates. */
  public NptlFactory() {}

  @Override
  public Libc start(UserContext ctx, LibcConfig config) {
    return Nptl.start(ctx, config);
  }
}
