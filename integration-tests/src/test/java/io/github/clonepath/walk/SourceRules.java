package io.github.clonepath.walk;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.codeUnits;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;

import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import io.github.clonepath.common.Source;
import io.github.clonepath.common.Tracer;
import io.github.clonepath.common.Versions;

/**
 * The source-reference rules: every modeled function says where to read the real one, and says it
 * right. Each rule is a value, checked against the real code by {@link SourceReferenceTest} and
 * against deliberate violations by {@link SourceRulesFailOnViolationsTest}.
 *
 * <p>A <em>modeled method</em> is either a method that records a call ({@code Tracer.enter()}), or
 * a method of a layer's internal packages that is named after one of the real functions listed in
 * {@link #REAL_FUNCTIONS} (the functions of the real call graphs in docs/notes/: Go's {@code
 * proc.go} and {@code os_linux.go} path, NPTL's {@code pthread_create} path, the kernel's {@code
 * copy_process} path). The list is written from the real sources, not from the model, so a model
 * method that forgets its annotation cannot hide by also forgetting to be listed.
 */
final class SourceRules {
  static final String KERNEL = "io.github.clonepath.kernel..";
  static final String GLIBC = "io.github.clonepath.glibc..";
  static final String GO = "io.github.clonepath.goruntime..";
  static final String COMMON = "io.github.clonepath.common..";
  static final String[] MODEL = {COMMON, KERNEL, GLIBC, GO};
  static final String[] DOORS = {
    "io.github.clonepath.kernel.syscall",
    "io.github.clonepath.glibc.pthread",
    "io.github.clonepath.goruntime"
  };

  /**
   * Java method name → the real function names its {@code @Source} may cite. Go functions keep
   * their names; C functions are camelCased without leading underscores.
   */
  static final ImmutableMap<String, ImmutableSet<String>> REAL_FUNCTIONS =
      ImmutableMap.<String, ImmutableSet<String>>builder()
          // Go runtime: proc.go, os_linux.go, stack.go (docs/notes/go-runtime.md §2, §3).
          .putAll(same("startm", "wakep", "handoffp", "newm", "newm1", "allocm", "mcommoninit"))
          .putAll(same("checkmcount", "mReserveID", "mpreinit", "minit", "newosproc"))
          // mstart: a Go function up to 1.16, since 1.17 an assembly stub whose Go body is mstart0.
          .put("mstart", ImmutableSet.of("mstart", "mstart0"))
          .putAll(same("mstart0", "mstart1", "mexit", "templateThread"))
          .putAll(same("startTemplateThread", "newproc", "newproc1", "gfget", "gfput", "malg"))
          // mget is left out: the Go model cites it without tracing it (its tests expect startm →
          // mReserveID with nothing traced between).
          .putAll(same("runqput", "runqputslow", "globrunqputbatch", "pidleget"))
          .putAll(same("pidlegetSpinning", "allgadd", "acquirep", "releasep"))
          .putAll(same("stackalloc", "stackfree", "stackpoolalloc", "stackcacherefill"))
          // glibc NPTL (docs/notes/glibc.md §3, §6-§9).
          .put("pthreadCreate", ImmutableSet.of("pthread_create", "__pthread_create_2_1"))
          .put("pthreadJoin", ImmutableSet.of("pthread_join", "__pthread_join"))
          .put("pthreadDetach", ImmutableSet.of("pthread_detach", "__pthread_detach"))
          .put("lateInit", ImmutableSet.of("late_init"))
          .put("allocateStack", ImmutableSet.of("allocate_stack"))
          .put("getCachedStack", ImmutableSet.of("get_cached_stack"))
          .put("queueStack", ImmutableSet.of("queue_stack", "__nptl_stack_list_add"))
          .put("freeStacks", ImmutableSet.of("free_stacks", "__nptl_free_stacks"))
          .put("setupStackProt", ImmutableSet.of("setup_stack_prot"))
          .put("createThread", ImmutableSet.of("create_thread"))
          .put("cloneInternal", ImmutableSet.of("__clone_internal"))
          .put("startThread", ImmutableSet.of("start_thread"))
          .put("adviseStackRange", ImmutableSet.of("advise_stack_range"))
          .put("deallocateStack", ImmutableSet.of("__nptl_deallocate_stack"))
          .put("nptlDeallocateStack", ImmutableSet.of("__nptl_deallocate_stack"))
          .put("freeTcb", ImmutableSet.of("__nptl_free_tcb", "__free_tcb"))
          .put("nptlFreeTcb", ImmutableSet.of("__nptl_free_tcb"))
          // Linux kernel/fork.c, kernel/exit.c, fs/ (docs/notes/kernel.md §2, §3).
          .putAll(snake("kernelClone", "kernel_clone", "copyProcess", "copy_process"))
          .putAll(snake("dupTaskStruct", "dup_task_struct", "copyCreds", "copy_creds"))
          .putAll(snake("copySemundo", "copy_semundo", "copyFiles", "copy_files"))
          .putAll(snake("dupFd", "dup_fd", "copyFs", "copy_fs", "copyFsStruct", "copy_fs_struct"))
          .putAll(snake("copySighand", "copy_sighand", "copySignal", "copy_signal"))
          .putAll(snake("copyMm", "copy_mm", "dupMm", "dup_mm", "dupMmap", "dup_mmap"))
          .putAll(snake("copyNamespaces", "copy_namespaces", "copyIo", "copy_io"))
          .putAll(snake("copyThread", "copy_thread", "allocPid", "alloc_pid"))
          .putAll(snake("clone3ArgsValid", "clone3_args_valid"))
          .putAll(snake("copyCloneArgsFromUser", "copy_clone_args_from_user"))
          .putAll(snake("exitMm", "exit_mm", "exitFs", "exit_fs", "exitFiles", "exit_files"))
          .putAll(snake("mmRelease", "mm_release", "doExit", "do_exit"))
          .putAll(snake("releaseTask", "release_task"))
          .buildOrThrow();

