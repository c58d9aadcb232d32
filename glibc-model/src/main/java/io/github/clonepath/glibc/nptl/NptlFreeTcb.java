package io.github.clonepath.glibc.nptl;

import io.github.clonepath.common.Frame;
import io.github.clonepath.common.Source;
import io.github.clonepath.kernel.syscall.UserContext;

/**
 * nptl/nptl_free_tcb.c: the one place a descriptor is released, whoever gets there first (the
 * joiner, pthread_detach, or a detached thread at its own exit).
 */
final class NptlFreeTcb {
  private final StackCache stacks;

  NptlFreeTcb(StackCache stacks) {
    this.stacks = stacks;
  }

  /**
   * {@code __nptl_free_tcb}: exactly once per descriptor (the TERMINATED bit), the stack is handed
   * to {@code __nptl_deallocate_stack}.
   */
  @Source(
      file = "nptl/nptl_free_tcb.c",
      line = 24,
      function = "__nptl_free_tcb",
      version = "glibc 2.36")
  void freeTcb(UserContext ctx, Tcb pd) {
    try (Frame f = ctx.tracer().enter()) {
      int bit = 1 << Layout.TERMINATED_BIT;
      if ((pd.cancelhandling & bit) == 0) {
        pd.cancelhandling |= bit;
        stacks.deallocateStack(ctx, pd);
      } else {
        if (f.recording()) {
          f.note("free_tcb: 0x%x already freed", pd.pd);
        }
      }
    }
  }
}
