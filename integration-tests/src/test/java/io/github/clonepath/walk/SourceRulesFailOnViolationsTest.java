package io.github.clonepath.walk;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import io.github.clonepath.glibc.fixture.CitesUnknownVersion;
import io.github.clonepath.glibc.fixture.MiscitedAllocateStack;
import io.github.clonepath.goruntime.fixture.CitesTheKernel;
import io.github.clonepath.goruntime.fixture.EntersWithoutSource;
import io.github.clonepath.kernel.fixture.CitesButNeverEnters;
import io.github.clonepath.kernel.fixture.UnannotatedCopyProcess;
import io.github.clonepath.kernel.fixture.WellCitedCopyFiles;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every source rule is proven able to fail on a fixture that breaks it, and to pass on one that
 * keeps them all.
 */
class SourceRulesFailOnViolationsTest {

  private static void assertViolation(ArchRule rule, String expected, Class<?>... fixtures) {
    JavaClasses classes = new ClassFileImporter().importClasses(fixtures);
    AssertionError error = assertThrows(AssertionError.class, () -> rule.check(classes));
    assertTrue(
        error.getMessage().contains(expected),
        "the report of " + rule.getDescription() + " should say " + expected + ":\n" + error);
  }

  @Test
  void ruleS1_enterNeedsSource_failsOnAHelperThatEntersWithoutSource() {
    assertViolation(
        SourceRules.S1_ENTER_NEEDS_SOURCE,
        EntersWithoutSource.class.getName() + ".stealthyHelper()",
        EntersWithoutSource.class);
  }

  @Test
  void ruleS2_knownVersion_failsOnAVersionTheModelDoesNotHave() {
    assertViolation(
        SourceRules.S2_SOURCE_NAMES_A_KNOWN_VERSION,
        "names version 'glibc 2.35', which is not in Versions.KNOWN",
        CitesUnknownVersion.class);
  }

  @Test
  void ruleS2_knownVersion_failsOnAVersionOfAnotherLayer() {
    assertViolation(
        SourceRules.S2_SOURCE_NAMES_A_KNOWN_VERSION,
        "names version 'Linux 6.2' of another project than its layer's (go)",
        CitesTheKernel.class);
  }

  @Test
  void ruleS3_creationPathStepsRecordTheirCall_failsOnACopyFsThatRecordsNothing() {
    assertViolation(
        SourceRules.S3_CREATION_PATH_STEPS_RECORD_THEIR_CALL,
        CitesButNeverEnters.class.getName()
            + ".copyFs() cites a creation-path function but never calls",
        CitesButNeverEnters.class);
  }

  @Test
  void ruleS4_realFunctionsCiteTheirSource_failsOnAnUnannotatedCopyProcess() {
    assertViolation(
        SourceRules.S4_REAL_FUNCTIONS_CITE_THEIR_SOURCE,
        UnannotatedCopyProcess.class.getName() + ".copyProcess(long) is named after the real",
        UnannotatedCopyProcess.class);
  }

  @Test
  void ruleS4_realFunctionsCiteTheirSource_failsOnAMethodCitingAnotherFunction() {
    assertViolation(
        SourceRules.S4_REAL_FUNCTIONS_CITE_THEIR_SOURCE,
        "but its @Source cites get_cached_stack",
        MiscitedAllocateStack.class);
  }

  @Test
  void everySourceRulePassesOnAWellCitedMethod() {
    JavaClasses classes = new ClassFileImporter().importClasses(WellCitedCopyFiles.class);
    for (ArchRule rule :
        List.of(
            SourceRules.S1_ENTER_NEEDS_SOURCE,
            SourceRules.S2_SOURCE_NAMES_A_KNOWN_VERSION,
            SourceRules.S3_CREATION_PATH_STEPS_RECORD_THEIR_CALL,
            SourceRules.S4_REAL_FUNCTIONS_CITE_THEIR_SOURCE)) {
      rule.check(classes);
    }
  }
}
