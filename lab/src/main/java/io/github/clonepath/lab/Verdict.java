package io.github.clonepath.lab;

import io.github.clonepath.lab.compare.GoSignals;
import io.github.clonepath.lab.compare.GoTraceComparator;
import io.github.clonepath.lab.compare.TraceComparator;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of comparing a run with a real strace capture, thread by thread: what a test asserts
 * on ({@link #match()}, {@link #firstDifference()}) and, in {@link #report()}, exactly what {@code
 * clonepath compare} prints, so a failing test shows the same lines a reader gets on the command
 * line.
 *
 * <p>A glibc comparison has one entry per thread, each of its calls after the program's first write
 * (rules in {@link TraceComparator}). A Go comparison has m0's start-up, then one entry per thread
 * birth (rules in {@link GoTraceComparator}); how many threads a Go program makes varies between
 * real runs, so the counts are reported, not compared.
 */
public final class Verdict {
  /** Which part of a trace an entry compares. */
  public enum Part {
    /** All of one glibc thread's calls. */
    THREAD,
    /** A Go program's m0 up to its first clone. */
    START_UP,
    /** One Go thread's birth: its creator's calls around the clone and its own first calls. */
    BIRTH
  }

  /**
   * One thread's comparison.
   *
   * @param name the thread's name, the same on both sides: {@code T1}, {@code T2}, ... by order of
   *     creation
   * @param part what was compared
   * @param realPid its tid in the capture, -1 when the capture has no such thread
   * @param realParent the thread that created it in the capture, {@code -} for none or unknown
   * @param modelPid its tid in the model, -1 when the model has no such thread
   * @param modelParent the thread that created it in the model, {@code -} for none or unknown
   * @param match whether the compared calls are equal
   * @param index the first differing call (0-based), or the count when they are equal
   * @param real the capture's call there, normalized (addresses and tids named), or empty
   * @param model the model's call there, normalized, or empty
   * @param count how many calls were compared
   * @param note why a Go birth was compared with the other side's T2, or empty
   */
  public record ThreadVerdict(
      String name,
      Part part,
      int realPid,
      String realParent,
      int modelPid,
      String modelParent,
      boolean match,
      int index,
      String real,
      String model,
      int count,
      String note) {

    /**
     * The entry as {@code clonepath compare} prints it: one line for a match, three for a
     * difference (the call number, then the real and the model's call).
     *
     * @return the text, ending with a newline
     */
    public String describe() {
      if (part == Part.THREAD) {
        return match
            ? String.format(
                "%s (real %d, model %d): match, %d calls%n", name, realPid, modelPid, count)
            : String.format(
                "%s (real %d, model %d): DIFFERS at call %d%n  real:  %s%n  model: %s%n",
                name, realPid, modelPid, index + 1, real, model);
      }
      String who =
          String.format(
              "%s %s (real %d%s, model %d%s)",
              name,
              part == Part.START_UP ? "start-up" : "birth",
              realPid,
              realParent.equals("-") ? "" : " by " + realParent,
              modelPid,
              modelParent.equals("-") ? "" : " by " + modelParent);
      String n = note.isEmpty() ? "" : " [" + note + "]";
      return match
          ? String.format("%s: match, %d calls%s%n", who, count, n)
          : String.format(
              "%s: DIFFERS at call %d%s%n  real:  %s%n  model: %s%n",
              who, index + 1, n, real, model);
    }
  }

  private final boolean go;
  private final List<ThreadVerdict> threads;
  private final int realClones;
  private final int modelClones;

  private final int realSignals;
  private final int modelSignals;
  private final List<GoSignals.Delivery> unmatchedSignals;

  private Verdict(
      boolean go,
      List<ThreadVerdict> threads,
      int realClones,
      int modelClones,
      int realSignals,
      int modelSignals,
      List<GoSignals.Delivery> unmatchedSignals) {
    this.go = go;
    this.threads = List.copyOf(threads);
    this.realClones = realClones;
    this.modelClones = modelClones;
    this.realSignals = realSignals;
    this.modelSignals = modelSignals;
    this.unmatchedSignals = List.copyOf(unmatchedSignals);
  }

  static Verdict ofGlibc(List<TraceComparator.ThreadResult> results) {
    return new Verdict(
        false,
        results.stream()
            .map(
                r ->
                    new ThreadVerdict(
                        r.name(),
                        Part.THREAD,
                        r.realPid(),
                        "-",
                        r.modelPid(),
                        "-",
                        r.match(),
                        r.index(),
                        r.real(),
                        r.model(),
                        r.count(),
                        ""))
            .toList(),
        -1,
        -1,
        0,
        0,
        List.of());
  }

  static Verdict ofGo(
      GoTraceComparator.Result result,
      List<GoSignals.Delivery> realSignals,
      List<GoSignals.Delivery> modelSignals) {
    return new Verdict(
        true,
        result.threads().stream()
            .map(
                b ->
                    new ThreadVerdict(
                        b.name(),
                        b.name().equals("T1") ? Part.START_UP : Part.BIRTH,
                        b.realPid(),
                        b.realParent(),
                        b.modelPid(),
                        b.modelParent(),
                        b.match(),
                        b.index(),
                        b.real(),
                        b.model(),
                        b.count(),
                        b.note()))
            .toList(),
        result.realClones(),
        result.modelClones(),
        realSignals.size(),
        modelSignals.size(),
        GoSignals.unmatched(realSignals, modelSignals));
  }

  /**
   * Whether every compared thread matched, and for Go every signal delivery of the model is one the
   * capture shows in the same place: the one answer a test needs.
   *
   * @return true when all match
   */
  public boolean match() {
    return threads.stream().allMatch(ThreadVerdict::match) && unmatchedSignals.isEmpty();
  }

  /**
   * The model's signal deliveries that the capture shows none like (same thread, line and previous
   * call; {@link GoSignals}); empty for glibc and when every delivery matched.
   *
   * @return them in the model's order
   */
  public List<GoSignals.Delivery> unmatchedSignals() {
    return unmatchedSignals;
  }

  /**
   * Each thread's comparison, T1 first.
   *
   * @return the entries
   */
  public List<ThreadVerdict> threads() {
    return threads;
  }

  /**
   * The first thread whose calls differ, with the call where they part: where to start reading.
   *
   * @return that entry, empty when everything matches
   */
  public Optional<ThreadVerdict> firstDifference() {
    return threads.stream().filter(t -> !t.match()).findFirst();
  }

  /**
   * How many threads the capture created (successful clones), reported for a Go comparison only.
   *
   * @return the count, -1 for a glibc comparison
   */
  public int realClones() {
    return realClones;
  }

  /**
   * How many threads the model created (successful clones), reported for a Go comparison only.
   *
   * @return the count, -1 for a glibc comparison
   */
  public int modelClones() {
    return modelClones;
  }

  /**
   * The per-thread lines without the closing verdict: for a Go comparison the thread counts first.
   *
   * @return the text, each line ending with a newline
   */
  public String details() {
    StringBuilder sb = new StringBuilder();
    if (go) {
      sb.append(
          String.format(
              "threads created: real %d, model %d (varies between real runs; not compared)%n",
              realClones, modelClones));
      sb.append(
          String.format(
              "signals delivered: real %d, model %d (varies between real runs; each of the"
                  + " model's must be one the capture shows there)%n",
              realSignals, modelSignals));
      for (GoSignals.Delivery d : unmatchedSignals) {
        sb.append(
            String.format(
                "%s: signal DIFFERS: the capture shows none like it%n  model: %s after %s%n",
                d.thread(), d.line(), d.after().isEmpty() ? "(no call)" : d.after()));
      }
    }
    threads.forEach(t -> sb.append(t.describe()));
    return sb.toString();
  }

  /**
   * Everything {@code clonepath compare} prints: {@link #details()}, then {@code all threads match}
   * or {@code traces differ}.
   *
   * @return the text, ending with a newline
   */
  public String report() {
    return details() + (match() ? "all threads match" : "traces differ") + System.lineSeparator();
  }

  @Override
  public String toString() {
    return report();
  }
}