  /** (s1) a method that records a modeled call carries {@code @Source}. */
  static final ArchRule S1_ENTER_NEEDS_SOURCE =
      codeUnits()
          .that()
          .areDeclaredInClassesThat(resideInAnyPackage(MODEL))
          .and(callTracerEnter())
          .should()
          .beAnnotatedWith(Source.class)
          .allowEmptyShould(true)
          .as("(s1) every method that calls Tracer.enter() carries @Source");

  /**
   * (s2) every {@code @Source} names a known version of its own layer's project, a file, a name.
   */
  static final ArchRule S2_SOURCE_NAMES_A_KNOWN_VERSION =
      codeUnits()
          .that()
          .areDeclaredInClassesThat(resideInAnyPackage(MODEL))
          .and()
          .areAnnotatedWith(Source.class)
          .should(citeAKnownVersionOfTheirLayer())
          .allowEmptyShould(true)
          .as(
              "(s2) every @Source names a version in Versions.KNOWN of its layer, a file, a function");

  /**
   * (s3) a method citing a function of the creation paths records its call, or the walkthrough
   * would skip that step. (Other cited helpers, such as predicates on hot paths, may carry their
   * reference as documentation only.)
   */
  static final ArchRule S3_CREATION_PATH_STEPS_RECORD_THEIR_CALL =
      codeUnits()
          .that()
          .areDeclaredInClassesThat(resideInAnyPackage(MODEL))
          .and()
          .areAnnotatedWith(Source.class)
          .and(citeACreationPathFunction())
          .should(callTracerEnterCondition())
          .allowEmptyShould(true)
          .as(
              "(s3) every method whose @Source cites a creation-path function records its call"
                  + " through Tracer.enter()");

  /** (s4) a method named after a real function, in a layer's internals, cites that function. */
  static final ArchRule S4_REAL_FUNCTIONS_CITE_THEIR_SOURCE =
      methods()
          .that()
          .areDeclaredInClassesThat(
              resideInAnyPackage(KERNEL, GLIBC, GO).and(DescribedPredicate.not(isADoor())))
          .and()
          .doNotHaveModifier(JavaModifier.ABSTRACT)
          .and()
          .doNotHaveModifier(JavaModifier.SYNTHETIC)
          .and()
          .doNotHaveModifier(JavaModifier.BRIDGE)
          .and(namedAfterARealFunction())
          .and(DescribedPredicate.not(implementADoorMethod()))
          .should(citeTheFunctionTheyAreNamedAfter())
          .allowEmptyShould(true)
          .as(
              "(s4) every internal model method named after a real function carries @Source"
                  + " citing that function");

  private SourceRules() {}

  private static ImmutableMap<String, ImmutableSet<String>> same(String... names) {
    ImmutableMap.Builder<String, ImmutableSet<String>> b = ImmutableMap.builder();
    for (String n : names) {
      b.put(n, ImmutableSet.of(n));
    }
    return b.buildOrThrow();
  }

  private static ImmutableMap<String, ImmutableSet<String>> snake(String... pairs) {
    ImmutableMap.Builder<String, ImmutableSet<String>> b = ImmutableMap.builder();
    for (int i = 0; i < pairs.length; i += 2) {
      b.put(pairs[i], ImmutableSet.of(pairs[i + 1]));
    }
    return b.buildOrThrow();
  }

  private static boolean callsTracerEnter(JavaCodeUnit unit) {
    return unit.getMethodCallsFromSelf().stream()
        .anyMatch(
            c ->
                c.getTargetOwner().getFullName().equals(Tracer.class.getName())
                    && c.getName().equals("enter"));
  }

  private static DescribedPredicate<JavaCodeUnit> callTracerEnter() {
    return DescribedPredicate.describe("call Tracer.enter()", SourceRules::callsTracerEnter);
  }

