package io.github.clonepath.cli.diagram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class PlantUmlTest {

  @Test
  void writesAnObjectDiagramLaidOutBySmetana() {
    String expected =
        """
        @startuml
        !pragma layout smetana
        title M after creation
        top to bottom direction
        package "allm" as allm {
          map "m3" as m3 {
            id => 3
            procid => 1236
          }
        }
        object "g0" as g0 {
          stack 8 KiB
        }
        object "P1 'idle'" as p1
        m3 --> p1 : nextp
        m3 ..> g0 : g0
        @enduml
        """;
    assertEquals(expected, PlantUml.write(DiagramTestData.small()));
  }

  @Test
  void rendersWellFormedSvgHoldingTheLabelsWithoutNativeTools() throws Exception {
    String svg = Svg.render(DiagramTestData.small());
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    Document doc =
        f.newDocumentBuilder()
            .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    assertEquals("svg", doc.getDocumentElement().getLocalName());
    String text = doc.getDocumentElement().getTextContent();
    for (String label :
        new String[] {
          "M after creation", "allm", "m3", "procid", "1236", "nextp", "P1 'idle'", "stack 8 KiB"
        }) {
      assertTrue(text.contains(label), "the SVG should show " + label + ":\n" + text);
    }
  }
}
