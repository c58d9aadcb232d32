package io.github.clonepath.lab.scenario;

import io.github.clonepath.goruntime.GoResult;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code run --format census}: which runtime path created each thread of a Go program, printed in
 * the spirit of the reference's {@code census.sh} (clone calls, then each clone's call chain from
 * newm1 upward, callee first, as {@code strace -k} shows it), followed by one line per thread.
 */
public final class GoCensus {
  private GoCensus() {}

  /**
   * The call chain strace -k shows above the clone for a creation path, in census.sh's words.
   *
   * @param creator the path's name from {@link GoResult.Thread#creator()}
   * @return the chain, callee first
   */
  public static String chain(String creator) {
    return switch (creator) {
      case "SYSMON" -> "newm1 <- newm <- main.func1 <- systemstack.abi0";
      case "WAKEP_NEWPROC" ->
          "newm1 <- newm <- startm <- wakep <- newproc.func1 <- systemstack.abi0";
      case "HANDOFFP_LOCKED_M" -> "newm1 <- newm <- startm <- handoffp <- stoplockedm <- schedule";
      case "HANDOFFP_PREEMPTED" ->
          "newm1 <- newm <- startm <- handoffp <- stoplockedm <- schedule <- goschedImpl";
      case "RETAKE" -> "newm1 <- newm <- startm <- handoffp <- retake <- sysmon <- mstart1";
      case "RESETSPINNING" -> "newm1 <- newm <- startm <- wakep <- resetspinning <- schedule";
      case "TEMPLATE_THREAD" -> "newm1 <- newm <- startTemplateThread <- LockOSThread";
      case "WAKEP_READY" -> "newm1 <- newm <- startm <- wakep <- ready <- goready.func1";
      case "WAKEP_TIMER" -> "newm1 <- newm <- startm <- wakep <- wakeNetPoller <- modtimer";
      case "MEXIT" -> "newm1 <- newm <- startm <- handoffp <- mexit <- mstart0";
      case "M0" -> "(the main thread: execve)";
      default -> "newm1 <- newm <- startm <- (another caller of startm)";
    };
  }

  /**
   * In words, for the per-thread lines.
   *
   * @param creator the path's name
   * @return for example {@code wakep from newproc}
   */
  public static String label(String creator) {
    return switch (creator) {
      case "M0" -> "main thread";
      case "SYSMON" -> "sysmon";
      case "WAKEP_NEWPROC" -> "wakep from newproc";
      case "HANDOFFP_LOCKED_M" -> "handoffp from a locked M";
      case "HANDOFFP_PREEMPTED" -> "handoffp from a preempted locked M";
      case "RETAKE" -> "retake (sysmon took the P of an M in a syscall)";
      case "RESETSPINNING" -> "resetspinning (a spinning M found work)";
      case "TEMPLATE_THREAD" -> "the template thread";
      case "WAKEP_READY" -> "wakep from ready (a parked goroutine made runnable)";
      case "WAKEP_TIMER" -> "wakep from a new timer (no M waiting for timers)";
      case "MEXIT" -> "handoffp from an exiting M";
      default -> "another startm caller";
    };
  }

  /** The clone issued by the template thread for a request made on a locked M. */
  static final String VIA_TEMPLATE = "newm1 <- templateThread <- mstart1 <- mstart0 <- mstart.abi0";

  /**
   * Renders the census of one run.
   *
   * @param r the program's end
   * @return the text
   */
  public static String render(GoResult r) {
    Map<String, Integer> chains = new LinkedHashMap<>();
    StringBuilder threads = new StringBuilder();
    int clones = 0;
    for (GoResult.Thread t : r.threads()) {
      String how = label(t.creator());
      if (!t.creator().equals("M0")) {
        clones++;
        chains.merge(t.viaTemplateThread() ? VIA_TEMPLATE : chain(t.creator()), 1, Integer::sum);
        how +=
            ", cloned by tid "
                + t.createdByTid()
                + (t.viaTemplateThread() ? " (the template thread, for a locked M)" : "");
      }
      String end = t.exited() ? "; exited" : "";
      if (t.tid() == 0) {
        end = "; never ran (the process ended first)";
      }
      threads.append(
          String.format(
              "  m%-3d tid %-5s %s%s%n",
              t.mId(), t.tid() == 0 ? "-" : Long.toString(t.tid()), how, end));
    }
    StringBuilder sb = new StringBuilder();
    sb.append("runs=1 (the model: one run per seed)\n");
    sb.append("clone calls (not counting the main thread): ").append(clones).append('\n');
    sb.append("call chains (callee <- caller ...):\n");
    chains.entrySet().stream()
        .sorted((a, b) -> b.getValue() - a.getValue())
        .forEach(e -> sb.append(String.format("  %4d  %s%n", e.getValue(), e.getKey())));
    sb.append("threads (m id, tid, creation path):\n").append(threads);
    return sb.toString();
  }
}
