package org.fwsim.hal.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.fwsim.hal.testing.ArchitectureRules.Known;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The architecture contract every module's test extends: its main classes have no package cycles
 * beyond the known ones. One contract, run once per module, as JCTools runs one queue test against
 * every queue; {@link LowerModuleArchitectureTest} adds the rules of the modules below testbench.
 * Two size rules keep the layout readable: no main source file over {@value #MAX_LINES} lines, and
 * no two main types (of this module and those below it) with one simple name.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ModuleArchitectureTest {
  /** The most lines a main source file may have: a longer one mixes concerns. */
  public static final int MAX_LINES = 600;

  protected final String moduleRoot;
  private final List<Known> knownCycles;
  protected JavaClasses classes;

  /**
   * @param moduleRoot the module's root package, e.g. {@code org.fwsim.firmware}
   * @param knownCycles dependencies that close a cycle today; each goes when its cycle is broken
   */
  protected ModuleArchitectureTest(String moduleRoot, List<Known> knownCycles) {
    this.moduleRoot = moduleRoot;
    this.knownCycles = knownCycles;
  }

  @BeforeAll
  void importMainClasses() {
    classes = ArchitectureRules.mainClasses();
  }

  @Test
  void noCyclesBetweenFeatures() {
    ArchitectureRules.noFeatureCycles(moduleRoot, knownCycles).check(classes);
  }

  @Test
  void noCyclesBetweenPackages() {
    ArchitectureRules.noPackageCycles(moduleRoot, knownCycles).check(classes);
  }

  @Test
  void noMainSourceFileIsOverTheLimit() throws IOException {
    Map<String, Long> over = new TreeMap<>();
    try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        long lines;
        try (Stream<String> l = Files.lines(f)) {
          lines = l.count();
        }
        if (lines > MAX_LINES) {
          over.put(f.toString(), lines);
        }
      }
    }
    assertEquals(Map.of(), over, "main source files over " + MAX_LINES + " lines");
  }

  @Test
  void noTwoMainTypesShareASimpleName() {
    JavaClasses all =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(location -> !location.asURI().toString().contains("-tests.jar"))
            .importPackages("org.fwsim");
    Map<String, List<String>> shared =
        all.stream()
            .filter(c -> c.isTopLevelClass() && !c.getSimpleName().equals("package-info"))
            .collect(
                Collectors.groupingBy(
                    JavaClass::getSimpleName,
                    TreeMap::new,
                    Collectors.mapping(JavaClass::getName, Collectors.toList())));
    shared.values().removeIf(names -> names.size() < 2);
    assertEquals(Map.of(), shared, "main types sharing a simple name");
  }
}
