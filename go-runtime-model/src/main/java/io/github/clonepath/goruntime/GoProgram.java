package io.github.clonepath.goruntime;

import io.github.clonepath.goruntime.runtime.Op;
import java.util.ArrayList;
import java.util.List;

/**
 * A goroutine's body, built step by step: what the reference programs do, reduced to what decides
 * thread and goroutine creation. Immutable; each method returns a longer program.
 */
public final class GoProgram {
  /** In the text of a print or collect inside a {@link #repeat} loop: the loop's round, from 0. */
  public static final String ROUND = Op.Print.ROUND;

  private final List<Op> ops;
  private final boolean initLocks;

  private GoProgram(List<Op> ops, boolean initLocks) {
    this.ops = List.copyOf(ops);
    this.initLocks = initLocks;
  }

  /**
   * An empty body (a goroutine that returns at once).
   *
   * @return the program
   */
  public static GoProgram empty() {
    return new GoProgram(List.of(), false);
  }

  private GoProgram with(Op op) {
    List<Op> l = new ArrayList<>(ops);
    l.add(op);
    return new GoProgram(l, initLocks);
  }

  /**
   * {@code func init() { runtime.LockOSThread() }}: main runs locked to the main thread.
   *
   * @return the program
   */
  public GoProgram initLockOSThread() {
    return new GoProgram(ops, true);
  }

  /**
   * {@code go fn()}, {@code n} times.
   *
   * @param name the function's name (the new Gs' startpc)
   * @param body what each new goroutine does
   * @param n how many
   * @return the program
   */
  public GoProgram go(String name, GoProgram body, int n) {
    return go(name, body, n, Number.of(0));
  }

  /**
   * {@code go fn(arg)}, {@code n} times: each new goroutine's {@code %arg} (in its prints and in
   * its pipe numbers) is {@code arg}'s value when the go statement runs.
   *
   * @param name the function's name (the new Gs' startpc)
   * @param body what each new goroutine does
   * @param n how many
   * @param arg the argument: a constant, {@link #round(long)} or {@link #arg(long)}
   * @return the program
   */
  public GoProgram go(String name, GoProgram body, int n, Number arg) {
    if (n < 1) {
      throw new IllegalArgumentException("a go statement starts at least one goroutine: " + n);
    }
    return with(new Op.Go(name, body.ops, n, arg.operand()));
  }

  /**
   * A number that is the innermost loop's round (from 0) plus {@code plus}, when the step runs.
   *
   * @param plus what is added
   * @return the operand
   */
  public static Number round(long plus) {
    return new Number(Op.Operand.Kind.ROUND.name(), plus);
  }

  /**
   * A number that is the goroutine's go argument plus {@code plus}, when the step runs.
   *
   * @param plus what is added
   * @return the operand
   */
  public static Number arg(long plus) {
    return new Number(Op.Operand.Kind.ARG.name(), plus);
  }

  /**
   * A number a step uses, known when the step runs: a constant, a loop's round or the go argument,
   * plus a constant.
   *
   * @param source CONSTANT, ROUND or ARG
   * @param plus the constant
   */
  public record Number(String source, long plus) {
    /**
     * A constant.
     *
     * @param n the number
     * @return the number
     */
    public static Number of(long n) {
      return new Number(Op.Operand.Kind.CONSTANT.name(), n);
    }

    /**
     * Whether it is a constant.
     *
     * @return true for a constant
     */
    public boolean constant() {
      return source.equals(Op.Operand.Kind.CONSTANT.name());
    }

    Op.Operand operand() {
      return new Op.Operand(Op.Operand.Kind.valueOf(source), plus);
    }
  }

  /**
   * A loop: {@code body} runs {@code n} times in a row ({@code for i := 0; i < n; i++}), kept as a
   * loop however large {@code n} is. In its prints, {@code %round} is the round, from 0.
   *
   * @param n how many rounds, at least 1
   * @param body one round
   * @return the program
   */
  public GoProgram repeat(int n, GoProgram body) {
    if (n < 1) {
      throw new IllegalArgumentException("a loop runs at least once: " + n);
    }
    return with(new Op.Repeat(n, body.ops));
  }

  /**
   * Computes for some virtual time.
   *
   * @param nanos how long
   * @return the program
   */
  public GoProgram compute(long nanos) {
    return with(new Op.Compute(nanos));
  }

  /**
   * A blocking system call of a fixed virtual duration: entersyscall, nanosleep(2) for that long,
   * exitsyscall. A program whose call ends when another goroutine acts uses {@link #pipe(int)} and
   * {@link #read(int)} instead.
   *
   * @param nanos how long it blocks
   * @return the program
   */
  public GoProgram syscall(long nanos) {
    return with(new Op.Syscall(nanos));
  }

  /**
   * {@code syscall.Pipe(p)}: pipe2(2) with flags 0, a raw system call; the pipe is known by its
   * number to later {@link #read(int)} and {@link #write(int)} steps of any goroutine.
   *
   * @param pipe the pipe's number, 0 or more
   * @return the program
   */
  public GoProgram pipe(int pipe) {
    return pipe(Number.of(requirePipe(pipe)));
  }

  /**
   * {@link #pipe(int)} with a number computed when the step runs (a loop's round, a go argument). A
   * negative number makes no pipe: pipe2 is issued but its descriptors are not kept.
   *
   * @param pipe the pipe's number
   * @return the program
   */
  public GoProgram pipe(Number pipe) {
    return with(new Op.Pipe(pipe.operand()));
  }

