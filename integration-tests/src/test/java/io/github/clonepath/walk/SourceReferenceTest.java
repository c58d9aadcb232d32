package io.github.clonepath.walk;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The source-reference rules, checked against every production class of the model modules (common,
 * kernel-model, glibc-model, go-runtime-model).
 */
@AnalyzeClasses(
    packages = {
      "io.github.clonepath.common",
      "io.github.clonepath.kernel",
      "io.github.clonepath.glibc",
      "io.github.clonepath.goruntime"
    },
    importOptions = ImportOption.DoNotIncludeTests.class)
class SourceReferenceTest {
  @ArchTest static final ArchRule s1 = SourceRules.S1_ENTER_NEEDS_SOURCE;

  @ArchTest static final ArchRule s2 = SourceRules.S2_SOURCE_NAMES_A_KNOWN_VERSION;

  @ArchTest static final ArchRule s3 = SourceRules.S3_CREATION_PATH_STEPS_RECORD_THEIR_CALL;

  @ArchTest static final ArchRule s4 = SourceRules.S4_REAL_FUNCTIONS_CITE_THEIR_SOURCE;
}
