package io.github.clonepath.benchmarks;

import io.github.clonepath.kernel.syscall.MachineConfig;
import io.github.clonepath.kernel.syscall.Madvise;
import io.github.clonepath.kernel.syscall.MapFlags;
import io.github.clonepath.kernel.syscall.Prot;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * mmap, munmap, mprotect and madvise in an address space of 100 VMAs and of 65,530, the default
 * {@code vm.max_map_count}. The real kernel keeps VMAs in a maple tree, so each of these costs
 * O(log n); the model must too, or large Go and glibc programs become slow to model.
 *
 * <p>Two layouts of the same number of VMAs:
 *
 * <ul>
 *   <li>{@code split}: one anonymous mapping whose every other page was made read-only by mprotect:
 *       one VMA per page and no free gap between them, as thread stacks with guard pages look.
 *   <li>{@code holes}: one anonymous mapping whose every other page was unmapped: one-page VMAs
 *       with one-page holes between them, the worst case for the free-area search.
 * </ul>
 *
 * <p>Each call runs {@value #OPS} operations in the parked process's signal handler, so the result
 * is the time of one operation plus 1/{@value #OPS} of the signal round trip ({@link #signalOnly}).
 * Every operation leaves the address space as it found it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx2g"})
public class VmaScaleBenchmark {
  /** Operations per call into the parked process. */
  static final int OPS = 256;

  static final long PAGE = 4096;

  /** How many VMAs the address space holds, its main stack included. */
  @Param({"100", "65530"})
  public int vmas;

  /** {@code split} or {@code holes}, see the class comment. */
  @Param({"split", "holes"})
  public String layout;

  private ParkedProcess process;
  private long region;
  private long regionPages;

  /**
   * Builds the address space, once per trial: every operation leaves it as it found it. The event
   * log, which keeps every system call, is emptied before each iteration ({@link #clearLog}).
   */
  @Setup(Level.Trial)
  public void build() {
    process = new ParkedProcess(MachineConfig.DEFAULT);
    int extra = vmas - process.vmaCount();
    if (extra < 1) {
      throw new IllegalArgumentException("a process starts with more than " + vmas + " VMAs");
    }
    boolean holes = layout.equals("holes");
    if (!holes && !layout.equals("split")) {
      throw new IllegalArgumentException("layout is split or holes, not " + layout);
    }
    // split: pages 0..extra-1, odd ones read-only, one VMA each.
    // holes: pages 0..2*extra-2, odd ones unmapped, the even ones are the VMAs.
    regionPages = holes ? 2L * extra - 1 : extra;
    process.call(
        ctx -> {
          region =
              ParkedProcess.check(
                  "mmap",
                  ctx.mmap(
                      0,
                      regionPages * PAGE,
                      Prot.PROT_READ | Prot.PROT_WRITE,
                      MapFlags.MAP_PRIVATE | MapFlags.MAP_ANONYMOUS,
                      -1,
                      0));
          for (long p = 1; p < regionPages; p += 2) {
            long addr = region + p * PAGE;
            ParkedProcess.check(
                holes ? "munmap" : "mprotect",
                holes ? ctx.munmap(addr, PAGE) : ctx.mprotect(addr, PAGE, Prot.PROT_READ));
          }
        });
    int got = process.vmaCount();
    if (got != vmas) {
      throw new IllegalStateException("built " + got + " VMAs, wanted " + vmas);
    }
  }

  /**
   * Empties the machine's event log, so that it holds one iteration's system calls at most and the
   * collector's work does not grow over the trial.
   */
  @Setup(Level.Iteration)
  public void clearLog() {
    process.clearLog();
  }

  /** The page in the middle of the region: read-only in split, a lone VMA in holes. */
  long middlePage() {
    long p = regionPages / 2;
    return region + (layout.equals("holes") ? p & ~1L : p | 1L) * PAGE;
  }

  /**
   * One anonymous two-page mmap and its munmap. Two pages fit in no hole of the holes layout, so
   * the top-down free-area search must pass every hole (the maple tree skips them by its gap
   * records); the new mapping lands below the region and merges with its lowest VMA, the munmap
   * splits it off again.
   *
   * @return the last address mapped
   */
  @Benchmark
  @OperationsPerInvocation(OPS)
  public long mmapMunmap() {
    long[] last = new long[1];
    process.call(
        ctx -> {
          for (int i = 0; i < OPS; i++) {
            long a =
                ParkedProcess.check(
                    "mmap",
                    ctx.mmap(
                        0,
                        2 * PAGE,
                        Prot.PROT_READ | Prot.PROT_WRITE,
                        MapFlags.MAP_PRIVATE | MapFlags.MAP_ANONYMOUS,
                        -1,
                        0));
            ParkedProcess.check("munmap", ctx.munmap(a, 2 * PAGE));
            last[0] = a;
          }
        });
    return last[0];
  }

  /**
   * One mprotect of a middle page and the mprotect back. In split the first merges the read-only
   * page with its two neighbours (three VMAs become one) and the second splits it out again; in
   * holes both change the lone VMA's protection in place.
   *
   * @return the page
   */
  @Benchmark
  @OperationsPerInvocation(OPS)
  public long mprotectSplitMerge() {
    long page = middlePage();
    boolean holes = layout.equals("holes");
    int there = holes ? Prot.PROT_READ | Prot.PROT_WRITE : Prot.PROT_READ;
    int other = holes ? Prot.PROT_READ : Prot.PROT_READ | Prot.PROT_WRITE;
    process.call(
        ctx -> {
          for (int i = 0; i < OPS; i++) {
            ParkedProcess.check("mprotect", ctx.mprotect(page, PAGE, other));
            ParkedProcess.check("mprotect", ctx.mprotect(page, PAGE, there));
          }
        });
    return page;
  }

  /**
   * One MADV_DONTNEED of a middle page, the advice glibc and Go give to free stack memory.
   *
   * @return the page
   */
  @Benchmark
  @OperationsPerInvocation(OPS)
  public long madviseDontneed() {
    long page = middlePage();
    process.call(
        ctx -> {
          for (int i = 0; i < OPS; i++) {
            ParkedProcess.check("madvise", ctx.madvise(page, PAGE, Madvise.MADV_DONTNEED));
          }
        });
    return page;
  }

  /**
   * The signal round trip alone (spawn a process that sends SIGUSR1, deliver it, restart the futex
   * wait), divided by {@value #OPS} like the others: the part of every result above that is not the
   * operation.
   *
   * @return the region's address
   */
  @Benchmark
  @OperationsPerInvocation(OPS)
  public long signalOnly() {
    process.call(ctx -> {});
    return region;
  }

  /**
   * The parked process, for the smoke test's checks.
   *
   * @return the process
   */
  ParkedProcess process() {
    return process;
  }
}
