package io.github.clonepath.lab.scenario;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RepeatCountTest {
  @Test
  void aNegativeRepeatIsRefusedWithItsLine() {
    String text =
        String.join("\n", "program main", "  repeat -1", "    write x", "  end", "end", "");

    ScenarioException e =
        assertThrows(ScenarioException.class, () -> ScenarioParser.parse(text, "neg"));

    assertTrue(e.getMessage().contains("2"), e.getMessage());
    assertTrue(
        e.getMessage().contains("repeat needs a count of 0 or more, got -1"), e.getMessage());
  }
}
