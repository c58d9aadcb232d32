package io.github.clonepath.arch;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import io.github.clonepath.glibc.fixture.UsesThread;
import io.github.clonepath.goruntime.fixture.ReachesGlibcInternal;
import io.github.clonepath.goruntime.fixture.ReachesKernelInternal;
import io.github.clonepath.goruntime.fixture.ReadsWallClock;
import io.github.clonepath.goruntime.fixture.RollsUnseededDice;
import io.github.clonepath.kernel.fixture.KernelCallsUp;
import io.github.clonepath.kernel.fixture.MutableStatic;
import io.github.clonepath.kernel.fixture.cycle.a.A;
import io.github.clonepath.kernel.fixture.cycle.b.B;
import io.github.clonepath.lab.fixture.LabDrawsWithPlantUml;
import io.github.clonepath.lab.fixture.LabParsesWithPicocli;
import io.github.clonepath.lab.fixture.LabReachesGlibcInternal;
import io.github.clonepath.lab.fixture.LabReachesGoRuntimeInternal;
import io.github.clonepath.lab.fixture.LabReachesKernelInternal;
import io.github.clonepath.lab.fixture.LabUsesTheCli;
import org.junit.jupiter.api.Test;

/**
 * Every architecture rule is proven able to fail: each test checks one rule against a fixture class
 * that breaks it on purpose and expects a report naming that class.
 */
class RulesFailOnViolationsTest {

  private static void assertViolation(ArchRule rule, String expectedName, Class<?>... fixtures) {
    JavaClasses classes = new ClassFileImporter().importClasses(fixtures);
    AssertionError error = assertThrows(AssertionError.class, () -> rule.check(classes));
    assertTrue(
        error.getMessage().contains(expectedName),
        "the report of " + rule.getDescription() + " should name " + expectedName + ":\n" + error);
  }

  @Test
  void ruleA_kernelOnlyThroughSyscallDoor_failsWhenGoRuntimeReachesAKernelInternal() {
    assertViolation(
        LayerRules.A_KERNEL_ONLY_THROUGH_SYSCALL_DOOR,
        ReachesKernelInternal.class.getName(),
        ReachesKernelInternal.class);
  }

  @Test
  void ruleA_kernelOnlyThroughSyscallDoor_failsWhenTheLabReachesAKernelInternal() {
    assertViolation(
        LayerRules.A_KERNEL_ONLY_THROUGH_SYSCALL_DOOR,
        LabReachesKernelInternal.class.getName(),
        LabReachesKernelInternal.class);
  }

  @Test
  void ruleB_glibcOnlyThroughPthreadApi_failsWhenGoRuntimeReachesAGlibcInternal() {
    assertViolation(
        LayerRules.B_GLIBC_ONLY_THROUGH_PTHREAD_API,
        ReachesGlibcInternal.class.getName(),
        ReachesGlibcInternal.class);
  }

  @Test
  void ruleB_glibcOnlyThroughPthreadApi_failsWhenTheLabReachesAGlibcInternal() {
    assertViolation(
        LayerRules.B_GLIBC_ONLY_THROUGH_PTHREAD_API,
        LabReachesGlibcInternal.class.getName(),
        LabReachesGlibcInternal.class);
  }

  @Test
  void ruleBGo_goOnlyThroughEntryPoints_failsWhenTheLabReachesAGoRuntimeInternal() {
    assertViolation(
        LayerRules.B_GO_ONLY_THROUGH_ENTRY_POINTS,
        LabReachesGoRuntimeInternal.class.getName(),
        LabReachesGoRuntimeInternal.class);
  }

  @Test
  void ruleC_lowerLayersDoNotCallUp_failsWhenTheKernelUsesGlibc() {
    assertViolation(
        LayerRules.C_LOWER_LAYERS_DO_NOT_CALL_UP,
        KernelCallsUp.class.getName(),
        KernelCallsUp.class);
  }

  @Test
  void ruleD_noPackageCycles_failsOnTwoPackagesThatUseEachOther() {
    assertViolation(LayerRules.D_NO_PACKAGE_CYCLES, A.class.getName(), A.class, B.class);
  }

  @Test
  void ruleE_noMutableStaticState_failsOnANonFinalCounterAndAStaticArrayList() {
    assertViolation(
        LayerRules.E_NO_MUTABLE_STATIC_STATE,
        MutableStatic.class.getName() + ".counter",
        MutableStatic.class);
    assertViolation(
        LayerRules.E_NO_MUTABLE_STATIC_STATE,
        MutableStatic.class.getName() + ".SEEN",
        MutableStatic.class);
  }

  @Test
  void ruleF_deterministic_failsOnAJavaThread() {
    assertViolation(
        LayerRules.F_DETERMINISTIC_BY_CONSTRUCTION, UsesThread.class.getName(), UsesThread.class);
  }

  @Test
  void ruleF_deterministic_failsOnTheWallClock() {
    assertViolation(
        LayerRules.F_DETERMINISTIC_BY_CONSTRUCTION,
        ReadsWallClock.class.getName(),
        ReadsWallClock.class);
  }

  @Test
  void ruleF_deterministic_failsOnAnUnseededRandom() {
    assertViolation(
        LayerRules.F_DETERMINISTIC_BY_CONSTRUCTION,
        RollsUnseededDice.class.getName(),
        RollsUnseededDice.class);
  }

  @Test
  void ruleG_layerPicture_failsWhenTheLabUsesTheCli() {
    assertViolation(
        LayerRules.adheresToLayerPicture(), LabUsesTheCli.class.getName(), LabUsesTheCli.class);
  }

  @Test
  void ruleH_labNeedsNoCli_failsWhenTheLabUsesTheCli() {
    assertViolation(
        LayerRules.H_LAB_NEEDS_NO_CLI, LabUsesTheCli.class.getName(), LabUsesTheCli.class);
  }

  @Test
  void ruleH_labNeedsNoCli_failsWhenTheLabDrawsWithPlantUml() {
    assertViolation(
        LayerRules.H_LAB_NEEDS_NO_CLI,
        LabDrawsWithPlantUml.class.getName(),
        LabDrawsWithPlantUml.class);
  }

  @Test
  void ruleH_labNeedsNoCli_failsWhenTheLabParsesWithPicocli() {
    assertViolation(
        LayerRules.H_LAB_NEEDS_NO_CLI,
        LabParsesWithPicocli.class.getName(),
        LabParsesWithPicocli.class);
  }

  @Test
  void ruleG_layerPicture_failsWhenTheKernelDependsOnGlibc() {
    assertViolation(
        LayerRules.adheresToLayerPicture(), KernelCallsUp.class.getName(), KernelCallsUp.class);
  }
}
