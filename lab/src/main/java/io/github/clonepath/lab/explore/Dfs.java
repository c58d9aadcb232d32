package io.github.clonepath.lab.explore;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The bounded depth-first search over schedules, as a tree, split across workers.
 *
 * <p>A node is a prefix of answers, run with zeros after it. Its branches are the non-default
 * answers at the points past its prefix, deepest point first and answers in increasing order, that
 * keep the departures within the bound and that the reduction does not skip; each branch is the
 * node's answers up to the point and the new answer. The sleep set of a branch is judged once, by
 * the run of the node that opens it. The search visits a node, then each branch's subtree in order:
 * the same order as replaying a prefix, then moving to the next answer at the deepest point that
 * still has one.
 *
 * <p>Machines share nothing, so after the default run each of its branches' subtrees is explored by
 * whichever worker takes it next (in DFS order); the subtrees' runs are put back in DFS order, so
 * the result does not depend on the number of workers or on which finishes first. A subtree past
 * the one that holds the first wanted run (a match, or a run that sends signals), or past the first
 * {@code max} runs, is abandoned.
 *
 * @param <T> what each run is turned into (by the worker that made it)
 */
final class Dfs<T> {
  /** A run of the search, with whether it sends signals (then the search starts again). */
  private record Item<T>(T value, boolean signals) {}

  /** A visited node: its run and the prefixes of its branches, in DFS order. */
  private record Node<T>(Item<T> item, List<List<Integer>> branches) {}

  /** One branch's subtree, in DFS order, and whether it holds a run that ends the search. */
  private record Subtree<T>(List<Item<T>> items, boolean ends) {}

  private final Explorer explorer;
  private final int bound;
  private final boolean reduce;
  private final boolean masks;
  private final Function<Explorer.Run, T> map;
  private final Predicate<T> last;

  /**
   * A search.
   *
   * @param explorer runs the scenario
   * @param bound the most departures from the default schedule
   * @param reduce whether the sleep-set reduction skips switches
   * @param masks whether a signal mask is its task's own business (no call sends signals)
   * @param map what a run is turned into
   * @param last whether a run ends the search (the first such run in DFS order is the last kept)
   */
  Dfs(
      Explorer explorer,
      int bound,
      boolean reduce,
      boolean masks,
      Function<Explorer.Run, T> map,
      Predicate<T> last) {
    this.explorer = explorer;
    this.bound = bound;
    this.reduce = reduce;
    this.masks = masks;
    this.map = map;
    this.last = last;
  }

  /**
   * The search's runs in DFS order: at most {@code max}, ending at the first that {@code last}
   * accepts.
   *
   * @param max the most runs
   * @param jobs how many workers (1: on the calling thread)
   * @return the runs, or null if one of them sends signals while signal masks were counted as their
   *     tasks' own business (then the search must start again without that)
   */
  List<T> walk(int max, int jobs) {
    Node<T> root = visit(List.of());
    List<T> out = new ArrayList<>();
    if (root.item().signals()) {
      return null;
    }
    out.add(root.item().value());
    if (max <= 1 || last.test(root.item().value())) {
      return out;
    }
    List<Subtree<T>> subtrees = subtrees(root.branches(), max - 1, jobs);
    for (Subtree<T> s : subtrees) {
      for (Item<T> it : s.items()) {
        if (it.signals()) {
          return null;
        }
        out.add(it.value());
        if (out.size() >= max || last.test(it.value())) {
          return out;
        }
      }
    }
    return out;
  }

