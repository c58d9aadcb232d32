package io.github.clonepath.goruntime.runtime;

import io.github.clonepath.common.Source;
import io.github.clonepath.kernel.syscall.UserContext;

/**
 * The runtime's own {@code print} ({@code runtime/print.go}): the compiler turns {@code print(a, b,
 * ...)} into one call per argument (printstring, printint, printuint, printbool), and each of them
 * hands its bytes to gwrite, which writes them to fd 2 at once. So one printed line is several
 * write(2) calls, as the reference e_limit capture shows ({@code write(2, "runtime: program exceeds
 * ", 25)}, {@code write(2, "20", 2)}, {@code write(2, "-thread limit\n", 14)}). The leaf functions
 * carry no call frame: they are recorded as their write(2) system calls.
 */
final class Print {
  private final Runtime rt;

  Print(Runtime rt) {
    this.rt = rt;
  }

  /**
   * One {@code print(...)} statement: a String goes to printstring, a Boolean to printbool, any
   * other number to printint (the model's counters are signed; only ids of -1 are negative).
   *
   * @param args the arguments in order
   */
  void print(UserContext ctx, Object... args) {
    for (Object a : args) {
      if (a instanceof String s) {
        printstring(ctx, s);
      } else if (a instanceof Boolean b) {
        printbool(ctx, b);
      } else if (a instanceof Number n) {
        printint(ctx, n.longValue());
      } else {
        throw new IllegalArgumentException("print takes strings, numbers and booleans: " + a);
      }
    }
  }

  /** Writes a string. */
  @Source(file = "runtime/print.go", line = 246, function = "printstring", version = "go1.19")
  void printstring(UserContext ctx, String s) {
    gwrite(ctx, s);
  }

  /** {@code true} or {@code false}. */
  @Source(file = "runtime/print.go", line = 114, function = "printbool", version = "go1.19")
  void printbool(UserContext ctx, boolean v) {
    printstring(ctx, v ? "true" : "false");
  }

  /** A negative number is a {@code "-"} write, then its magnitude through printuint. */
  @Source(file = "runtime/print.go", line = 211, function = "printint", version = "go1.19")
  void printint(UserContext ctx, long v) {
    if (v < 0) {
      printstring(ctx, "-");
      printuint(ctx, -v);
      return;
    }
    printuint(ctx, v);
  }

  /** The decimal digits, in one write. */
  @Source(file = "runtime/print.go", line = 198, function = "printuint", version = "go1.19")
  void printuint(UserContext ctx, long v) {
    gwrite(ctx, Long.toUnsignedString(v));
  }

  /**
   * Nothing for an empty string; otherwise, since no goroutine of the model collects its output in
   * a writebuf, straight to writeErr: write(2) of the bytes.
   */
  @Source(file = "runtime/print.go", line = 86, function = "gwrite", version = "go1.19")
  void gwrite(UserContext ctx, String b) {
    if (b.isEmpty()) {
      return;
    }
    rt.stderr.append(b);
    ctx.write(2, b);
  }
}
