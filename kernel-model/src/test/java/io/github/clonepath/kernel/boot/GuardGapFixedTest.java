package io.github.clonepath.kernel.boot;

import static io.github.clonepath.kernel.syscall.MapFlags.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.clonepath.kernel.syscall.Prot;
import io.github.clonepath.kernel.syscall.UserContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The stack guard gap below a MAP_GROWSDOWN mapping with a MAP_FIXED mapping placed inside it,
 * against the real run {@code reference/guard-gap/} (guard_gap.c, its .out and its trace): the
 * model runs the program's calls and prints the same offsets.
 */
class GuardGapFixedTest extends ModelFixture {
  private static final long M = 1024 * 1024;
  private static final int RW = Prot.PROT_READ | Prot.PROT_WRITE;
  private static final int ANON = MAP_PRIVATE | MAP_ANONYMOUS;

  /** guard_gap.c's main, step for step; returns its printed lines. */
  private static List<String> program(UserContext c) {
    List<String> out = new ArrayList<>();
    long r = c.mmap(0, 64 * M, Prot.PROT_NONE, ANON | MAP_NORESERVE, -1, 0);
    long g = c.mmap(r + 48 * M, 65536, RW, ANON | MAP_FIXED | MAP_GROWSDOWN, -1, 0);
    c.munmap(r + 16 * M, 32 * M);
    long a = c.mmap(0, 8 * M + 4096, RW, ANON, -1, 0);
    out.add("growsdown " + (g - r) / 1024);
    out.add("no fixed: " + (a - r) / 1024);
    c.munmap(a, 8 * M + 4096);
    for (long below = 4; below <= 1024; below *= 4) {
      long f = c.mmap(g - below * 1024, 4096, RW, ANON | MAP_FIXED, -1, 0);
      long b = c.mmap(0, 8 * M + 4096, RW, ANON, -1, 0);
      long d = c.mmap(0, 4 * M + 4096, RW, ANON, -1, 0);
      out.add("fixed " + (f - r) / 1024 + ": " + (b - r) / 1024 + " then " + (d - r) / 1024);
      c.munmap(b, 8 * M + 4096);
      c.munmap(d, 4 * M + 4096);
      c.munmap(f, 4096);
    }
    return out;
  }

  @Test
  @DisplayName(
      "a fixed mapping inside the guard gap: the next mapping goes right below it, as in the real run")
  void nextMappingGoesBelowTheFixedOne() throws IOException {
    String real;
    try (InputStream in = getClass().getResourceAsStream("/reference/guard-gap/guard_gap.out")) {
      real = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    List<String> model = new ArrayList<>();
    spawn(
        (c, k) -> {
          model.addAll(program(c));
          c.exitGroup(0);
        });
    machine.run();
    assertEquals(real.lines().toList(), model);
  }
}
