package io.github.clonepath.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher script at the repository's root, run by {@code sh} through symbolic links. The real
 * one runs the jar this build made ({@code verify} packages the CLI before these tests), with
 * {@code CLONEPATH_BUILD=never} so that no nested Maven build starts: it proves the links are
 * followed to the checkout and that the jar's manifest carries the project's version, not the build
 * step. A copy in a scratch checkout, whose {@code mvnw} is a stand-in that copies the jar, shows
 * the build step: the one-line note on first use and none on the next run.
 */
class LauncherTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Path JAR =
      ROOT.resolve(
          "cli/target/clonepath-cli-" + System.getProperty("project.version") + "-all.jar");

  record Result(int status, String out, String err) {}

  private static Result sh(Path script, Map<String, String> env, String... args)
      throws IOException, InterruptedException {
    List<String> cmd = new java.util.ArrayList<>(List.of("sh", script.toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(script.getParent().toFile());
    pb.environment().putAll(env);
    pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    Process p = pb.start();
    byte[] out = p.getInputStream().readAllBytes();
    byte[] err = p.getErrorStream().readAllBytes();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS));
    return new Result(
        p.exitValue(),
        new String(out, StandardCharsets.UTF_8),
        new String(err, StandardCharsets.UTF_8));
  }

  @Test
  void theRealLauncherRunsThroughChainedSymlinksAndPrintsTheManifestsVersion(@TempDir Path dir)
      throws Exception {
    assertTrue(Files.isRegularFile(JAR), "package the CLI first (./mvnw verify does): " + JAR);
    Path bin = Files.createDirectories(dir.resolve("my bin"));
    Path first = Files.createSymbolicLink(bin.resolve("clonepath"), ROOT.resolve("clonepath"));
    Path second = Files.createSymbolicLink(dir.resolve("cp"), Path.of("my bin/clonepath"));
    assertTrue(Files.isSymbolicLink(first));
    Result r = sh(second, Map.of("CLONEPATH_BUILD", "never"), "--version");
    assertEquals(0, r.status(), r.err());
    assertEquals(
        "clonepath " + System.getProperty("project.version"), r.out().lines().findFirst().get());
  }

  @Test
  void aFirstRunBuildsWithOneNoteAndALaterOneDoesNot(@TempDir Path dir) throws Exception {
    assertTrue(Files.isRegularFile(JAR), "package the CLI first (./mvnw verify does): " + JAR);
    Path co = Files.createDirectories(dir.resolve("check out"));
    Files.copy(ROOT.resolve("clonepath"), co.resolve("clonepath"));
    Files.writeString(co.resolve("pom.xml"), "<project/>\n");
    Files.createDirectories(co.resolve("cli/src/main/java"));
    Files.writeString(co.resolve("cli/src/main/java/A.java"), "class A {}\n");
    Path target = co.resolve("cli/target/" + JAR.getFileName());
    Path mvnw = co.resolve("mvnw");
    Files.writeString(
        mvnw,
        "#!/bin/sh\nmkdir -p cli/target && cp '" + JAR + "' '" + target + "'\necho built >> log\n");
    Files.setPosixFilePermissions(mvnw, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path link = Files.createSymbolicLink(dir.resolve("clonepath"), co.resolve("clonepath"));
    Result first = sh(link, Map.of(), "-V");
    assertEquals(0, first.status(), first.err());
    assertEquals(1, first.err().lines().count(), first.err());
    assertTrue(first.err().contains("building the command line"), first.err());
    assertTrue(first.out().startsWith("clonepath "), first.out());
    Result second = sh(link, Map.of(), "-V");
    assertEquals(0, second.status(), second.err());
    assertFalse(second.err().contains("building"), second.err());
    assertEquals(List.of("built"), Files.readAllLines(co.resolve("log")));
  }

  /**
   * The class-data archive a first run makes maps (-Xshare:on fails a JVM that cannot use it) and
   * holds picocli's classes, which only a static archive can: the dynamic one leaves out classes
   * compiled for Java 5, and picocli's are, so start-up would load them from the jar again. (The
   * checkout's path has no space: the JVM does not use an archive's application classes from a
   * class path with one.)
   */
  @Test
  void aFirstRunMakesAClassArchiveThatHoldsPicocli(@TempDir Path dir) throws Exception {
    assertTrue(Files.isRegularFile(JAR), "package the CLI first (./mvnw verify does): " + JAR);
    Path co = Files.createDirectories(dir.resolve("checkout"));
    Files.copy(ROOT.resolve("clonepath"), co.resolve("clonepath"));
    Path jar = Files.createDirectories(co.resolve("cli/target")).resolve(JAR.getFileName());
    Files.copy(JAR, jar);
    Result r = sh(co.resolve("clonepath"), Map.of("CLONEPATH_BUILD", "never"), "--version");
    assertEquals(0, r.status(), r.err());
    assertEquals("", r.err());
    Path jsa = co.resolve("cli/target/clonepath.jsa");
    assertTrue(Files.isRegularFile(jsa), "no class-data archive at " + jsa);
    Process p =
        new ProcessBuilder(
                "java",
                "-XX:SharedArchiveFile=" + jsa,
                "-Xshare:on",
                "-XX:+UseSerialGC",
                "-Xlog:class+load=info",
                "-jar",
                jar.toString(),
                "--version")
            .redirectErrorStream(true)
            .start();
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), log);
    assertTrue(
        log.lines().anyMatch(l -> l.contains("picocli.CommandLine source: shared objects file")),
        () -> log.lines().filter(l -> l.contains("picocli.CommandLine ")).toList().toString());
  }

  /**
   * The JVM options the launcher passes: the client compiler and the serial collector always, and
   * the 224 MiB young generation only where the JVM's default heap (a quarter of the memory it
   * sees, the machine's or a smaller cgroup limit) is at least 1 GiB. A stand-in {@code java} on
   * the path prints its arguments; the expectation is worked out here from /proc/meminfo and the
   * cgroup files.
   */
  @Test
  void theYoungGenerationIsSetOnlyWhereTheDefaultHeapHoldsIt(@TempDir Path dir) throws Exception {
    Path co = Files.createDirectories(dir.resolve("checkout"));
    Files.copy(ROOT.resolve("clonepath"), co.resolve("clonepath"));
    Files.createDirectories(co.resolve("cli/target"));
    Files.writeString(co.resolve("cli/target/" + JAR.getFileName()), "");
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path java = bin.resolve("java");
    Files.writeString(java, "#!/bin/sh\necho \"$@\"\n");
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    Result r =
        sh(
            co.resolve("clonepath"),
            Map.of(
                "CLONEPATH_BUILD",
                "never",
                "CLONEPATH_CDS",
                "off",
                "PATH",
                bin + ":" + System.getenv("PATH")),
            "--version");
    assertEquals(0, r.status(), r.err());
    assertTrue(r.out().contains("-XX:+UseSerialGC -XX:TieredStopAtLevel=1"), r.out());
    assertEquals(visibleMemory() >= 4L << 30, r.out().contains("-Xmn224m"), r.out());
  }

  /** The memory the JVM sizes its heap from: the machine's, or a smaller cgroup limit. */
  private static long visibleMemory() throws IOException {
    long mem = Long.MAX_VALUE;
    for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
      if (line.startsWith("MemTotal:")) {
        mem = Long.parseLong(line.replaceAll("\\D", "")) * 1024;
      }
    }
    for (String f :
        List.of("/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes")) {
      Path p = Path.of(f);
      if (Files.isReadable(p)) {
        String v = Files.readString(p).strip();
        if (v.matches("\\d{1,19}")) {
          mem = Math.min(mem, Long.parseLong(v));
        }
      }
    }
    return mem;
  }
}
