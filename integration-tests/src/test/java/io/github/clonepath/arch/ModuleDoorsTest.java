package io.github.clonepath.arch;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.collect.ImmutableList;
import com.google.common.util.concurrent.internal.InternalFutureFailureAccess;
import io.github.clonepath.common.Tracer;
import io.github.clonepath.kernel.syscall.Machine;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first enforcement of the doors: {@code module-info.java}. A module that requires the kernel
 * can use its syscall package and nothing else; the compiler refuses the rest and names it.
 */
class ModuleDoorsTest {
  @TempDir Path dir;

  private static String location(Class<?> c) throws URISyntaxException {
    return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
  }

  /** Compiles a one-class module that requires the kernel; returns javac's diagnostics. */
  private CompileResult compileProbe(String importLine) throws IOException, URISyntaxException {
    Path src = dir.resolve("src");
    Files.createDirectories(src.resolve("probe"));
    Files.writeString(
        src.resolve("module-info.java"), "module probe { requires io.github.clonepath.kernel; }\n");
    Files.writeString(
        src.resolve("probe/Probe.java"),
        "package probe;\n" + importLine + "\npublic class Probe {}\n");
    String modulePath =
        String.join(
            java.io.File.pathSeparator,
            location(Machine.class),
            location(Tracer.class),
            location(ImmutableList.class),
            location(InternalFutureFailureAccess.class));
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
    List<String> args;
    try (Stream<Path> files = Files.walk(src)) {
      args =
          Stream.concat(
                  Stream.of("-d", dir.resolve("out").toString(), "--module-path", modulePath),
                  files.filter(p -> p.toString().endsWith(".java")).map(Path::toString))
              .collect(Collectors.toList());
    }
    int status = javac.run(null, diagnostics, diagnostics, args.toArray(new String[0]));
    return new CompileResult(status == 0, diagnostics.toString(StandardCharsets.UTF_8));
  }

  private record CompileResult(boolean ok, String diagnostics) {}

  @Test
  void aModuleRequiringTheKernelCompilesAgainstTheSyscallDoor() throws Exception {
    CompileResult r = compileProbe("import io.github.clonepath.kernel.syscall.Machine;");
    assertTrue(r.ok(), r.diagnostics());
  }

  @Test
  void aModuleRequiringTheKernelCannotReachAKernelInternalAndTheCompilerNamesIt() throws Exception {
    CompileResult r = compileProbe("import io.github.clonepath.kernel.mm.MmStruct;");
    assertFalse(r.ok(), "the kernel's mm package must not be visible outside the kernel");
    assertTrue(r.diagnostics().contains("io.github.clonepath.kernel.mm"), r.diagnostics());
    assertTrue(r.diagnostics().contains("not visible"), r.diagnostics());
  }
}
