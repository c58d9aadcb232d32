package io.github.clonepath.cli;

import picocli.CommandLine;

/** Prints clonepath's version and the real versions it models. */
final class VersionProvider implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    String v = Main.class.getPackage().getImplementationVersion();
    return new String[] {
      "clonepath " + (v == null ? "(development build)" : v),
      "models Linux 6.x clone/clone3, glibc 2.36 (and 2.31) NPTL, Go 1.13/1.19/1.21 runtime"
    };
  }
}
