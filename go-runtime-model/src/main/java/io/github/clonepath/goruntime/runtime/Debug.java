package io.github.clonepath.goruntime.runtime;

import com.google.common.collect.ImmutableSet;
import io.github.clonepath.common.Frame;
import io.github.clonepath.common.Source;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The runtime's {@code debug} variables that {@code GODEBUG} sets ({@code runtime/runtime1.go}),
 * those the model follows: {@code schedtrace} (sysmon prints a scheduler summary every that many
 * milliseconds), {@code scheddetail} (with it, one line per P, M and G) and {@code asyncpreemptoff}
 * (no preemption signal: go1.14 on). Every other key is refused when the options are made ({@link
 * #check}): the real runtime would act on the keys of its table the model does not follow (gctrace,
 * madvdontneed, ...) and silently skip unknown ones, and a setting that changes nothing in the
 * model must not look as if it had been applied.
 */
public final class Debug {
  /** The keys the model follows. */
  public static final ImmutableSet<String> MODELED =
      ImmutableSet.of("schedtrace", "scheddetail", "asyncpreemptoff");

  /** The other keys of go1.19's {@code dbgvars} table, and memprofilerate, which it reads apart. */
  private static final ImmutableSet<String> NOT_MODELED =
      ImmutableSet.of(
          "allocfreetrace",
          "clobberfree",
          "cgocheck",
          "efence",
          "gccheckmark",
          "gcpacertrace",
          "gcshrinkstackoff",
          "gcstoptheworld",
          "gctrace",
          "invalidptr",
          "madvdontneed",
          "sbrk",
          "scavtrace",
          "tracebackancestors",
          "inittrace",
          "harddecommit",
          "adaptivestackstart",
          "memprofilerate");

  private final Runtime rt;

  /** {@code debug.schedtrace}: the period in milliseconds; 0 or less prints nothing. */
  int schedtrace;

  /** {@code debug.scheddetail}: above 0, schedtrace prints every P, M and G. */
  int scheddetail;

  /**
   * {@code debug.asyncpreemptoff} (go1.14 on): above 0, preemptone sends no preemption signal and
   * the handler ignores one; a G is then stopped only at its next call's stack check.
   */
  int asyncpreemptoff;

  /**
   * {@code debug.profstackdepth} (go1.23 on): 0 until parsedebugvars gives it its default of 128,
   * so m0's mcommoninit, which schedinit calls before that, makes no profiling stacks.
   */
  int profstackdepth;

  Debug(Runtime rt) {
    this.rt = rt;
  }

  /**
   * Reads GODEBUG as schedinit's call does: comma-separated {@code key=value} fields, a field
   * without {@code =} skipped, a value that is not a 32-bit integer leaving the variable as it was,
   * a later field overriding an earlier one.
   */
  @Source(file = "runtime/runtime1.go", line = 358, function = "parsedebugvars", version = "go1.19")
  void parsedebugvars(String godebug) {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      profstackdepth = 128;
      for (String[] kv : fields(godebug)) {
        Integer n = atoi32(kv[1]);
        if (n == null) {
          continue;
        }
        switch (kv[0]) {
          case "schedtrace" -> schedtrace = n;
          case "scheddetail" -> scheddetail = n;
          case "asyncpreemptoff" -> asyncpreemptoff = n;
          default -> {
            // check() refused every other key before the runtime was made
          }
        }
      }
      if (f.recording()) {
        f.note(
            "parsedebugvars: schedtrace=%d scheddetail=%d asyncpreemptoff=%d",
            schedtrace, scheddetail, asyncpreemptoff);
      }
    }
  }

  /**
   * Checks a GODEBUG value before a runtime is made with it.
   *
   * @param godebug the environment variable's value, "" for none
   * @param versionTag the release the process follows
   * @throws IllegalArgumentException for a key the model does not follow, a value that is not a
   *     32-bit integer, or schedtrace on a release whose output the model does not print
   */
  public static void check(String godebug, String versionTag) {
    if (godebug == null) {
      throw new IllegalArgumentException("GODEBUG is a string; use \"\" for none");
    }
    for (String field : godebug.split(",", -1)) {
      if (!field.isEmpty() && field.indexOf('=') < 0) {
        throw new IllegalArgumentException(
            "GODEBUG field '"
                + field
                + "' has no '=' (the runtime would skip it); write key=value");
      }
    }
    boolean tracing = false;
    for (String[] kv : fields(godebug)) {
      if (!MODELED.contains(kv[0])) {
        throw new IllegalArgumentException(
            "GODEBUG "
                + kv[0]
                + "="
                + kv[1]
                + (NOT_MODELED.contains(kv[0])
                    ? " is a real setting the model does not follow"
                    : " is not a setting go1.19 knows (the real runtime would ignore it)")
                + "; the model follows "
                + String.join(", ", MODELED));
      }
      if (kv[0].equals("asyncpreemptoff") && !GoFeature.ASYNC_PREEMPT.in(versionTag)) {
        throw new IllegalArgumentException(
            "GODEBUG asyncpreemptoff is not a setting "
                + versionTag
                + " knows: asynchronous preemption came in "
                + GoFeature.ASYNC_PREEMPT.since());
      }
      Integer n = atoi32(kv[1]);
      if (n == null) {
        throw new IllegalArgumentException(
            "GODEBUG " + kv[0] + " needs a 32-bit whole number, not '" + kv[1] + "'");
      }
      if (kv[0].equals("schedtrace") && n > 0) {
        tracing = true;
      }
    }
    if (tracing
        && GoFeature.NEEDSPINNING.in(versionTag)
        && !GoFeature.SCHEDTRACE_126.in(versionTag)) {
      throw new IllegalArgumentException(
          "GODEBUG schedtrace is modeled for go1.13, go1.14, go1.19 and go1.26: "
              + versionTag
              + "'s text lies between go1.19's and go1.26's, and which of their differences it has"
              + " is not pinned");
    }
  }

  /**
   * The {@code key=value} fields, in order; fields without {@code =} are skipped as the runtime
   * does.
   */
  private static List<String[]> fields(String godebug) {
    List<String[]> out = new ArrayList<>();
    if (godebug.isEmpty()) {
      return out;
    }
    for (String field : godebug.split(",", -1)) {
      int eq = field.indexOf('=');
      if (eq < 0) {
        continue;
      }
      out.add(new String[] {field.substring(0, eq), field.substring(eq + 1)});
    }
    return out;
  }

  /**
   * {@code atoi32}: an optional minus sign and decimal digits that fit in 32 bits (no plus sign, no
   * blanks).
   *
   * @return the value, or null where the runtime's atoi32 reports failure
   */
  static @Nullable Integer atoi32(String s) {
    int i = 0;
    boolean neg = false;
    if (s.startsWith("-")) {
      neg = true;
      i = 1;
    }
    if (i == s.length()) {
      return null;
    }
    long un = 0;
    for (; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return null;
      }
      un = un * 10 + (c - '0');
      if (un > 1L << 31) {
        return null;
      }
    }
    long n = neg ? -un : un;
    if (n != (int) n) {
      return null;
    }
    return (int) n;
  }
}
