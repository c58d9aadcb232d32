package io.github.clonepath.goruntime.runtime;

import java.util.List;

/**
 * One step of a goroutine's body: what the real test programs do, reduced to what matters for
 * thread and goroutine creation. A goroutine runs its steps in order and returns into goexit.
 */
public sealed interface Op {
  /**
   * A {@code go} statement, executed {@code count} times.
   *
   * @param name the function's name, recorded as the new G's startpc
   * @param body the new goroutine's steps
   * @param count how many goroutines
   */
  record Go(String name, List<Op> body, int count, Operand arg) implements Op {
    /**
     * A go statement without an argument.
     *
     * @param name the function's name
     * @param body the new goroutine's steps
     * @param count how many goroutines
     */
    public Go(String name, List<Op> body, int count) {
      this(name, body, count, Operand.of(0));
    }
  }

  /**
   * A number a step uses: a constant, the round of the innermost loop the step is in, or the
   * argument the goroutine's go statement passed, each plus a constant.
   *
   * @param kind where the number comes from
   * @param offset the constant (added to the round or the argument)
   */
  record Operand(Kind kind, long offset) {
    /** Where an operand's number comes from. */
    public enum Kind {
      /** The offset alone. */
      CONSTANT,
      /** The innermost loop's round, from 0. */
      ROUND,
      /** The go statement's argument. */
      ARG
    }

    /**
     * A constant.
     *
     * @param n the number
     * @return the operand
     */
    public static Operand of(long n) {
      return new Operand(Kind.CONSTANT, n);
    }

    /**
     * The value for a goroutine.
     *
     * @param gp the goroutine running the step
     * @return the number
     */
    long value(G gp) {
      return switch (kind) {
        case CONSTANT -> offset;
        case ROUND -> offset + gp.round();
        case ARG -> offset + gp.arg;
      };
    }
  }

  /**
   * Runs on the CPU for some virtual time, holding its M and P.
   *
   * @param nanos how long
   */
  record Compute(long nanos) implements Op {}

  /**
   * A blocking system call that returns after some virtual time (entersyscall, the call,
   * exitsyscall). DEVIATION: the call is nanosleep(2), standing for the programs' read(2) on a
   * pipe.
   *
   * @param nanos how long the call blocks
   */
  record Syscall(long nanos) implements Op {}

  /**
   * {@code syscall.Pipe(p)}: pipe2(p, 0) as a raw system call (no entersyscall: it never blocks);
   * the two descriptors are kept under the program's pipe number.
   *
   * @param pipe the pipe's number within the program
   */
  record Pipe(Operand pipe) implements Op {}

  /**
   * {@code syscall.Read(r, b[:1])} on the read end of a pipe: a blocking system call (entersyscall,
   * read(2), exitsyscall) that ends when another goroutine writes the pipe.
   *
   * @param pipe the pipe's number within the program
   */
  record Read(Operand pipe) implements Op {}

  /**
   * {@code syscall.Write(w, []byte{1})} on the write end of a pipe (entersyscall, write(2),
   * exitsyscall): wakes a reader blocked in the kernel.
   *
   * @param pipe the pipe's number within the program
   */
  record Write(Operand pipe) implements Op {}

  /**
   * {@code time.Sleep}: the G parks on a timer, its M goes back to the scheduler.
   *
   * @param nanos how long
   */
  record Sleep(long nanos) implements Op {}

  /** {@code runtime.LockOSThread()}. */
  record LockOSThread() implements Op {}

  /** {@code runtime.UnlockOSThread()}. */
  record UnlockOSThread() implements Op {}

  /**
   * Writes program output to fd 1.
   *
   * @param text what is printed; {@code %threads} is replaced by the live thread count, {@code
   *     %goid} by the printing goroutine's id, {@code %round} by the round of the loop it is in,
   *     {@code %setmaxthreads} by what its last {@code debug.SetMaxThreads} returned, {@code
   *     %children} by the ids of the goroutines its go statements started, in creation order, as
   *     Go's {@code %v} prints an int slice ({@code [33 34 35]})
   */
  record Print(String text) implements Op {
    /** The placeholder for the ids of the goroutines this one started. */
    public static final String CHILDREN = "%children";

