package io.github.clonepath.glibc.pthread;

import io.github.clonepath.kernel.syscall.Continuation;
import io.github.clonepath.kernel.syscall.UserContext;
import org.jspecify.annotations.Nullable;

/**
 * One process's C library: the thread functions of glibc's NPTL, and the per-process state behind
 * them (the stack lists and cache, the thread count, the default attributes).
 *
 * <p>A {@code Libc} is created by {@link #start}, which runs what glibc does before {@code main}
 * (the main thread's TCB, its TLS register, tid address, robust list and rseq area). {@link #fork}
 * gives the child a copy. Calls that cannot block return what the real function returns; calls that
 * can block ({@link #pthreadJoin}, {@link #posixSpawn}) take a continuation and the caller must
 * return right after them.
 *
 * <p>The calling thread is passed explicitly as {@code self} (its {@code pthread_t}), because the
 * model has no FS register for {@code THREAD_SELF} to read; a routine receives its own {@code self}
 * when it starts.
 */
public interface Libc {

  /**
   * Runs the C library's process start-up on the main thread and returns the process's state.
   *
   * @param ctx the main thread's context (a fresh process)
   * @param config version, limits and tunables
   * @return the new state
   */
  static Libc start(UserContext ctx, LibcConfig config) {
    return LibcFactoryHolder.factory().start(ctx, config);
  }

  /**
   * The configuration this process was started with.
   *
   * @return version, limits and tunables
   */
  LibcConfig config();

  /**
   * The main thread's {@code pthread_t}: the TCB in the start-up TLS mapping.
   *
   * @return its address
   */
  long mainThread();

  /**
   * {@code pthread_create} ({@code __pthread_create_2_1}).
   *
   * @param ctx the creating thread's context
   * @param self the creating thread
   * @param attr attributes, or null for the defaults
   * @param fn the start routine
   * @param arg its argument
   * @return the new thread's {@code pthread_t}, or EAGAIN, EINVAL or EPERM as glibc returns them
   */
  PthreadCreateResult pthreadCreate(
      UserContext ctx, long self, @Nullable PthreadAttr attr, StartRoutine fn, long arg);

  /**
   * {@code pthread_join}: waits for the thread's tid word to be cleared by the kernel, then queues
   * its stack into the cache.
   *
   * @param ctx the joining thread's context
   * @param self the joining thread
   * @param thread the thread to join
   * @param next continued with the error (0, EINVAL, EDEADLK, ESRCH) and the thread's result
   */
  void pthreadJoin(UserContext ctx, long self, long thread, JoinNext next);

  /**
   * {@code pthread_tryjoin_np}: EBUSY at once, with no system call, while the thread's tid word is
   * not cleared; else the join, which then never waits.
   *
   * @param ctx the joining thread's context
   * @param self the joining thread
   * @param thread the thread to join
   * @param next continued (before this call returns) with the error (0, EBUSY, EINVAL, EDEADLK,
   *     ESRCH) and the thread's result
   */
  void pthreadTryjoinNp(UserContext ctx, long self, long thread, JoinNext next);

  /**
   * {@code pthread_timedjoin_np}: the join, whose futex wait carries an absolute CLOCK_REALTIME
   * deadline (the kernel's virtual clock); past it the join gives up with ETIMEDOUT and the thread
   * stays joinable.
   *
   * @param ctx the joining thread's context
   * @param self the joining thread
   * @param thread the thread to join
   * @param abstime address of a {@code struct timespec} holding the deadline
   * @param next continued with the error (0, ETIMEDOUT, EINVAL, EDEADLK, ESRCH) and the result
   */
  void pthreadTimedjoinNp(UserContext ctx, long self, long thread, long abstime, JoinNext next);

  /**
   * {@code pthread_sigmask}: {@code rt_sigprocmask} on the calling thread, except that glibc never
   * lets a caller block its two internal signals (SIGCANCEL 32 and SIGSETXID 33): a set holding
   * either is copied and the two are cleared from the copy first.
   *
   * @param ctx the caller's context
   * @param self the caller
   * @param how SIG_BLOCK (0), SIG_UNBLOCK (1) or SIG_SETMASK (2)
   * @param set address of the new 8-byte set, or 0 to only read the mask
   * @param oldset where the previous mask is stored, or 0
   * @return 0 or the error number (not negated), as pthread_sigmask returns it
   */
  int pthreadSigmask(UserContext ctx, long self, int how, long set, long oldset);

  /**
   * {@code abort}: unblock SIGABRT and raise it on the calling thread; if a handler returns, reset
   * SIGABRT to its default action and raise it again; if even that returns, exit with 127. It
   * returns only by unwinding: the process is gone.
   *
   * @param ctx the caller's context
   * @param self the caller
   */
  void abort(UserContext ctx, long self);

  /**
   * {@code pthread_detach}.
   *
   * @param ctx the caller's context
   * @param self the caller
   * @param thread the thread to detach
   * @return 0, EINVAL (already detached) or ESRCH
   */
  int pthreadDetach(UserContext ctx, long self, long thread);

  /**
   * {@code pthread_exit}: the calling thread ends; runs start_thread's exit path. The caller must
   * return right after.
   *
   * @param ctx the thread's context
   * @param self the thread
   * @param value its result
   */
  void pthreadExit(UserContext ctx, long self, long value);