  /** Runs one prefix and finds its branches. */
  private Node<T> visit(List<Integer> prefix) {
    Recorder rec = new Recorder(new Schedule(prefix), null);
    Explorer.Run run = explorer.run(rec);
    boolean signals = reduce && masks && Reduction.signals(rec.calls());
    Item<T> item = new Item<>(map.apply(run), signals);
    List<Integer> a = rec.answers();
    List<Integer> n = rec.options();
    List<List<Integer>> branches = new ArrayList<>();
    if (signals || run.deviations() + 1 > bound) {
      return new Node<>(item, branches);
    }
    boolean[] skip =
        reduce
            ? Reduction.redundantSwitches(rec.decisions(), rec.calls(), masks)
            : new boolean[a.size()];
    for (int i = a.size() - 1; i >= prefix.size(); i--) {
      if (skip[i]) {
        continue;
      }
      for (int v = 1; v < n.get(i); v++) {
        List<Integer> b = new ArrayList<>(a.subList(0, i));
        b.add(v);
        branches.add(b);
      }
    }
    return new Node<>(item, branches);
  }

  /** Explores the subtrees of the root's branches, {@code jobs} at a time, in DFS order. */
  private List<Subtree<T>> subtrees(List<List<Integer>> branches, int max, int jobs) {
    Cut cut = new Cut(branches.size(), max);
    AtomicInteger next = new AtomicInteger();
    Runnable worker =
        () -> {
          for (int j = next.getAndIncrement(); j < cut.end(); j = next.getAndIncrement()) {
            cut.done(j, subtree(branches.get(j), j, max, cut));
          }
        };
    if (jobs <= 1) {
      worker.run();
    } else {
      ForkJoinPool pool = new ForkJoinPool(jobs);
      try {
        List<Future<?>> workers = new ArrayList<>();
        for (int w = 0; w < jobs; w++) {
          workers.add(pool.submit(worker));
        }
        for (Future<?> f : workers) {
          join(f);
        }
      } finally {
        pool.shutdownNow();
      }
    }
    return cut.kept();
  }

  /**
   * One branch's subtree in DFS order: at most {@code max} runs, ending at the first run that ends
   * the search; null if a subtree before it already ended the search.
   */
  private Subtree<T> subtree(List<Integer> prefix, int j, int max, Cut cut) {
    List<Item<T>> items = new ArrayList<>();
    List<List<Integer>> stack = new ArrayList<>();
    stack.add(prefix);
    while (!stack.isEmpty() && items.size() < max) {
      if (j >= cut.end()) {
        return null;
      }
      Node<T> node = visit(stack.remove(stack.size() - 1));
      items.add(node.item());
      if (node.item().signals() || last.test(node.item().value())) {
        return new Subtree<>(items, true);
      }
      for (int b = node.branches().size() - 1; b >= 0; b--) {
        stack.add(node.branches().get(b));
      }
    }
    return new Subtree<>(items, false);
  }

  /**
   * Which subtrees are still needed: those before the first that ends the search, and before the
   * point where the finished subtrees in front already hold {@code max} runs.
   */
  private static final class Cut {
    private final Subtree<?>[] done;
    private final int max;
    private volatile int end;
    private int front; // subtrees before it are done
    private int frontRuns; // their runs

    Cut(int size, int max) {
      this.done = new Subtree<?>[size];
      this.max = max;
      this.end = size;
    }

    int end() {
      return end;
    }

    synchronized void done(int j, Subtree<?> s) {
      if (s == null || j >= end) {
        return;
      }
      done[j] = s;
      if (s.ends()) {
        end = j + 1;
      }
      while (front < end && done[front] != null) {
        frontRuns += done[front].items().size();
        front++;
        if (frontRuns >= max) {
          end = Math.min(end, front);
        }
      }
    }

    /** The needed subtrees, in order. */
    @SuppressWarnings("unchecked")
    synchronized <T> List<Subtree<T>> kept() {
      List<Subtree<T>> out = new ArrayList<>();
      for (int j = 0; j < end; j++) {
        out.add((Subtree<T>) done[j]);
      }
      return out;
    }
  }

  /**
   * Waits for a worker's result; a worker's own failure is rethrown as it was thrown, so an
   * explored run's model error reads the same on any number of workers.
   */
  static <T> T join(Future<T> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while exploring", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(e.getCause());
    }
  }
}
