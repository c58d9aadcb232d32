package io.github.clonepath.goruntime.runtime;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A goroutine: the fields of {@code runtime.g} that creation and scheduling touch. */
public final class G {
  /**
   * {@code g.stack.lo} and {@code g.stack.hi}: its stack's bounds, {@code [lo, hi)}, held in the G
   * as the runtime holds them (no object of their own); both 0 when it has no stack (on the
   * no-stack free list, or a cgo M's g0 before mstart0).
   */
  long stackLo;

  long stackHi;

  /**
   * Its stack's bounds as a value.
   *
   * @return {@code [lo, hi)}, {@link Stack#NONE} when it has no stack
   */
  Stack stack() {
    return stackLo == 0 && stackHi == 0 ? Stack.NONE : new Stack(stackLo, stackHi);
  }

  /**
   * Sets its stack's bounds.
   *
   * @param s the new bounds, {@link Stack#NONE} for none
   */
  void setStack(Stack s) {
    stackLo = s.lo();
    stackHi = s.hi();
  }

  /** {@code stackguard0}: lo + _StackGuard. */
  long stackguard0;

  /** One of {@link GStatus}. */
  int status = GStatus.GIDLE;

  /** Its id, 0 until newproc1 gives it one from the P's batch. */
  long goid;

  /** The goroutine that created it. */
  long parentGoid;

  /** {@code sched.sp}: where it resumes; set by newproc1 below the frame that returns to goexit. */
  long schedSp;

  /** {@code sched.pc}: goexit + PCQuantum, so returning from the body runs goexit. */
  String schedPc = "";

  /** The function it runs ({@code startpc}). */
  String startpc = "";

  /** Its body. */
  List<Op> body = List.of();

  /** Index of the next step of its body. */
  int pc;

  /**
   * Model-only: the interpreter's state of its program beyond {@link #pc}, made on first need, so
   * that the many goroutines of a plain go statement carry none of it; null until then.
   */
  @Nullable Locals locals;

  /**
   * What a goroutine's program keeps besides its position: the loops ({@link Op.Repeat}) it is
   * inside, innermost last (while in a loop, {@link #body} is the loop's body); the ids of the
   * goroutines its go statements started, in creation order, when its body prints them ({@code
   * %children}); what its last debug.SetMaxThreads returned (the previous limit, -1 before any
   * call).
   */
  static final class Locals {
    final ArrayDeque<Loop> loops = new ArrayDeque<>();
    final List<Long> childGoids = new ArrayList<>();
    long setMaxThreadsOut = -1;
  }

  /**
   * Its locals, made now if it had none.
   *
   * @return the locals
   */
  Locals locals() {
    if (locals == null) {
      locals = new Locals();
    }
    return locals;
  }

  /**
   * The round of the innermost loop it is in, 0 outside loops.
   *
   * @return the round
   */
  int round() {
    return locals == null || locals.loops.isEmpty() ? 0 : locals.loops.peekLast().round;
  }

  /** One loop being run: the steps it came from and where they go on, and the round it is in. */
  static final class Loop {
    final List<Op> outer;
    final int resumePc;
    final int count;
    int round;

    Loop(List<Op> outer, int resumePc, int count) {
      this.outer = outer;
      this.resumePc = resumePc;
      this.count = count;
    }
  }

  /**
   * The body it started with (its function), whatever loop it is in now.
   *
   * @return the steps of its function
   */
  List<Op> function() {
    return locals == null || locals.loops.isEmpty() ? body : locals.loops.peekFirst().outer;
  }

  /**
   * {@code g.schedlink}: the next G on the free list ({@link GList}) or the global run queue
   * ({@link GQueue}) it is on, else null.
   */
  @Nullable G schedlink;

  /** The M running it. */
  M m;

  /** The M it is wired to by LockOSThread. */
  M lockedm;

  /** Whether it is a runtime goroutine (not counted as user code). */
  boolean system;

  /**
   * {@code waitreason}: why it last parked, as the runtime spells it ({@code sleep}, {@code chan
   * receive}, {@code force gc (idle)}, ...). As in the runtime, gopark sets it and only goexit0
   * clears it, so a G made runnable again keeps its last reason (scheddetail shows {@code
   * status=2(chan receive)}).
   */
  String waitReason = "";

  /**
   * {@code g.preempt}: sysmon asked it to yield (preemptone); it does so at its next step, the
   * stack check of its next call.
   */
  boolean preempt;

  /**
   * Model-only: the G is running its own code (a compute step), not the runtime's; where a signal
   * finds it, sigFetchG returns this G and the PC is in user code, an asynchronous safe point.
   */
  boolean userCode;

  /**
   * Model-only: doSigPreempt pushed a call to asyncPreempt at the interrupted PC, so the G calls it
   * as soon as its thread resumes (before the rest of its step).
   */
  boolean asyncPreempt;

  /** The argument its go statement passed ({@code go f(arg)}), 0 without one. */
  long arg;

  /**
   * Its id.
   *
   * @return g.goid
   */
  public long goid() {
    return goid;
  }

  /**
   * Its state by name.
   *
   * @return for example {@code _Grunnable}
   */
  public String statusName() {
    return GStatus.name(status);
  }

  /**
   * Why it waits.
   *
   * @return g.waitreason's text, "" when it does not wait
   */
  public String waitReason() {
    return waitReason;
  }

  /**
   * The M running it.
   *
   * @return its id, -1 for none
   */
  public long mId() {
    return m == null ? -1 : m.id;
  }

  @Override
  public String toString() {
    return "g" + goid;
  }
}
