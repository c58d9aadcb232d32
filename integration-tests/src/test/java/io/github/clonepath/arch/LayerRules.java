package io.github.clonepath.arch;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static com.tngtech.archunit.library.plantuml.rules.PlantUmlArchCondition.Configuration.consideringOnlyDependenciesInDiagram;
import static com.tngtech.archunit.library.plantuml.rules.PlantUmlArchCondition.adhereToPlantUmlDiagram;

import com.google.common.collect.ImmutableSet;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.net.URL;
import java.time.Instant;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The architecture rules, each a value so it can be checked both against the real code (where it
 * must hold) and against the deliberate violations in the fixture packages (where it must fail).
 */
final class LayerRules {
  static final String KERNEL = "io.github.clonepath.kernel..";
  static final String KERNEL_DOOR = "io.github.clonepath.kernel.syscall";
  static final String GLIBC = "io.github.clonepath.glibc..";
  static final String GLIBC_DOOR = "io.github.clonepath.glibc.pthread";
  static final String GO = "io.github.clonepath.goruntime..";
  static final String GO_DOOR = "io.github.clonepath.goruntime";
  static final String COMMON = "io.github.clonepath.common..";
  static final String LAB = "io.github.clonepath.lab..";
  static final String CLI = "io.github.clonepath.cli..";
  static final String PICOCLI = "picocli..";
  static final String PLANTUML = "net.sourceforge.plantuml..";
  static final String[] MODEL = {COMMON, KERNEL, GLIBC, GO};

  /**
   * (a) glibc, the Go runtime, the lab and the CLI reach the kernel only through its syscall door.
   */
  static final ArchRule A_KERNEL_ONLY_THROUGH_SYSCALL_DOOR =
      noClasses()
          .that()
          .resideInAnyPackage(GLIBC, GO, LAB, CLI)
          .should()
          .dependOnClassesThat(resideInAPackage(KERNEL).and(not(resideInAPackage(KERNEL_DOOR))))
          .as(
              "(a) glibc, Go runtime, lab and CLI classes depend on kernel-model only through "
                  + KERNEL_DOOR);

  /** (b) the Go runtime, the lab and the CLI reach glibc only through its pthread API. */
  static final ArchRule B_GLIBC_ONLY_THROUGH_PTHREAD_API =
      noClasses()
          .that()
          .resideInAnyPackage(GO, LAB, CLI)
          .should()
          .dependOnClassesThat(resideInAPackage(GLIBC).and(not(resideInAPackage(GLIBC_DOOR))))
          .as(
              "(b) Go runtime, lab and CLI classes depend on glibc-model only through "
                  + GLIBC_DOOR);

  /** (b') the lab and the CLI reach the Go runtime only through its public entry points. */
  static final ArchRule B_GO_ONLY_THROUGH_ENTRY_POINTS =
      noClasses()
          .that()
          .resideInAnyPackage(LAB, CLI)
          .should()
          .dependOnClassesThat(resideInAPackage(GO).and(not(resideInAPackage(GO_DOOR))))
          .as("(b') lab and CLI classes depend on go-runtime-model only through " + GO_DOOR);

  /**
   * (h) the lab is a library for Java users: it depends on neither the command line nor what only
   * the command line needs (picocli for options, PlantUML for SVG), so a user's tests never carry
   * them.
   */
  static final ArchRule H_LAB_NEEDS_NO_CLI =
      noClasses()
          .that()
          .resideInAPackage(LAB)
          .should()
          .dependOnClassesThat(resideInAnyPackage(CLI, PICOCLI, PLANTUML))
          .as("(h) lab classes depend on neither the CLI nor picocli nor PlantUML");

  /** (c) the kernel knows nothing of the layers above it, and glibc nothing of Go. */
  static final ArchRule C_LOWER_LAYERS_DO_NOT_CALL_UP =
      noClasses()
          .that()
          .resideInAnyPackage(KERNEL, COMMON)
          .should()
          .dependOnClassesThat(resideInAnyPackage(GLIBC, GO, LAB, CLI))
          .as("(c) the kernel depends on neither glibc nor the Go runtime");