  /**
   * {@code syscall.Read} of one byte from pipe {@code pipe}'s read end: a blocking system call
   * (entersyscall) that stays in the kernel until a writer writes, so sysmon retakes the P and
   * another M runs the other goroutines. A pipe never made reads as EBADF.
   *
   * @param pipe the pipe's number
   * @return the program
   */
  public GoProgram read(int pipe) {
    return read(Number.of(requirePipe(pipe)));
  }

  /**
   * {@link #read(int)} with a number computed when the step runs.
   *
   * @param pipe the pipe's number
   * @return the program
   */
  public GoProgram read(Number pipe) {
    return with(new Op.Read(pipe.operand()));
  }

  /**
   * {@code syscall.Write} of the byte 1 to pipe {@code pipe}'s write end (entersyscall, write(2),
   * exitsyscall): a reader blocked on the pipe wakes.
   *
   * @param pipe the pipe's number
   * @return the program
   */
  public GoProgram write(int pipe) {
    return write(Number.of(requirePipe(pipe)));
  }

  /**
   * {@link #write(int)} with a number computed when the step runs.
   *
   * @param pipe the pipe's number
   * @return the program
   */
  public GoProgram write(Number pipe) {
    return with(new Op.Write(pipe.operand()));
  }

  private static int requirePipe(int pipe) {
    if (pipe < 0) {
      throw new IllegalArgumentException("pipe numbers start at 0: " + pipe);
    }
    return pipe;
  }

  /**
   * A call into C that stays in C for some virtual time (d_cgo's {@code C.c_block_ms}: usleep). The
   * goroutine's M is marked in cgo and its P can be retaken by sysmon, as in a blocking system
   * call. A binary without cgo throws {@code cgocall unavailable}.
   *
   * @param nanos how long the C code runs
   * @return the program
   */
  public GoProgram cgoCall(long nanos) {
    return with(new Op.CgoCall(nanos));
  }

  /**
   * {@code time.Sleep}.
   *
   * @param nanos how long
   * @return the program
   */
  public GoProgram sleep(long nanos) {
    return with(new Op.Sleep(nanos));
  }

  /**
   * {@code runtime.LockOSThread()}.
   *
   * @return the program
   */
  public GoProgram lockOSThread() {
    return with(new Op.LockOSThread());
  }

  /**
   * {@code runtime.UnlockOSThread()}.
   *
   * @return the program
   */
  public GoProgram unlockOSThread() {
    return with(new Op.UnlockOSThread());
  }

  /**
   * Prints to stdout. {@code %threads} becomes the live thread count (what the programs read from
   * /proc/self/status), {@code %goid} the printing goroutine's id (what they parse from
   * runtime.Stack), and {@code %children} the ids of the goroutines this goroutine's go statements
   * started, in creation order, as fmt prints an int slice: {@code [33 34 35]}, and {@code
   * %setmaxthreads} what this goroutine's last {@link #setMaxThreads(int)} returned (the previous
   * limit: 10000 at the first call; -1 before any).
   *
   * @param text the text
   * @return the program
   */
  public GoProgram print(String text) {
    return with(new Op.Print(text));
  }

  /**
   * Appends a line to the program's one shared slice of strings ({@code mu.Lock(); ids =
   * append(ids, fmt.Sprintf(...)); mu.Unlock()}), its placeholders replaced now as {@link
   * #print(String)} replaces them.
   *
   * @param text the line, without its newline
   * @return the program
   */
  public GoProgram collect(String text) {
    return with(new Op.Collect(text));
  }

  /**
   * {@code sort.Strings(ids)} on the lines {@link #collect(String)} gathered, then {@code
   * fmt.Println} of each: one write to stdout per line, in byte order.
   *
   * @return the program
   */
  public GoProgram printSorted() {
    return with(new Op.PrintSorted());
  }

  /**
   * {@code debug.SetMaxThreads(n)}; a later print's {@code %setmaxthreads} is the limit it
   * returned.
   *
   * @param n the limit
   * @return the program
   */
  public GoProgram setMaxThreads(int n) {
    return with(new Op.SetMaxThreads(n));
  }

  /**
   * {@code make(chan T, size)} for channel {@code ch}: a buffer of {@code size} values, 0 for an
   * unbuffered channel (a send then parks until a receiver takes the value). A channel no step made
   * is unbounded: its sends never block (the model's stand-in for close and wg.Wait).
   *
   * @param ch the channel's number, 0 or more
   * @param size the buffer's size, 0 or more
   * @return the program
   */
  public GoProgram makeChan(int ch, int size) {
    if (size < 0) {
      throw new IllegalArgumentException("a channel's buffer has 0 or more places: " + size);
    }
    return with(new Op.MakeChan(requireChan(ch), size));
  }

  /**
   * Sends on channel {@code ch}: to a parked receiver, else into the buffer if there is room, else
   * parks until a receiver comes (see {@link #makeChan}).
   *
   * @param ch the channel's number, 0 or more
   * @return the program
   */
  public GoProgram send(int ch) {
    return with(new Op.Send(requireChan(ch)));
  }

  /**
   * Receives from channel {@code ch}, parking while it is empty.
   *
   * @param ch the channel's number, 0 or more
   * @return the program
   */
  public GoProgram recv(int ch) {
    return with(new Op.Recv(requireChan(ch)));
  }

  private static int requireChan(int ch) {
    if (ch < 0) {
      throw new IllegalArgumentException("channel numbers start at 0: " + ch);
    }
    return ch;
  }

  List<Op> ops() {
    return ops;
  }

  boolean initLocks() {
    return initLocks;
  }
}
