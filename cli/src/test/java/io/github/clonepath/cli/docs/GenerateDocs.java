package io.github.clonepath.cli.docs;

import io.github.clonepath.cli.Main;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * Writes the shell completion script and the man pages of {@code clonepath} from the command tree
 * itself (so the walk topics and diagram kinds, added at run time, are in both). The build runs it
 * in the CLI module's package phase, into {@code cli/target/}; it lives with the tests so that
 * picocli-codegen never reaches the launcher jar.
 */
public final class GenerateDocs {
  private GenerateDocs() {}

  /**
   * Writes {@code DIR/clonepath_completion} (bash, and zsh through bashcompinit) and the man pages
   * as AsciiDoc, one per command, under {@code DIR/man/}.
   *
   * @param args the output directory
   * @throws IOException if a file cannot be written
   */
  public static void main(String[] args) throws IOException {
    generate(Path.of(args[0]));
  }

  /**
   * Writes both into a directory.
   *
   * @param dir the output directory
   * @throws IOException if a file cannot be written
   */
  public static void generate(Path dir) throws IOException {
    Files.createDirectories(dir);
    CommandLine cl = Main.commandLine();
    Files.writeString(
        dir.resolve("clonepath_completion"),
        AutoComplete.bash("clonepath", cl),
        StandardCharsets.UTF_8);
    File man = Files.createDirectories(dir.resolve("man")).toFile();
    int rc = ManPageGenerator.generateManPage(man, null, new boolean[0], true, cl.getCommandSpec());
    if (rc != 0) {
      throw new IOException("the man page generator answered " + rc);
    }
  }
}
