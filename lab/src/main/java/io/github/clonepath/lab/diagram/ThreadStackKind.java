package io.github.clonepath.lab.diagram;

import io.github.clonepath.glibc.pthread.Libc;
import io.github.clonepath.glibc.pthread.LibcConfig;
import io.github.clonepath.glibc.pthread.PthreadCreateResult;
import io.github.clonepath.glibc.pthread.ThreadStack;
import io.github.clonepath.kernel.syscall.Machine;
import io.github.clonepath.kernel.syscall.MachineConfig;
import java.util.List;

/**
 * {@code diagram thread-stack}: one default pthread's stack block as glibc 2.36 lays it out, taken
 * from the live thread: guard, usable stack, static TLS, TCB and slack, with offsets from the
 * block's low end and sizes.
 */
public final class ThreadStackKind implements DiagramKind {
  @Override
  public String name() {
    return "thread-stack";
  }

  @Override
  public String summary() {
    return "one pthread's stack block: guard, stack, static TLS, TCB, with offsets (glibc)";
  }

  @Override
  public Diagram draw() {
    Machine machine = Machine.boot(MachineConfig.DEFAULT);
    ThreadStack[] seen = new ThreadStack[1];
    machine.spawn(
        "thread-stack",
        (ctx, ignored) -> {
          Libc libc = Libc.start(ctx, LibcConfig.DEFAULT);
          PthreadCreateResult created =
              libc.pthreadCreate(
                  ctx,
                  libc.mainThread(),
                  null,
                  (c, me, arg, done) -> {
                    seen[0] = libc.threadStack(me);
                    done.ret(c, 0);
                  },
                  0);
          int rc = created.error();
          if (rc != 0) {
            throw new IllegalStateException("pthread_create failed with " + rc);
          }
          libc.pthreadJoin(ctx, libc.mainThread(), created.thread(), (c, e, v) -> libc.exit(c, 0));
        });
    machine.run();
    return draw(seen[0]);
  }

  /**
   * Draws a stack block, highest address first, as docs/notes/glibc.md §4 draws it.
   *
   * @param s the layout
   * @return one table: region, offset from the block's start, size, address range
   */
  static Diagram draw(ThreadStack s) {
    long end = s.block() + s.blockSize();
    long tcbEnd = s.tcb() + s.tcbSize();
    List<Diagram.Row> rows =
        List.of(
            Diagram.Row.of("region", "offset", "size", "addresses"),
            row("slack", s.block(), tcbEnd, end),
            row("TCB (struct pthread), thread pointer", s.block(), s.tcb(), tcbEnd),
            row("static TLS", s.block(), s.stackTop(), s.tcb()),
            row("stack (grows down)", s.block(), s.block() + s.guard(), s.stackTop()),
            row("guard (PROT_NONE)", s.block(), s.block(), s.block() + s.guard()));
    return Diagram.builder(
            "A default thread's stack block, " + s.blockSize() + " bytes (high addresses on top)",
            Diagram.Direction.TOP_DOWN)
        .node(Diagram.Node.table("block", "stack block", rows))
        .build();
  }

  private static Diagram.Row row(String region, long block, long from, long to) {
    return Diagram.Row.of(
        region,
        "+" + (from - block),
        (to - from) + " B",
        "0x" + Long.toHexString(from) + "-0x" + Long.toHexString(to));
  }
}
