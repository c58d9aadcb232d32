package io.github.clonepath.cli.diagram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.collect.ImmutableList;
import io.github.clonepath.cli.Main;
import io.github.clonepath.lab.diagram.Diagram;
import io.github.clonepath.lab.diagram.DiagramKind;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DiagramCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private final DiagramKind small =
      new DiagramKind() {
        @Override
        public String name() {
          return "small";
        }

        @Override
        public String summary() {
          return "a fixed picture";
        }

        @Override
        public Diagram draw() {
          return DiagramTestData.small();
        }
      };

  private int run(String... args) {
    CommandLine cl = Main.configure(new CommandLine(new Main()));
    new DiagramCommand(ImmutableList.of(small)).register(cl);
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  @Test
  void mermaidByDefaultDotAndSvgOnRequest() {
    assertEquals(0, run("diagram", "small"));
    assertEquals(DiagramTestData.small().toMermaid(), out.toString());
    out.getBuffer().setLength(0);
    assertEquals(0, run("diagram", "small", "--format", "dot"));
    assertEquals(DiagramTestData.small().toDot(), out.toString());
    out.getBuffer().setLength(0);
    assertEquals(0, run("diagram", "small", "--format", "svg"));
    assertTrue(out.toString().startsWith("<svg"), out.toString());
  }

  @Test
  void unknownKindOrFormatIsAOneLineUsageError() {
    assertEquals(2, run("diagram", "nope"));
    assertTrue(err.toString().contains("unknown kind 'nope'; kinds: small"), err.toString());
    assertEquals(1, err.toString().strip().lines().count());
    err.getBuffer().setLength(0);
    assertEquals(2, run("diagram", "small", "--format", "png"));
    assertTrue(err.toString().contains("mermaid, dot or svg, not 'png'"), err.toString());
  }
}
