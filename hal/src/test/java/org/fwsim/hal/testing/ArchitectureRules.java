package org.fwsim.hal.testing;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.AccessTarget;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The architecture rules every module checks on its own main classes: the layering hal ← firmware ←
 * testbench, no package cycles, and no wall clock where time must be injected.
 *
 * <p>Rules run on bytecode, so comments, strings and fully qualified names cannot hide or fake a
 * finding. A cycle that exists today is listed as a {@link Known} dependency in the module's test;
 * the list only shrinks.
 */
public final class ArchitectureRules {

  /** Methods that read the real clock, by owner: any overload is forbidden. */
  private static final Set<String> NOW_OWNERS =
      Set.of(
          "java.time.Instant",
          "java.time.LocalDateTime",
          "java.time.LocalDate",
          "java.time.LocalTime",
          "java.time.ZonedDateTime",
          "java.time.OffsetDateTime",
          "java.time.OffsetTime",
          "java.time.Year",
          "java.time.YearMonth",
          "java.time.MonthDay");

  private ArchitectureRules() {}

  /**
   * The main classes of the module under test. Surefire runs with the module directory as working
   * directory, so this is the module's own {@code target/classes} and nothing from other modules.
   */
  public static JavaClasses mainClasses() {
    Path classes = Path.of("target/classes");
    if (!Files.isDirectory(classes)) {
      throw new IllegalStateException("no main classes at " + classes.toAbsolutePath());
    }
    return new ClassFileImporter().importPath(classes);
  }

  /**
   * No class in {@code packageRoot} (and below) depends on a class in any of {@code forbiddenRoots}
   * (and below): how a lower layer stays unaware of the layers built on it.
   */
  public static ArchRule layer(String packageRoot, String... forbiddenRoots) {
    String[] below = new String[forbiddenRoots.length];
    for (int i = 0; i < below.length; i++) {
      below[i] = forbiddenRoots[i] + "..";
    }
    return noClasses()
        .that()
        .resideInAPackage(packageRoot + "..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(below);
  }

  /**
   * No cycle between the features under {@code moduleRoot}: each direct subpackage with everything
   * below it is one slice, and the root package's own classes are another (so {@code
   * org.fwsim.firmware} ↔ {@code org.fwsim.firmware.cert} counts).
   */
  public static ArchRule noFeatureCycles(String moduleRoot, List<Known> known) {
    return noCycles(
        "features of " + moduleRoot,
        moduleRoot,
        pkg -> {
          if (pkg.equals(moduleRoot)) {
            return pkg;
          }
          String rest = pkg.substring(moduleRoot.length() + 1);
          int dot = rest.indexOf('.');
          return moduleRoot + "." + (dot < 0 ? rest : rest.substring(0, dot));
        },
        known);
  }

  /** No cycle between any two packages under {@code moduleRoot}, however deep. */
  public static ArchRule noPackageCycles(String moduleRoot, List<Known> known) {
    return noCycles("packages of " + moduleRoot, moduleRoot, pkg -> pkg, known);
  }

  /** Slices the packages under {@code moduleRoot} by {@code sliceOf}; no cycles between them. */
  private static ArchRule noCycles(
      String description, String moduleRoot, UnaryOperator<String> sliceOf, List<Known> known) {
    SliceAssignment slices =
        new SliceAssignment() {
          @Override
          public SliceIdentifier getIdentifierOf(JavaClass c) {
            String pkg = c.getPackageName();
            return pkg.equals(moduleRoot) || pkg.startsWith(moduleRoot + ".")
                ? SliceIdentifier.of(sliceOf.apply(pkg))
                : SliceIdentifier.ignore();
          }

          @Override
          public String getDescription() {
            return description;
          }
        };
    var rule = SlicesRuleDefinition.slices().assignedFrom(slices).should().beFreeOfCycles();
    for (Known k : known) {
      rule = rule.ignoreDependency(classNamed(k.origin()), classNamed(k.target()));
    }
    return rule;
  }

  /**
   * No class reads the real clock, sleeps or schedules on real time: {@code System.nanoTime()},
   * {@code currentTimeMillis()}, the java.time {@code now(…)} methods, {@code new Date()}, {@code
   * Calendar.getInstance(…)}, the system {@code Clock}/{@code InstantSource}, any {@code sleep(…)}
   * and the JDK's scheduled executors. Classes named in {@code allowed} (with their nested classes)
   * are exempt.
   */
  public static ArchRule noWallClock(String... allowed) {
    Set<String> exempt = Set.of(allowed);
    DescribedPredicate<JavaClass> checked =
        new DescribedPredicate<>("are not exempt " + exempt) {
          @Override
          public boolean test(JavaClass c) {
            return exempt.stream()
                .noneMatch(n -> c.getName().equals(n) || c.getName().startsWith(n + "$"));
          }
        };
    return noClasses()
        .that(checked)
        .should()
        .accessTargetWhere(
            new DescribedPredicate<JavaAccess<?>>(
                "a target that reads the real clock, sleeps or schedules on real time") {
              @Override
              public boolean test(JavaAccess<?> access) {
                return readsWallClock(access.getTarget());
              }
            })
        .because(
            "time is injected (InstantSource, SimClock, Scheduler) so simulations stay virtual");
  }

  static boolean readsWallClock(AccessTarget target) {
    String owner = target.getOwner().getName();
    String name = target.getName();
    boolean noArgs =
        target instanceof AccessTarget.CodeUnitAccessTarget unit
            && unit.getRawParameterTypes().isEmpty();
    return switch (name) {
      case "currentTimeMillis", "nanoTime" -> owner.equals("java.lang.System");
      case "now" -> NOW_OWNERS.contains(owner);
      case "<init>" -> owner.equals("java.util.Date") && noArgs;
      case "getInstance" -> owner.equals("java.util.Calendar");
      case "system", "systemUTC", "systemDefaultZone" ->
          owner.equals("java.time.Clock") || owner.equals("java.time.InstantSource");
      case "sleep", "newScheduledThreadPool", "newSingleThreadScheduledExecutor" -> true;
      default -> false;
    };
  }

  /** A class by its fully qualified name, together with its nested and anonymous classes. */
  private static DescribedPredicate<JavaClass> classNamed(String name) {
    return new DescribedPredicate<>(name) {
      @Override
      public boolean test(JavaClass c) {
        return c.getName().equals(name) || c.getName().startsWith(name + "$");
      }
    };
  }

  /**
   * A dependency that closes a cycle today and is tolerated until its owner breaks the cycle: from
   * the class {@code origin} to the class {@code target}, both fully qualified (nested classes
   * included). A new dependency along the same package edge still fails.
   */
  public record Known(String origin, String target) {}
}