    /**
     * The placeholder for what the goroutine's last {@link SetMaxThreads} returned: the limit
     * before it (10000 at the first call), -1 before any.
     */
    public static final String SET_MAX_THREADS = "%setmaxthreads";

    /** The placeholder for the 0-based round of the innermost {@link Repeat} the print is in. */
    public static final String ROUND = "%round";

    /**
     * Whether a body prints {@code %children}, so that its goroutine must keep its children's ids.
     *
     * @param body a goroutine's steps
     * @return true if one of them is a print that names the children
     */
    static boolean namesChildren(List<Op> body) {
      for (Op op : body) {
        if (op instanceof Print p && p.text().contains(CHILDREN)
            || op instanceof Collect c && c.text().contains(CHILDREN)
            || op instanceof Repeat r && namesChildren(r.body())) {
          return true;
        }
      }
      return false;
    }
  }

  /**
   * Appends a line to the program's one shared slice of strings (a {@code []string} that goroutines
   * append to under a mutex), formatted now with the placeholders of {@link Print}.
   *
   * @param text the line, without its newline
   */
  record Collect(String text) implements Op {}

  /**
   * {@code sort.Strings} on the shared slice, then {@code fmt.Println} of each string: one write to
   * fd 1 per line.
   */
  record PrintSorted() implements Op {}

  /**
   * {@code debug.SetMaxThreads(n)}.
   *
   * @param n the new limit
   */
  record SetMaxThreads(int n) implements Op {}

  /**
   * A cgo call into C that blocks for some virtual time (the M stays in C, its P is handed off).
   *
   * @param nanos how long the C code runs
   */
  record CgoCall(long nanos) implements Op {}

  /**
   * {@code make(chan T, size)}: gives channel {@code chan} a buffer of {@code size} values (0: an
   * unbuffered channel). A channel never made is unbounded: its sends never block.
   *
   * @param chan the channel's number within the program
   * @param size the buffer's size, 0 or more
   */
  record MakeChan(int chan, int size) implements Op {}

  /**
   * Sends on a channel: hands the value to a parked receiver if there is one, else buffers it if
   * there is room, else parks until a receiver takes it.
   *
   * @param chan the channel's number within the program
   */
  record Send(int chan) implements Op {}

  /**
   * Receives from a channel: takes a parked sender's value (for a full buffer, the buffer's head,
   * the sender's value going to its tail) and readies the sender, else a buffered value, else
   * parks.
   *
   * @param chan the channel's number within the program
   */
  record Recv(int chan) implements Op {}

  /**
   * A step of runtime.main itself ({@code start}: mainStarted, sysmon, lockOSThread; {@code cgo}:
   * the template thread; {@code unlock}: unlockOSThread; {@code exit}: exit(0)).
   *
   * @param step which step
   */
  record RuntimeStep(String step) implements Op {}

  /**
   * Parks forever (the runtime's background goroutines do after their start-up).
   *
   * @param reason the wait reason gopark records, as the runtime spells it (for example {@code
   *     force gc (idle)})
   */
  record ParkForever(String reason) implements Op {}

  /**
   * A loop of the program (a Go {@code for} with a fixed count): its body runs {@code count} times
   * in a row. It is kept as a loop, not written out, so a program of a billion rounds costs no more
   * memory than one of two.
   *
   * @param count how many rounds, at least 1
   * @param body the steps of one round
   */
  record Repeat(int count, List<Op> body) implements Op {
    /** Copies the body. */
    public Repeat {
      if (count < 1) {
        throw new IllegalArgumentException("a loop runs at least once: " + count);
      }
      body = List.copyOf(body);
    }
  }
}
