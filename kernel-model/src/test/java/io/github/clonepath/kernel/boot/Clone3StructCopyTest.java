package io.github.clonepath.kernel.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.clonepath.kernel.syscall.Errno;
import io.github.clonepath.kernel.syscall.MapFlags;
import io.github.clonepath.kernel.syscall.Prot;
import io.github.clonepath.kernel.syscall.Signals;
import io.github.clonepath.kernel.syscall.UserContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * clone3's struct copy ({@code copy_struct_from_user}) and the set_tid pairing rule against the
 * real capture {@code reference/clone3-struct/}: every case of {@code clone3_struct.out} is run in
 * the model and must give the real outcome, and the captured strace lines must match.
 */
class Clone3StructCopyTest extends ModelFixture {
  private static String resource(String name) throws IOException {
    try (InputStream in =
        Clone3StructCopyTest.class.getResourceAsStream("/reference/clone3-struct/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static String outcome(long r) {
    return r >= 0 ? "ok" : Errno.ofResult(r).name();
  }

  /** The program's "page OFF SIZE [none]" case; returns clone3's result. */
  private static long pageCase(UserContext c, long off, long size, boolean none) {
    long two = c.mmap(0, 8192, Prot.PROT_READ | Prot.PROT_WRITE, PRIVATE_ANON, -1, 0);
    if (none) {
      c.mprotect(two + 4096, 4096, Prot.PROT_NONE);
    } else {
      c.munmap(two + 4096, 4096);
    }
    long a = two + 4096 - off;
    for (long b = 0; b < off; b += 8) {
      c.store64(a + b, 0);
    }
    c.store64(a + 32, Signals.SIGCHLD);
    return c.clone3(a, size, (cc, x) -> cc.exit(0));
  }

  private static final int PRIVATE_ANON = MapFlags.MAP_PRIVATE | MapFlags.MAP_ANONYMOUS;

  /** The program's "set_tid" case: set_tid points at a number, set_tid_size is 0. */
  private static long setTidCase(UserContext c) {
    long tids = SCRATCH + 0x200;
    c.store32(tids, 1000);
    cloneArgs(c, SCRATCH, 0, 0, 0, 0, Signals.SIGCHLD, 0, 0, 0, tids, 0, 0);
    return c.clone3(SCRATCH, 88, (cc, x) -> cc.exit(0));
  }

  @Test
  @DisplayName("every case of the real run: EFAULT whenever the size bytes cross the page end")
  void everyCaseOfTheRealRun() throws IOException {
    List<String> expected = resource("clone3_struct.out").lines().toList();
    List<String> model = new ArrayList<>();
    for (String line : expected) {
      String[] w = line.split(" ");
      String what = line.substring(0, line.lastIndexOf(' '));
      ModelFixture f = new ModelFixture();
      long[] r = {Long.MIN_VALUE};
      f.spawn(
          (c, k) -> {
            r[0] =
                w[0].equals("set_tid")
                    ? setTidCase(c)
                    : pageCase(
                        c, Long.parseLong(w[1]), Long.parseLong(w[2]), what.endsWith(" none"));
            c.exitGroup(0);
          });
      f.machine.run();
      model.add(what + " " + outcome(r[0]));
    }
    assertEquals(expected, model);
  }

  @Test
  @DisplayName("strace lines: the struct's address when it cannot be read, set_tid printed")
  void straceLines() throws IOException {
    List<String> real =
        resource("clone3_struct.trace")
            .lines()
            .filter(l -> l.startsWith("clone3("))
            .map(l -> l.replaceAll("0x[0-9a-f]{8,}", "ADDR").replaceAll(" +=", " ="))
            .toList();
    int a =
        spawn(
            (c, k) -> {
              pageCase(c, 64, 88, true);
              setTidCase(c);
              c.exitGroup(0);
            });
    machine.run();
    List<String> model =
        linesOf(a)
            .lines()
            .filter(l -> l.startsWith("clone3("))
            .map(l -> l.replaceAll("0x[0-9a-f]{8,}", "ADDR"))
            .toList();
    assertEquals(real, model);
  }
}
