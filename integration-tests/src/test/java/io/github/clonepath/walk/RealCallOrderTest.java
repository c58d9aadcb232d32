package io.github.clonepath.walk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.clonepath.common.CallEvent;
import io.github.clonepath.common.SourceRef;
import io.github.clonepath.common.TraceEvent;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The order comparison itself, on hand-written sequences. */
class RealCallOrderTest {
  private static final List<RealCallOrder.Step> ORDER =
      List.of(
          RealCallOrder.Step.of("a"),
          RealCallOrder.Step.maybe("b"),
          RealCallOrder.Step.of("c", "c2"));

  @Test
  void functionsTheRealOrderDoesNotNameAreIgnored() {
    assertEquals(Optional.empty(), RealCallOrder.mismatch(ORDER, List.of("x", "a", "y", "b", "c")));
  }

  @Test
  void anOptionalStepMayBeMissingAndAStepMayUseAnyOfItsNames() {
    assertEquals(Optional.empty(), RealCallOrder.mismatch(ORDER, List.of("a", "c2")));
  }

  @Test
  void aSwappedPairFails() {
    Optional<String> m = RealCallOrder.mismatch(ORDER, List.of("c", "a"));
    assertTrue(
        m.orElseThrow().startsWith("expected a at position 0 but the walk traced c"), m.get());
  }

  @Test
  void aMissingRequiredStepFails() {
    assertTrue(RealCallOrder.mismatch(ORDER, List.of("a", "b")).isPresent());
  }

  @Test
  void aRepeatedStepFails() {
    Optional<String> m = RealCallOrder.mismatch(ORDER, List.of("a", "c", "c"));
    assertTrue(m.orElseThrow().contains("after the real order ended"), m.get());
  }

  @Test
  void aResumedStepMayRepeatInARowButAPlainOneMayNot() {
    List<RealCallOrder.Step> order =
        List.of(RealCallOrder.Step.resumable("join"), RealCallOrder.Step.of("free"));
    assertEquals(Optional.empty(), RealCallOrder.mismatch(order, List.of("join", "join", "free")));
    assertTrue(RealCallOrder.mismatch(ORDER, List.of("a", "a", "c")).isPresent());
  }

  @Test
  void functionsAreTakenFromOneTaskInOrder() {
    List<TraceEvent> events =
        List.of(
            new CallEvent(0, 1, 0, new SourceRef("f.c", 1, "a", "glibc 2.36")),
            new CallEvent(0, 2, 0, new SourceRef("f.c", 2, "x", "glibc 2.36")),
            new CallEvent(0, 1, 1, new SourceRef("f.c", 3, "c", "glibc 2.36")));
    assertEquals(List.of("a", "c"), RealCallOrder.functions(events, 1));
  }
}
