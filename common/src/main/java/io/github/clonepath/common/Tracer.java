package io.github.clonepath.common;

import java.lang.reflect.Executable;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Records modeled calls and system calls into one machine's {@link EventLog}.
 *
 * <p>{@link #enter()} finds its caller on the stack and reads the caller's {@link Source}
 * annotation, so a modeled method states its reference once, beside its code, and cannot record a
 * call without one. Call tracing costs a stack walk per call (the method's {@code @Source} is then
 * looked up once and cached), so it is off unless asked for; when off, {@link #enter()} returns a
 * shared frame at once and {@link Frame#note} formats nothing: no stack walk, no formatting, no
 * allocation. System calls are always counted, and built as events unless the log only counts.
 * Neither a note nor a system call is formatted here: each event makes its text when a consumer
 * first reads it.
 */
public final class Tracer {
  private static final StackWalker WALKER =
      StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

  private final EventLog log;
  private final boolean calls;
  private final Map<String, SourceRef> refs = new HashMap<>();
  private final Map<Integer, Integer> depths = new HashMap<>();
  private int tid;
  private long now;

  /**
   * A tracer writing into one log.
   *
   * @param log where events go
   * @param calls whether modeled calls are recorded (system calls always are)
   */
  public Tracer(EventLog log, boolean calls) {
    this.log = log;
    this.calls = calls;
  }

  /**
   * The log this tracer writes.
   *
   * @return the machine's log
   */
  public EventLog log() {
    return log;
  }

  /**
   * Whether modeled calls are being recorded.
   *
   * @return true when walkthroughs are being collected
   */
  public boolean callsEnabled() {
    return calls;
  }

  /**
   * Sets who is running and when; the machine calls this whenever it dispatches a task or its clock
   * moves.
   *
   * @param tid the running task
   * @param nowNanos virtual time
   */
  public void setContext(int tid, long nowNanos) {
    this.tid = tid;
    this.now = nowNanos;
  }

  /**
   * The task the tracer attributes events to.
   *
   * @return the running task's id
   */
  public int currentTid() {
    return tid;
  }

  /**
   * Records entry into the calling modeled method.
   *
   * @return the open frame; close it when the method returns
   * @throws IllegalStateException if the caller has no {@link Source} annotation
   */
  public Frame enter() {
    // the off path is a few bytecodes, small enough for the client compiler to inline
    return calls ? open(callerRef()) : NoFrame.INSTANCE;
  }

  /**
   * Records entry into the calling modeled method under the reference {@code cite} makes of its
   * {@link Source}: for a method that models one function across several releases, the reference of
   * the release the process follows (that release's line, or the name the function had then).
   *
   * @param cite turns the annotation's reference into the one to record
   * @return the open frame; close it when the method returns
   * @throws IllegalStateException if the caller has no {@link Source} annotation
   */
  public Frame enter(UnaryOperator<SourceRef> cite) {
    return calls ? open(cite.apply(callerRef())) : NoFrame.INSTANCE;
  }

  /** The reference of the modeled method that called {@code enter}: two frames up from here. */
  private SourceRef callerRef() {
    StackWalker.StackFrame caller = WALKER.walk(s -> s.skip(2).findFirst()).orElseThrow();
    return refs.computeIfAbsent(key(caller), k -> lookup(caller));
  }

  private Frame open(SourceRef ref) {
    int depth = depths.getOrDefault(tid, 0);
    log.append(new CallEvent(now, tid, depth, ref));
    depths.put(tid, depth + 1);
    return new OpenFrame(tid, depth);
  }

  /**
   * Whether system-call events are kept or streamed, so that formatting their text is worth it; a
   * count-only log only counts them.
   *
   * @return false when the log only counts
   */
  public boolean syscallTextWanted() {
    return log.wantsEvents();
  }

  /**
   * Records a completed system call whose text is already made (a constant, or one too cheap to
   * defer).
   *
   * @param name the call's name
   * @param text the strace text after the pid prefix
   * @param result the raw return value
   */
  public void syscall(String name, String text, long result) {
    if (!log.wantsEvents()) {
      log.countSyscall();
      return;
    }
    log.append(new SyscallEvent(now, tid, depths.getOrDefault(tid, 0), name, text, result));
  }

  /**
   * Records a completed system call whose text its printer makes when a consumer reads it.
   *
   * @param name the call's name
   * @param args the raw arguments (kept by the event)
   * @param result the raw return value
   * @param returned false when the task never returned from the call
   * @param decoded the immutable pieces the printer needs beyond the arguments, or null
   * @param printer makes the strace text from the event
   */
  public void syscall(
      String name,
      long[] args,
      long result,
      boolean returned,
      Object decoded,
      SyscallEvent.Printer printer) {
    if (!log.wantsEvents()) {
      log.countSyscall();
      return;
    }
    log.append(
        new SyscallEvent(
            now, tid, depths.getOrDefault(tid, 0), name, args, result, returned, decoded, printer));
  }

  private static String key(StackWalker.StackFrame f) {
    return f.getClassName() + "#" + f.getMethodName() + f.getDescriptor();
  }

  private static SourceRef lookup(StackWalker.StackFrame f) {
    Class<?> owner = f.getDeclaringClass();
    Class<?>[] params = f.getMethodType().parameterArray();
    Executable exe;
    try {
      exe =
          f.getMethodName().equals("<init>")
              ? owner.getDeclaredConstructor(params)
              : owner.getDeclaredMethod(f.getMethodName(), params);
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException("cannot find the modeled method " + key(f), e);
    }
    Source s = exe.getAnnotation(Source.class);
    if (s == null) {
      throw new IllegalStateException(
          owner.getName()
              + "."
              + f.getMethodName()
              + " records a modeled call but has no @Source; annotate it with the real function");
    }
    return SourceRef.of(s);
  }

  private final class OpenFrame implements Frame {
    private final int frameTid;
    private final int depth;

    OpenFrame(int frameTid, int depth) {
      this.frameTid = frameTid;
      this.depth = depth;
    }

    @Override
    public void note(String format, Object... args) {
      log.append(new NoteEvent(now, frameTid, depth, format, args));
    }

    @Override
    public void close() {
      depths.put(frameTid, depth);
    }
  }

  private enum NoFrame implements Frame {
    INSTANCE;

    @Override
    public void note(String format, Object... args) {}

    @Override
    public boolean recording() {
      return false;
    }

    @Override
    public void close() {}
  }
}
