package io.github.clonepath.cli.diagram;

import io.github.clonepath.lab.diagram.Diagram;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import net.sourceforge.plantuml.FileFormat;
import net.sourceforge.plantuml.FileFormatOption;
import net.sourceforge.plantuml.SourceStringReader;
import net.sourceforge.plantuml.error.PSystemError;

/** Renders a {@link Diagram} to SVG in memory, through {@link PlantUml} and PlantUML's Smetana. */
public final class Svg {
  private Svg() {}

  /**
   * The SVG document.
   *
   * @param d the diagram
   * @return an SVG document as text
   * @throws IllegalStateException if PlantUML rejects the generated text (a defect of {@link
   *     PlantUml}, reported with PlantUML's own description)
   */
  public static String render(Diagram d) {
    System.setProperty("java.awt.headless", "true");
    SourceStringReader reader = new SourceStringReader(PlantUml.write(d));
    if (reader.getBlocks().isEmpty()
        || reader.getBlocks().get(0).getDiagram() instanceof PSystemError) {
      throw new IllegalStateException(
          "PlantUML rejected the diagram '" + d.title() + "':\n" + PlantUml.write(d));
    }
    ByteArrayOutputStream os = new ByteArrayOutputStream();
    try {
      reader.outputImage(os, new FileFormatOption(FileFormat.SVG));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return os.toString(StandardCharsets.UTF_8);
  }
}
