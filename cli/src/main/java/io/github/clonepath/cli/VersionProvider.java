package io.github.clonepath.cli;

import io.github.clonepath.glibc.pthread.GlibcVersion;
import io.github.clonepath.goruntime.GoVersion;
import java.util.StringJoiner;
import picocli.CommandLine;

/**
 * Prints clonepath's version, read from the jar's manifest ({@code Implementation-Version}), and
 * the real releases it models, read from the models' own version lists.
 */
public final class VersionProvider implements CommandLine.IVersionProvider {
  /** The release of the kernel sources the kernel model follows. */
  static final String LINUX = "Linux 6.2";

  @Override
  public String[] getVersion() {
    return lines(Main.class.getPackage().getImplementationVersion());
  }

  /**
   * The lines {@code --version} prints.
   *
   * @param implementationVersion the manifest's version, or null when the classes are not run from
   *     the jar
   * @return the program's version, then the modeled releases
   */
  static String[] lines(String implementationVersion) {
    // plain loops: picocli asks for the version of every subcommand it adds (an inherited
    // attribute), at every start-up, and a stream's lambdas cost more to link than to run
    StringJoiner glibc = new StringJoiner(", ");
    for (GlibcVersion v : GlibcVersion.values()) {
      glibc.add(v.label().replace("glibc ", ""));
    }
    StringJoiner go = new StringJoiner(", ");
    for (GoVersion v : GoVersion.values()) {
      go.add(v.tag());
    }
    return new String[] {
      "clonepath "
          + (implementationVersion == null
              ? "(development build: not run from the jar, no version in a manifest)"
              : implementationVersion),
      "models " + LINUX + " clone/clone3/fork, glibc " + glibc + " NPTL, Go runtime " + go
    };
  }
}
