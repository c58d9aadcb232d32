package io.github.clonepath.walk;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import io.github.clonepath.common.CallEvent;
import io.github.clonepath.common.TraceEvent;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The real call orders of the seed walkthroughs, written from the call graphs of docs/notes/ (Go's
 * {@code proc.go}/{@code os_linux.go} at go1.13, NPTL's {@code pthread_create} path at glibc 2.36,
 * the kernel's {@code copy_process} at Linux 6.2), never from the model's output.
 *
 * <p>A walk matches a real order when the functions it traced on one task, keeping only those the
 * real order names, are exactly that order; a step marked optional may be missing (a detail the
 * model may leave untraced) but, when traced, must be in its place. Functions the model traces and
 * the real order does not name are left out of the comparison: the golden files review them.
 */
final class RealCallOrder {

  /**
   * One step: the real function under any of its names.
   *
   * @param names the names a source reference may give it
   * @param optional whether the step may be untraced
   * @param resumed whether the model may record it more than once in a row: a call that blocks
   *     (pthread_join's futex wait) or hands over to a continuation (start_thread's exit path) is
   *     entered again when its task resumes, as one real call
   */
  record Step(ImmutableSet<String> names, boolean optional, boolean resumed) {
    static Step of(String... names) {
      return new Step(ImmutableSet.copyOf(names), false, false);
    }

    static Step maybe(String... names) {
      return new Step(ImmutableSet.copyOf(names), true, false);
    }

    static Step resumable(String... names) {
      return new Step(ImmutableSet.copyOf(names), false, true);
    }

    @Override
    public String toString() {
      return String.join("|", names) + (optional ? "?" : "") + (resumed ? "+" : "");
    }
  }

  /**
   * Seed 001, Go 1.13, the creating thread: newm → allocm → mcommoninit (checkmcount, mpreinit and
   * the 32 KiB gsignal from malg) → malg for the 8 KiB g0 → newm1 → newosproc → the runtime·clone
   * stub of sys_linux_amd64.s, which makes the clone system call (docs/notes/go-runtime.md §2,
   * go1.13 tree).
   */
  static final ImmutableList<Step> NEWM_GO113 =
      ImmutableList.of(
          Step.of("newm"),
          Step.of("allocm"),
          Step.of("mcommoninit"),
          Step.of("checkmcount"),
          Step.of("mpreinit"),
          Step.of("malg"),
          Step.of("malg"),
          Step.of("newm1"),
          Step.of("newosproc"),
          Step.of("clone"));

  /**
   * Seed 001, the new thread: the assembly clone's child half sets its TLS (settls, go1.13 has no
   * CLONE_SETTLS) and calls mstart → mstart1 → minit, then takes nextp with acquirep
   * (docs/notes/go-runtime.md §2, go1.13).
   */
  static final ImmutableList<Step> NEWM_GO113_CHILD =
      ImmutableList.of(
          Step.of("settls"),
          Step.of("mstart"),
          Step.of("mstart1"),
          Step.of("minit"),
          Step.of("acquirep"));

  /**
   * Seed 001 with the template thread (go1.13), the locked M: allocm borrows the P it is handing
   * off (acquirep, then releasep), mcommoninit and the two stacks as usual, then newm, finding its
   * M locked, queues the new M on newmHandoff and wakes the template thread
   * (docs/notes/go-runtime.md §2, go1.13: "push mp on newmHandoff.newm; wake templateThread;
   * return").
   */
  static final ImmutableList<Step> NEWM_GO113_LOCKED =
      ImmutableList.of(
          Step.of("newm"),
          Step.of("allocm"),
          Step.of("acquirep"),
          Step.of("mcommoninit"),
          Step.of("checkmcount"),
          Step.of("mpreinit"),
          Step.of("malg"),
          Step.of("malg"),
          Step.of("releasep"),
          Step.of("notewakeup"));

  /**
   * Seed 001 with the template thread (go1.13), the template thread's turn: templateThread takes
   * the queued Ms and calls newm1 for each → newosproc → the assembly clone
   * (docs/notes/go-runtime.md §2).
   */
  static final ImmutableList<Step> NEWM_GO113_TEMPLATE =
      ImmutableList.of(
          Step.resumable("templateThread"),
          Step.of("newm1"),
          Step.of("newosproc"),
          Step.of("clone"));

  /**
   * Seed 001 at go1.21.0, the creating thread: the id was reserved in startm (mReserveID before
   * newm), so mcommoninit only takes it; then mpreinit's 32 KiB gsignal, the 8 KiB g0, newm1 →
   * newosproc → the assembly clone (docs/notes/go-runtime.md §2, go1.21.0 tree).
   */
  static final ImmutableList<Step> NEWM_GO121 =
      ImmutableList.of(
          Step.of("newm"),
          Step.of("allocm"),
          Step.of("mcommoninit"),
          Step.of("mpreinit"),
          Step.of("malg"),
          Step.of("malg"),
          Step.of("newm1"),
          Step.of("newosproc"),
          Step.of("clone"));

  /**
   * Seed 001 at go1.21.0, the new thread: CLONE_SETTLS set the TLS in the parent's clone, so the
   * child goes straight to mstart → mstart0 → mstart1 → minit → acquirep(nextp)
   * (docs/notes/go-runtime.md §2, go1.21.0; the model does not trace the assembly mstart stub).
   */
  static final ImmutableList<Step> NEWM_GO121_CHILD =
      ImmutableList.of(
          Step.maybe("mstart"),
          Step.of("mstart0"),
          Step.of("mstart1"),
          Step.of("minit"),
          Step.of("acquirep"));

  /**
   * Seed 003 at go1.21.0, the thread of the go statement: newproc → newproc1 → gfget (nothing to
   * recycle) → malg(stackMin 2048) → allgadd, then newproc's runqput into runnext and wakep, which
   * takes the idle P (pidlegetSpinning) before startm; startm finds no idle M, reserves the id
   * (mReserveID → checkmcount) and calls newm, whose path is seed 001's (docs/notes/go-runtime.md
   * §2, go1.21.0 tree).
   */
  static final ImmutableList<Step> NEWPROC_GO121 =
      ImmutableList.of(
          Step.of("newproc"),
          Step.of("newproc1"),
          Step.of("gfget"),
          Step.of("malg"),
          Step.maybe("allgadd"),
          Step.of("runqput"),
          Step.of("wakep"),
          Step.of("pidleget", "pidlegetSpinning"),
          Step.of("startm"),
          Step.of("mget"),
          Step.of("mReserveID"),
          Step.of("checkmcount"),
          Step.of("newm"),
          Step.of("allocm"),
          Step.of("mcommoninit"),
          Step.of("mpreinit"),
          Step.of("malg"),
          Step.of("malg"),
          Step.of("newm1"),
          Step.of("newosproc"),
          Step.of("clone"));

  /**
   * Seed 002, Go 1.14's libc-thread path, the creating thread: newm1 → newosproc, which sets up the
   * attributes (pthread_attr_init, pthread_attr_getstacksize, pthread_attr_setdetachstate: optional
   * here, the model keeps them as attribute updates, not traced calls), blocks all signals and
   * calls pthread_create(mstart_stub, mp) — glibc's path as in docs/notes/glibc.md §3:
   * allocate_stack → get_cached_stack → setup_stack_prot → create_thread → __clone_internal.
   */
  static final ImmutableList<Step> NEWOSPROC_PTHREAD_GO114 =
      ImmutableList.of(
          Step.of("newm1"),
          Step.of("newosproc"),
          Step.maybe("pthread_attr_init"),
          Step.maybe("pthread_attr_getstacksize"),
          Step.maybe("pthread_attr_setdetachstate"),
          Step.of("pthread_sigmask", "__pthread_sigmask"),
          Step.of("pthread_create", "__pthread_create_2_1"),
          Step.of("allocate_stack"),
          Step.of("get_cached_stack"),
          Step.of("setup_stack_prot"),
          Step.of("create_thread"),
          Step.of("__clone_internal"),
          Step.of("pthread_sigmask", "__pthread_sigmask"));

  /**
   * Seed 002, the new thread: glibc's start_thread runs the start routine mstart_stub, which calls
   * mstart → mstart1 → minit → acquirep(nextp) (docs/notes/glibc.md §3, docs/notes/go-runtime.md
   * §2).
   */
  static final ImmutableList<Step> NEWOSPROC_PTHREAD_GO114_CHILD =
      ImmutableList.of(
          Step.of("start_thread"),
          Step.of("mstart_stub"),
          Step.of("mstart"),
          Step.of("mstart1"),
          Step.of("minit"),
          Step.of("acquirep"));

  /**
   * Seed 004, glibc 2.36, the creating thread of a program whose first pthread_create misses the
   * cache and then joins: pthread_create → late_init (first thread) → allocate_stack →
   * get_cached_stack → setup_stack_prot → create_thread → __clone_internal → clone3 into the
   * kernel: kernel_clone → copy_process → copy_files → copy_fs → copy_sighand → copy_signal →
   * copy_mm (docs/notes/glibc.md §3, docs/notes/kernel.md §2f item 26), then pthread_join →
   * __nptl_free_tcb → __nptl_deallocate_stack → queue_stack (docs/notes/glibc.md §6, §9).
   */
  static final ImmutableList<Step> PTHREAD_CREATE_GLIBC236 =
      ImmutableList.of(
          Step.of("pthread_create", "__pthread_create_2_1"),
          Step.of("late_init"),
          Step.of("allocate_stack"),
          Step.of("get_cached_stack"),
          Step.of("setup_stack_prot"),
          Step.of("create_thread"),
          Step.of("__clone_internal"),
          Step.maybe("__do_sys_clone3", "sys_clone3", "clone3"),
          Step.maybe("copy_clone_args_from_user"),
          Step.maybe("clone3_args_valid"),
          Step.of("kernel_clone"),
          Step.of("copy_process"),
          Step.maybe("dup_task_struct"),
          Step.maybe("copy_creds"),
          Step.maybe("copy_semundo"),
          Step.of("copy_files"),
          Step.of("copy_fs"),
          Step.of("copy_sighand"),
          Step.of("copy_signal"),
          Step.of("copy_mm"),
          Step.maybe("copy_namespaces"),
          Step.maybe("copy_io"),
          Step.maybe("copy_thread"),
          Step.maybe("alloc_pid"),
          Step.resumable("pthread_join", "__pthread_join", "__pthread_clockjoin_ex"),
          Step.of("__nptl_free_tcb"),
          Step.maybe("__nptl_deallocate_stack"),
          Step.of("queue_stack"));

  /**
   * Seed 004, the new thread: start_thread, whose exit path returns the stack's pages with
   * advise_stack_range (docs/notes/glibc.md §3, §7).
   */
  static final ImmutableList<Step> PTHREAD_CREATE_GLIBC236_CHILD =
      ImmutableList.of(Step.resumable("start_thread"), Step.of("advise_stack_range"));

  private RealCallOrder() {}

  /**
   * The functions one task traced, in order.
   *
   * @param events a run's events
   * @param tid the task
   * @return the real function names of its call events
   */
  static List<String> functions(List<? extends TraceEvent> events, int tid) {
    List<String> out = new ArrayList<>();
    for (TraceEvent e : events) {
      if (e instanceof CallEvent c && c.tid() == tid) {
        out.add(c.source().function());
      }
    }
    return out;
  }

  /**
   * The task that first called a function.
   *
   * @param events a run's events
   * @param function the real function
   * @return the tid of its first call event
   */
  static int firstTidCalling(List<? extends TraceEvent> events, String function) {
    for (TraceEvent e : events) {
      if (e instanceof CallEvent c && c.source().function().equals(function)) {
        return c.tid();
      }
    }
    throw new IllegalStateException("the run never called " + function);
  }

  /**
   * Compares a task's traced functions with a real order.
   *
   * @param expected the real order
   * @param traced the functions the task traced, in order
   * @return empty when they match, else what differs first
   */
  static Optional<String> mismatch(List<Step> expected, List<String> traced) {
    Set<String> vocabulary = new HashSet<>();
    expected.forEach(s -> vocabulary.addAll(s.names()));
    List<String> kept = traced.stream().filter(vocabulary::contains).toList();
    int i = 0;
    for (Step step : expected) {
      if (i < kept.size() && step.names().contains(kept.get(i))) {
        i++;
        while (step.resumed() && i < kept.size() && kept.get(i).equals(kept.get(i - 1))) {
          i++;
        }
      } else if (!step.optional()) {
        return Optional.of(
            "expected "
                + step
                + " at position "
                + i
                + " but the walk traced "
                + (i < kept.size() ? kept.get(i) : "nothing more")
                + "; the walk's functions of the real order: "
                + kept);
      }
    }
    if (i < kept.size()) {
      return Optional.of(
          "the walk traced "
              + kept.subList(i, kept.size())
              + " after the real order ended: "
              + kept);
    }
    return Optional.empty();
  }

  /**
   * Fails unless one task's traced functions follow a real order.
   *
   * @param events a run's events
   * @param tid the task
   * @param order the real order
   */
  static void assertFollows(List<? extends TraceEvent> events, int tid, List<Step> order) {
    Optional<String> m = mismatch(order, functions(events, tid));
    if (m.isPresent()) {
      throw new AssertionError("task " + tid + ": " + m.get());
    }
  }
}