  /** (c') glibc does not call up into the Go runtime. */
  static final ArchRule C_GLIBC_DOES_NOT_CALL_UP =
      noClasses()
          .that()
          .resideInAnyPackage(GLIBC)
          .should()
          .dependOnClassesThat(resideInAnyPackage(GO, LAB, CLI))
          .as("(c') glibc depends on neither the Go runtime nor the lab nor the CLI");

  /** (d) no package cycles anywhere. */
  static final ArchRule D_NO_PACKAGE_CYCLES =
      slices()
          .matching("io.github.clonepath.(**)")
          .should()
          .beFreeOfCycles()
          .as("(d) no package cycles in io.github.clonepath");

  /** (e) static fields of model code are final constants of immutable types. */
  static final ArchRule E_NO_MUTABLE_STATIC_STATE =
      fields()
          .that()
          .areStatic()
          .and()
          .areDeclaredInClassesThat()
          .resideInAnyPackage(MODEL)
          .and()
          .doNotHaveModifier(JavaModifier.SYNTHETIC)
          .should(beFinalAndOfAnImmutableType())
          .as("(e) no mutable static state in model code");

  /** (f) the model is deterministic by construction: no threads, locks, clocks or free dice. */
  static final ArchRule F_DETERMINISTIC_BY_CONSTRUCTION =
      noClasses()
          .that()
          .resideInAnyPackage(MODEL)
          .should()
          .dependOnClassesThat()
          .belongToAnyOf(Thread.class, Executors.class, ThreadLocalRandom.class)
          .orShould()
          .dependOnClassesThat()
          .areAssignableTo(Executor.class)
          .orShould()
          .dependOnClassesThat()
          .resideInAPackage("java.util.concurrent.locks..")
          .orShould()
          .callMethod(System.class, "currentTimeMillis")
          .orShould()
          .callMethod(System.class, "nanoTime")
          .orShould()
          .callMethod(Instant.class, "now")
          .orShould()
          .callMethod(Math.class, "random")
          .orShould()
          .callConstructor(Random.class)
          .orShould()
          .callConstructor(SplittableRandom.class)
          .as(
              "(f) no model class uses Thread, executors, java.util.concurrent locks, the wall"
                  + " clock or an unseeded Random");

  /** (g) the layer picture in docs/layers.puml matches the code. */
  static ArchRule adheresToLayerPicture() {
    URL diagram = LayerRules.class.getResource("/layers.puml");
    if (diagram == null) {
      throw new IllegalStateException("docs/layers.puml is not on the test class path");
    }
    return classes()
        .should(adhereToPlantUmlDiagram(diagram, consideringOnlyDependenciesInDiagram()))
        .as("(g) dependencies between layers follow docs/layers.puml");
  }

  private static final ImmutableSet<String> IMMUTABLE_TYPES =
      ImmutableSet.of(
          "java.lang.String",
          "java.lang.Boolean",
          "java.lang.Byte",
          "java.lang.Short",
          "java.lang.Integer",
          "java.lang.Long",
          "java.lang.Character",
          "java.lang.Float",
          "java.lang.Double",
          "java.lang.StackWalker",
          "java.math.BigInteger",
          "java.util.OptionalLong",
          "java.util.OptionalInt",
          "java.time.Duration",
          "java.util.regex.Pattern");

  private static ArchCondition<JavaField> beFinalAndOfAnImmutableType() {
    return new ArchCondition<>("be final and of an immutable type") {
      @Override
      public void check(JavaField field, ConditionEvents events) {
        boolean isFinal = field.getModifiers().contains(JavaModifier.FINAL);
        JavaClass type = field.getRawType();
        boolean immutable =
            type.isPrimitive()
                || type.isEnum()
                || type.isRecord()
                || IMMUTABLE_TYPES.contains(type.getName())
                || (type.getPackageName().equals("com.google.common.collect")
                    && type.getSimpleName().startsWith("Immutable"));
        if (!isFinal || !immutable) {
          events.add(
              SimpleConditionEvent.violated(
                  field,
                  field.getFullName()
                      + (isFinal ? "" : " is not final")
                      + (immutable ? "" : " has the mutable type " + type.getName())));
        }
      }
    };
  }

  private LayerRules() {}
}
