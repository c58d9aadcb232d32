package io.github.clonepath.glibc.nptl;

import io.github.clonepath.common.Source;
import io.github.clonepath.kernel.syscall.Continuation;
import io.github.clonepath.kernel.syscall.Futex;
import io.github.clonepath.kernel.syscall.UserContext;

/**
 * glibc's low-level lock ({@code lll_lock}, {@code lll_unlock} of sysdeps/nptl/lowlevellock.h and
 * the slow paths of nptl/lowlevellock.c), a futex word in user memory: 0 free, 1 taken, 2 taken and
 * maybe waited for. Taking it is a compare-and-swap 0 → 1; a taker that finds it held marks it 2
 * and sleeps in {@code FUTEX_WAIT_PRIVATE} while it stays 2. Releasing stores 0 and, only when the
 * old value was 2, wakes one sleeper with {@code FUTEX_WAKE_PRIVATE}; a woken taker marks the word
 * 2 again (it cannot know whether others wait), so its own release makes a wake that finds nobody.
 *
 * <p>The word's atomics are plain loads and stores here: the machine switches tasks only at system
 * calls, so no other task runs between the read and the write of one atomic step.
 */
final class LowLevelLock {
  /** {@code LLL_LOCK_INITIALIZER}. */
  static final int LLL_LOCK_INITIALIZER = 0;

  private static final int PRIVATE_WAIT = Futex.FUTEX_WAIT | Futex.FUTEX_PRIVATE_FLAG;
  private static final int PRIVATE_WAKE = Futex.FUTEX_WAKE | Futex.FUTEX_PRIVATE_FLAG;

  private LowLevelLock() {}

  /** {@code atomic_compare_and_exchange_bool_acq(futex, 1, 0)}: whether the lock was taken. */
  private static boolean tryAcquire(UserContext ctx, long futex) {
    if (ctx.load32(futex) != 0) {
      return false;
    }
    ctx.store32(futex, 1);
    return true;
  }

  /** {@code atomic_exchange_acquire(futex, value)}: the old value. */
  private static int exchange(UserContext ctx, long futex, int value) {
    int old = ctx.load32(futex);
    ctx.store32(futex, value);
    return old;
  }

  /**
   * {@code lll_lock(futex, LLL_PRIVATE)} from straight-line code (the creator's {@code
   * create_thread}): the uncontended compare-and-swap, else {@link #lllLockWaitPrivate}'s loop with
   * each futex wait made through {@link UserContext#await}.
   */
  @Source(file = "sysdeps/nptl/lowlevellock.h", function = "__lll_lock", version = "glibc 2.36")
  static void lllLock(UserContext ctx, long futex) {
    if (tryAcquire(ctx, futex)) {
      return;
    }
    if (ctx.load32(futex) == 2) {
      ctx.await(k -> ctx.futex(futex, PRIVATE_WAIT, 2, 0, 0, 0, k));
    }
    while (exchange(ctx, futex, 2) != 0) {
      ctx.await(k -> ctx.futex(futex, PRIVATE_WAIT, 2, 0, 0, 0, k));
    }
  }

  /**
   * {@code lll_lock(futex, LLL_PRIVATE)} from a thread body ({@code start_thread}): the same steps,
   * its waits resumable; {@code next} runs once the lock is held.
   */
  @Source(file = "sysdeps/nptl/lowlevellock.h", function = "__lll_lock", version = "glibc 2.36")
  static void lllLock(UserContext ctx, long futex, Continuation next) {
    if (tryAcquire(ctx, futex)) {
      next.resume(ctx, 0);
      return;
    }
    if (ctx.load32(futex) == 2) {
      ctx.futex(futex, PRIVATE_WAIT, 2, 0, 0, 0, (c, r) -> lllLockWaitPrivate(c, futex, next));
      return;
    }
    lllLockWaitPrivate(ctx, futex, next);
  }

  /**
   * {@code __lll_lock_wait_private}: mark the word 2; if it was free the lock is now held (as 2),
   * else sleep while it is 2 and try again when woken (or when the wait found the word changed).
   */
  @Source(
      file = "nptl/lowlevellock.c",
      function = "__lll_lock_wait_private",
      version = "glibc 2.36")
  private static void lllLockWaitPrivate(UserContext ctx, long futex, Continuation next) {
    if (exchange(ctx, futex, 2) == 0) {
      next.resume(ctx, 0);
      return;
    }
    ctx.futex(futex, PRIVATE_WAIT, 2, 0, 0, 0, (c, r) -> lllLockWaitPrivate(c, futex, next));
  }

  /**
   * {@code lll_unlock(futex, LLL_PRIVATE)}: store 0; an old value above 1 means a taker may sleep,
   * so {@code __lll_lock_wake_private} wakes one.
   */
  @Source(file = "sysdeps/nptl/lowlevellock.h", function = "__lll_unlock", version = "glibc 2.36")
  static void lllUnlock(UserContext ctx, long futex) {
    if (exchange(ctx, futex, 0) > 1) {
      ctx.futexWake(futex, PRIVATE_WAKE, 1, 0, 0);
    }
  }
}
