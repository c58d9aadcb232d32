package io.github.clonepath.arch;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The architecture rules, checked against every production class of the reactor. Test classes are
 * left out ({@code DoNotIncludeTests}, and a module's test jar, such as the Go reference programs
 * this module's capture tests share); jars are not, because under {@code mvn verify} the sibling
 * modules are jars.
 */
@AnalyzeClasses(
    packages = "io.github.clonepath",
    importOptions = {ImportOption.DoNotIncludeTests.class, ArchitectureTest.NoTestJars.class})
class ArchitectureTest {
  /** Leaves out the classes of a module's {@code -tests.jar}. */
  static final class NoTestJars implements ImportOption {
    @Override
    public boolean includes(com.tngtech.archunit.core.importer.Location location) {
      return !location.contains("-tests.jar");
    }
  }

  @ArchTest static final ArchRule a = LayerRules.A_KERNEL_ONLY_THROUGH_SYSCALL_DOOR;

  @ArchTest static final ArchRule b = LayerRules.B_GLIBC_ONLY_THROUGH_PTHREAD_API;

  @ArchTest static final ArchRule bGo = LayerRules.B_GO_ONLY_THROUGH_ENTRY_POINTS;

  @ArchTest static final ArchRule c = LayerRules.C_LOWER_LAYERS_DO_NOT_CALL_UP;

  @ArchTest static final ArchRule cGlibc = LayerRules.C_GLIBC_DOES_NOT_CALL_UP;

  @ArchTest static final ArchRule d = LayerRules.D_NO_PACKAGE_CYCLES;

  @ArchTest static final ArchRule e = LayerRules.E_NO_MUTABLE_STATIC_STATE;

  @ArchTest static final ArchRule f = LayerRules.F_DETERMINISTIC_BY_CONSTRUCTION;

  @ArchTest static final ArchRule g = LayerRules.adheresToLayerPicture();

  @ArchTest static final ArchRule h = LayerRules.H_LAB_NEEDS_NO_CLI;
}
