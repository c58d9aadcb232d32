package io.github.clonepath.goruntime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What a user may write for a release: its tag, the tag without go, or its release series. */
class GoVersionNamedTest {
  @Test
  void aTagASeriesOrABareNumberNamesTheRelease() {
    assertEquals(Optional.of(GoVersion.GO1_26), GoVersion.named("go1.26.8"));
    assertEquals(Optional.of(GoVersion.GO1_26), GoVersion.named("1.26.8"));
    assertEquals(Optional.of(GoVersion.GO1_26), GoVersion.named("1.26"));
    assertEquals(Optional.of(GoVersion.GO1_21), GoVersion.named("go1.21"));
    assertEquals(Optional.of(GoVersion.GO1_19), GoVersion.named("1.19"));
    assertEquals(Optional.of(GoVersion.GO1_27), GoVersion.named("1.27"));
    assertEquals(Optional.of(GoVersion.GO1_27), GoVersion.named("go1.27.3"));
  }

  @Test
  void aNameOfNoReleaseOrOfTwoIsNone() {
    // go1.2 is no series: go1.21.0 and go1.26.8 do not start with "go1.2."
    assertEquals(Optional.empty(), GoVersion.named("1.2"));
    assertEquals(Optional.empty(), GoVersion.named("1.26.9"));
    assertEquals(Optional.empty(), GoVersion.named("1"));
    assertEquals(Optional.empty(), GoVersion.named(""));
  }
}