  private static DescribedPredicate<JavaCodeUnit> citeACreationPathFunction() {
    ImmutableSet<String> path =
        REAL_FUNCTIONS.values().stream()
            .flatMap(ImmutableSet::stream)
            .collect(ImmutableSet.toImmutableSet());
    return DescribedPredicate.describe(
        "cite a creation-path function",
        u -> path.contains(u.getAnnotationOfType(Source.class).function()));
  }

  private static DescribedPredicate<JavaClass> isADoor() {
    DescribedPredicate<JavaClass> door = resideInAPackage(DOORS[0]);
    for (int i = 1; i < DOORS.length; i++) {
      door = door.or(resideInAPackage(DOORS[i]));
    }
    return door.as("a door package");
  }

  /**
   * A door interface's method as a layer implements it ({@code Libc.pthreadCreate} in the glibc
   * model), which hands over to the modeled function: the door keeps the API's name, the modeled
   * method (checked by s1-s3) keeps the real one.
   */
  private static DescribedPredicate<JavaMethod> implementADoorMethod() {
    return DescribedPredicate.describe(
        "implement a door interface's method",
        m ->
            m.getOwner().getAllRawInterfaces().stream()
                .filter(i -> isADoor().test(i))
                .flatMap(i -> i.getMethods().stream())
                .anyMatch(
                    x ->
                        x.getName().equals(m.getName())
                            && x.getRawParameterTypes().equals(m.getRawParameterTypes())));
  }

  private static DescribedPredicate<JavaMethod> namedAfterARealFunction() {
    return DescribedPredicate.describe(
        "are named after a real function", m -> REAL_FUNCTIONS.containsKey(m.getName()));
  }

  private static ArchCondition<JavaCodeUnit> callTracerEnterCondition() {
    return new ArchCondition<>("call Tracer.enter()") {
      @Override
      public void check(JavaCodeUnit unit, ConditionEvents events) {
        if (!callsTracerEnter(unit)) {
          events.add(
              SimpleConditionEvent.violated(
                  unit,
                  unit.getFullName()
                      + " cites a creation-path function but never calls Tracer.enter(), so walkthroughs"
                      + " skip it"));
        }
      }
    };
  }

  private static String layerPrefix(JavaClass owner) {
    String p = owner.getPackageName();
    if (p.startsWith("io.github.clonepath.kernel")) {
      return "Linux ";
    }
    if (p.startsWith("io.github.clonepath.glibc")) {
      return "glibc ";
    }
    if (p.startsWith("io.github.clonepath.goruntime")) {
      return "go";
    }
    return "";
  }

  private static ArchCondition<JavaCodeUnit> citeAKnownVersionOfTheirLayer() {
    return new ArchCondition<>("cite a known version of their layer, a file and a function") {
      @Override
      public void check(JavaCodeUnit unit, ConditionEvents events) {
        Source s = unit.getAnnotationOfType(Source.class);
        String where = unit.getFullName() + " @Source";
        if (!Versions.KNOWN.contains(s.version())) {
          events.add(
              SimpleConditionEvent.violated(
                  unit,
                  where
                      + " names version '"
                      + s.version()
                      + "', which is not in Versions.KNOWN "
                      + Versions.KNOWN));
        } else if (!s.version().startsWith(layerPrefix(unit.getOwner()))) {
          events.add(
              SimpleConditionEvent.violated(
                  unit,
                  where
                      + " names version '"
                      + s.version()
                      + "' of another project than its layer's ("
                      + layerPrefix(unit.getOwner()).strip()
                      + ")"));
        }
        if (s.file().isBlank() || s.function().isBlank()) {
          events.add(SimpleConditionEvent.violated(unit, where + " leaves file or function blank"));
        }
        if (s.line() < 0) {
          events.add(SimpleConditionEvent.violated(unit, where + " has a negative line"));
        }
      }
    };
  }

  private static ArchCondition<JavaMethod> citeTheFunctionTheyAreNamedAfter() {
    return new ArchCondition<>("carry @Source citing the real function they are named after") {
      @Override
      public void check(JavaMethod m, ConditionEvents events) {
        ImmutableSet<String> accepted = REAL_FUNCTIONS.get(m.getName());
        if (!m.isAnnotatedWith(Source.class)) {
          events.add(
              SimpleConditionEvent.violated(
                  m,
                  m.getFullName()
                      + " is named after the real "
                      + accepted
                      + " but has no @Source"));
          return;
        }
        String cited = m.getAnnotationOfType(Source.class).function();
        if (!accepted.contains(cited)) {
          events.add(
              SimpleConditionEvent.violated(
                  m,
                  m.getFullName()
                      + " is named after the real "
                      + accepted
                      + " but its @Source cites "
                      + cited));
        }
      }
    };
  }
}