  /**
   * {@code pthread_cancel} in deferred mode: the SIGCANCEL handler installed on first use, the
   * unwinder loaded if it is not, the thread marked cancelled and sent SIGCANCEL; it acts when the
   * thread is in a cancellation point ({@link #nanosleep}).
   *
   * @param ctx the caller's context
   * @param self the caller
   * @param thread the thread to cancel
   * @return 0 or ESRCH
   */
  int pthreadCancel(UserContext ctx, long self, long thread);

  /**
   * {@code nanosleep}, a cancellation point: a cancellation pending or arriving during the sleep
   * ends the thread (its result {@code PTHREAD_CANCELED}) instead of continuing. The caller must
   * return right after.
   *
   * @param ctx the caller's context
   * @param self the caller
   * @param req address of the timespec to sleep for
   * @param rem address for the remainder, or 0
   * @param next continued with the system call's result
   */
  void nanosleep(UserContext ctx, long self, long req, long rem, Continuation next);

  /**
   * {@code malloc} of {@code bytes}: a thread's first malloc call sets up its tcache ({@code
   * MAYBE_INIT_TCACHE} → {@code tcache_init}), whose own allocation takes the thread its arena: the
   * main arena on the main thread (no system call), else a free arena, a new one (new_heap's
   * reservation, trims and mprotect) or a shared one. The block then comes from that arena. cgo's
   * {@code x_cgo_thread_start} mallocs the {@code ThreadStart} copy it hands the new thread.
   * DEVIATION: the memory inside an arena is not modeled, so no block address is returned.
   *
   * @param ctx the caller's context
   * @param self the caller
   * @param bytes the size asked for
   */
  void malloc(UserContext ctx, long self, long bytes);

  /**
   * {@code free} of a block: it too starts with {@code MAYBE_INIT_TCACHE}, so on a thread that has
   * not called malloc yet it takes that thread its arena (as {@link #malloc} does) before the block
   * goes to the tcache; cgo's {@code threadentry} frees the ThreadStart its creator malloc'd, the
   * new thread's first malloc call.
   *
   * @param ctx the caller's context
   * @param self the caller
   */
  void free(UserContext ctx, long self);

  /**
   * {@code pthread_getattr_np}: the attributes a live thread runs with.
   *
   * @param ctx the caller's context
   * @param thread the thread to inspect
   * @param attr filled in: stack top and size without the guard, the reported guard, flags
   * @return 0 or ESRCH
   */
  int pthreadGetattrNp(UserContext ctx, long thread, PthreadAttr attr);

  /**
   * The layout of a live thread's stack block, for pictures and tests; not a glibc function.
   *
   * @param thread a thread whose stack glibc mapped (not the main thread, not a user stack)
   * @return where its guard, stack, static TLS and TCB lie
   * @throws IllegalArgumentException if there is no such thread
   */
  ThreadStack threadStack(long thread);

  /**
   * The stack cache and the stacks in use, for pictures and tests; not a glibc function.
   *
   * @return {@code stack_cache} and {@code stack_used} with their sizes, as they are now
   */
  StackCacheInfo stackCache();

  /**
   * {@code pthread_getattr_default_np}.
   *
   * @return a copy of the process's default attributes (stack size from RLIMIT_STACK)
   */
  PthreadAttr pthreadGetattrDefaultNp();

  /**
   * {@code pthread_setattr_default_np}: the attributes a create with a null attribute uses from now
   * on (a copy; a stack size of 0 keeps the current default size).
   *
   * @param attr the new defaults
   * @return 0, or EINVAL for a stack address, a stack size below PTHREAD_STACK_MIN or a priority
   *     outside the policy's range
   */
  int pthreadSetattrDefaultNp(PthreadAttr attr);

  /**
   * {@code pthread_attr_getstacksize}: the attribute's size, or the process default when unset.
   *
   * @param attr the attributes
   * @return the stack size a thread created with them asks for
   */
  long pthreadAttrGetstacksize(PthreadAttr attr);

  /**
   * {@code fork}: a new process through legacy {@code clone(CHILD_CLEARTID|CHILD_SETTID|SIGCHLD)};
   * the child reclaims the stacks of the threads that do not exist in it.
   *
   * @param ctx the forking thread's context
   * @param self the forking thread
   * @param child what the child's only thread runs
   * @return the child's pid, or {@code -errno}
   */
  long fork(UserContext ctx, long self, ForkChild child);

  /**
   * {@code posix_spawn} of a program: a 36 KiB stack and {@code clone3(CLONE_VM|CLONE_VFORK)}. The
   * spawned child's program image is not modeled: the child ends where the real one calls execve.
   *
   * @param ctx the caller's context
   * @param self the caller
   * @param exitStatus the status the exec'd program exits with
   * @param next continued with 0 and the pid, or the error
   */
  void posixSpawn(UserContext ctx, long self, int exitStatus, SpawnNext next);

  /**
   * {@code exit}: ends the process with {@code exit_group}. The caller must return right after.
   *
   * @param ctx the calling thread
   * @param status the exit status
   */
  void exit(UserContext ctx, int status);
}
