package io.github.clonepath.lab.explore;

import io.github.clonepath.common.SyscallEvent;
import io.github.clonepath.glibc.pthread.StackCacheInfo;
import io.github.clonepath.kernel.syscall.Chooser;
import io.github.clonepath.kernel.syscall.Machine;
import io.github.clonepath.kernel.syscall.Snapshot;
import io.github.clonepath.kernel.syscall.TaskInfo;
import io.github.clonepath.kernel.syscall.VmaInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * The chooser of one run: answers from a fixed prefix first, then from a strategy's walk (or 0),
 * and records every point it was asked at, so the run's schedule can be replayed and explained.
 */
final class Recorder implements Chooser {
  /** One point the machine asked at. */
  record Decision(Point point, int current, int[] runnable, int answer, int syscallsBefore) {
    /**
     * The tid that runs after the answer.
     *
     * @return the picked tid, the first queued one after a switch, or the current one (a user-space
     *     race switches nothing)
     */
    int next() {
      if (point == Point.PICK) {
        return runnable[answer];
      }
      return answer == 0 || point == Point.USER ? current : runnable[0];
    }
  }

  /** How a strategy answers the points past the prefix. */
  interface Walk {
    int choose(Point point, int current, int[] runnable, int index);
  }

  private final Schedule prefix;
  private final Walk walk;
  private final List<Integer> answers = new ArrayList<>();
  private final List<Integer> options = new ArrayList<>();
  private final List<Decision> decisions = new ArrayList<>();
  private final List<SyscallEvent> calls = new ArrayList<>();
  private boolean misfit;
  private Machine machine; // null until the machine boots
  private String violation = "";
  private int checks;
  private Supplier<StackCacheInfo> stackCache = () -> null;
  private IntSupplier pid = () -> 0;
  private final StackCacheChecks cacheChecks = new StackCacheChecks();
  private int cacheCheckCount;

  Recorder(Schedule prefix, Walk walk) {
    this.prefix = prefix;
    this.walk = walk;
  }

  /** Checks a glibc process's stack cache at every pick too. */
  void watchStackCache(Supplier<StackCacheInfo> cache, IntSupplier process) {
    stackCache = cache;
    pid = process;
  }

  @Override
  public void booted(Machine machine) {
    this.machine = machine;
    // the run's calls as they are recorded: each pick reads the new ones without copying the log
    machine
        .log()
        .observe(
            e -> {
              if (e instanceof SyscallEvent s) {
                calls.add(s);
              }
            });
  }

  @Override
  public int choose(Point point, int current, int[] runnable) {
    // before each pick the kernel is between tasks: its invariants must hold there
    if (point == Point.PICK && machine != null && violation.isEmpty()) {
      // one task table for both checks, and each process's VMAs read once for both
      Snapshot table = machine.inspect();
      Map<Integer, List<VmaInfo>> vmas = new HashMap<>();
      IntFunction<List<VmaInfo>> read = p -> vmas.computeIfAbsent(p, machine::vmas);
      violation = KernelChecks.check(table, read);
      checks++;
      if (!violation.isEmpty()) {
        violation = "kernel invariant at pick " + answers.size() + ": " + violation;
      } else {
        violation = checkStackCache(table, read);
      }
    }
    int i = answers.size();
    int n = point == Point.PICK ? runnable.length : 2;
    int a;
    if (i < prefix.choices().size()) {
      a = prefix.at(i);
    } else {
      a = walk == null ? 0 : walk.choose(point, current, runnable, i);
    }
    if (a < 0 || a >= n) {
      misfit = true;
      a = 0;
    }
    answers.add(a);
    options.add(n);
    decisions.add(new Decision(point, current, runnable.clone(), a, calls.size()));
    return a;
  }

  /** glibc's stack cache between tasks, once the process's C library has started. */
  private String checkStackCache(Snapshot table, IntFunction<List<VmaInfo>> vmas) {
    StackCacheInfo c = stackCache.get();
    if (c == null) {
      return "";
    }
    int p = pid.getAsInt();
    int threads = 0;
    for (TaskInfo t : table.tasks()) {
      threads += t.tgid() == p && t.tid() != p ? 1 : 0;
    }
    int clones = 0;
    for (int k = cacheChecks.callsBefore(); k < calls.size(); k++) {
      SyscallEvent e = calls.get(k);
      if ((e.name().equals("clone") || e.name().equals("clone3")) && e.result() > 0) {
        clones++;
      }
    }
    cacheChecks.callsNow(calls.size());
    cacheCheckCount++;
    String v = cacheChecks.check(c, vmas.apply(p), threads, clones);
    return v.isEmpty() ? "" : "stack cache invariant at pick " + answers.size() + ": " + v;
  }

  /** How many picks checked glibc's stack cache. */
  int cacheChecks() {
    return cacheCheckCount;
  }

  /** The schedule this run followed. */
  Schedule schedule() {
    int end = answers.size();
    while (end > 0 && answers.get(end - 1) == 0) {
      end--;
    }
    return new Schedule(answers.subList(0, end));
  }

  List<Integer> answers() {
    return answers;
  }

  List<Integer> options() {
    return options;
  }

  List<Decision> decisions() {
    return decisions;
  }

  /** The system calls the run recorded so far, in the log's order. */
  List<SyscallEvent> calls() {
    return calls;
  }

  /** How many picks checked the kernel's invariants. */
  int checks() {
    return checks;
  }

  /** The first kernel or stack-cache invariant a pick found broken, "" if none. */
  String violation() {
    return violation;
  }

  /** Whether a prefixed answer did not fit the point it landed on (the token is not this run's). */
  boolean misfit() {
    return misfit;
  }
}
