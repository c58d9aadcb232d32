package io.github.clonepath.goruntime.runtime;

import io.github.clonepath.common.Frame;
import io.github.clonepath.common.Source;
import io.github.clonepath.kernel.syscall.UserContext;

/**
 * One-shot notes on a futex word (lock_futex.go): the sleep and wake that parked Ms, sysmon and the
 * template thread block on. The futex system calls themselves are {@link OsLinux}'s.
 */
final class LockFutex {
  private final Runtime rt;

  LockFutex(Runtime rt) {
    this.rt = rt;
  }

  /** Clears a note. */
  @Source(file = "runtime/lock_futex.go", line = 135, function = "noteclear", version = "go1.19")
  void noteclear(UserContext ctx, long note) {
    ctx.store32(note, 0);
  }

  /** Sets a note and wakes one sleeper on its futex word. */
  @Source(file = "runtime/lock_futex.go", line = 139, function = "notewakeup", version = "go1.19")
  void notewakeup(UserContext ctx, long note) {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      int old = ctx.load32(note);
      ctx.store32(note, 1);
      if (old != 0) {
        throw new GoThrow("notewakeup - double wakeup");
      }
      rt.os.futexwakeup(ctx, note, 1);
      if (rt.noting()) {
        f.note("note 0x%x set", note);
      }
    }
  }

  /**
   * Sleeps until the note is set: FUTEX_WAIT on its word while it reads 0, then continues.
   *
   * @param then what the M does once woken
   */
  @Source(file = "runtime/lock_futex.go", line = 148, function = "notesleep", version = "go1.19")
  void notesleep(UserContext ctx, M mp, long note, Runtime.Body then) {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      if (ctx.load32(note) != 0) {
        then.run(ctx, 0);
        return;
      }
      mp.blocked = true;
      if (rt.noting()) {
        f.note("%s sleeps on 0x%x", mp, note);
      }
      ctx.futex(
          note,
          OsLinux.FUTEX_WAIT_PRIVATE,
          0,
          0,
          0,
          0,
          rt.k(
              (c, r) -> {
                mp.blocked = false;
                notesleep(c, mp, note, then);
              }));
    }
  }

  /**
   * Sleeps until the note is set or {@code ns} pass: FUTEX_WAIT with a timeout.
   *
   * @param then called with 1 if the note was set, 0 on timeout
   */
  @Source(file = "runtime/lock_futex.go", line = 219, function = "notetsleep", version = "go1.19")
  void notetsleep(UserContext ctx, M mp, long note, long ns, Runtime.Body then) {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      if (ctx.load32(note) != 0) {
        then.run(ctx, 1);
        return;
      }
      long deadline = ctx.now() + ns;
      long ts = mp.scratch(8);
      ctx.store64(ts, ns / 1_000_000_000L);
      ctx.store64(ts + 8, ns % 1_000_000_000L);
      mp.blocked = true;
      if (rt.noting()) {
        f.note("%s sleeps on 0x%x for %d ns", mp, note, ns);
      }
      ctx.futex(
          note,
          OsLinux.FUTEX_WAIT_PRIVATE,
          0,
          ts,
          0,
          0,
          rt.k(
              (c, r) -> {
                mp.blocked = false;
                if (c.load32(note) != 0) {
                  then.run(c, 1);
                } else if (c.now() >= deadline) {
                  then.run(c, 0);
                } else {
                  notetsleep(c, mp, note, deadline - c.now(), then);
                }
              }));
    }
  }
}
