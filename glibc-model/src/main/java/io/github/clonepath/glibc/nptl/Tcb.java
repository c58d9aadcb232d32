package io.github.clonepath.glibc.nptl;

import io.github.clonepath.glibc.pthread.StartRoutine;
import org.jspecify.annotations.Nullable;

/**
 * One {@code struct pthread} (nptl/descr.h): the thread descriptor at the top of a stack block,
 * which is also the TCB the FS register points at.
 *
 * <p>Its address {@link #pd} is the {@code pthread_t}. The words the kernel reads or writes (the
 * tid, the robust list head, the rseq area) live in user memory at their measured offsets; the
 * fields only glibc reads are kept here. A block keeps its descriptor while it is mapped, as the
 * real one lives inside the block, so a reused block brings back the same object.
 */
final class Tcb {
  /**
   * Which list the descriptor is on: {@code stack_used}, {@code stack_user}, {@code stack_cache}.
   */
  enum ListId {
    NONE,
    USED,
    USER,
    CACHE
  }

  final long pd;
  long stackblock;
  long stackblockSize;
  long guardsize;
  long reportedGuardsize;
  boolean userStack;
  int flags;

  /** 0 joinable, {@link #pd} detached, else the joiner's pd. */
  long joinid;

  int cancelhandling;

  /** The cancel type is asynchronous: only inside a cancellation point's system call. */
  boolean asyncCancel;

  /** {@code pd->exiting}: set under {@code exit_lock} once the thread is past signals. */
  boolean exiting;

  boolean stoppedStart;
  boolean setupFailed;

  /**
   * {@code pd->schedpolicy}: the policy create_thread gives the kernel for an explicit-scheduling
   * thread (its parameter, {@code pd->schedparam}, is in user memory at {@link #schedparamAddr},
   * where sched_setscheduler reads it).
   */
  int schedpolicy;

  /** The mask start_thread restores: the creator's, without SIGCANCEL. */
  long sigmask;

  /** What pthread_create was given to run, or null for the main thread. */
  @Nullable StartRoutine startRoutine;

  long arg;
  long result;
  ListId list = ListId.NONE;

  /** The main thread has no stack block of its own. */
  final boolean isMain;

  /** Address of this thread's scratch words for system-call structures. */
  long scratch;

  Tcb(long pd, boolean isMain) {
    this.pd = pd;
    this.isMain = isMain;
  }

  long tidAddr() {
    return pd + Layout.TID;
  }

  /** {@code &pd->lock}: the stopped-start handshake's low-level lock word. */
  long lockAddr() {
    return pd + Layout.LOCK;
  }

  /** {@code &pd->schedparam}: its one member, {@code sched_priority}. */
  long schedparamAddr() {
    return pd + Layout.SCHEDPARAM;
  }

  boolean isDetached() {
    return joinid == pd;
  }

  boolean exiting() {
    return (cancelhandling & (1 << Layout.EXITING_BIT)) != 0;
  }

  /** The top of the block (pd's block end), from stackblock and stackblock_size. */
  long blockEnd() {
    return stackblock + stackblockSize;
  }

  /** A copy for a forked child, whose memory (and so every descriptor in it) is a copy. */
  Tcb copy() {
    Tcb t = new Tcb(pd, isMain);
    t.stackblock = stackblock;
    t.stackblockSize = stackblockSize;
    t.guardsize = guardsize;
    t.reportedGuardsize = reportedGuardsize;
    t.userStack = userStack;
    t.flags = flags;
    t.joinid = joinid;
    t.cancelhandling = cancelhandling;
    t.asyncCancel = asyncCancel;
    t.exiting = exiting;
    t.stoppedStart = stoppedStart;
    t.setupFailed = setupFailed;
    t.schedpolicy = schedpolicy;
    t.sigmask = sigmask;
    t.startRoutine = startRoutine;
    t.arg = arg;
    t.result = result;
    t.list = list;
    t.scratch = scratch;
    return t;
  }

  @Override
  public String toString() {
    return String.format(
        "pd=0x%x block=0x%x+%d guard=%d list=%s", pd, stackblock, stackblockSize, guardsize, list);
  }
}
