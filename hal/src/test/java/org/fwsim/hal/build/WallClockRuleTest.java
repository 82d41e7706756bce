package org.fwsim.hal.build;

import static org.fwsim.hal.testing.ArchitectureRules.noWallClock;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

/** The wall-clock rule finds each forbidden call, also through a method reference. */
class WallClockRuleTest {

  @SuppressWarnings({"unused", "JavaUtilDate"})
  static final class Bad {
    long a() {
      return System.currentTimeMillis();
    }

    Instant b() {
      return Instant.now();
    }

    Date c() {
      return new Date();
    }

    void d() throws InterruptedException {
      Thread.sleep(10);
      TimeUnit.SECONDS.sleep(1);
    }

    Object e() {
      return LocalDateTime.now(ZoneOffset.UTC);
    }

    Object f() {
      return java.time.Clock.systemUTC();
    }

    LongSupplier g() {
      return System::nanoTime;
    }

    Object h() {
      return Executors.newSingleThreadScheduledExecutor();
    }

    Date allowed() {
      return new Date(0L); // a fixed instant is not the wall clock
    }
  }

  /** Exempt by name, like hal's SimClock. */
  static final class Exempt {
    long t() {
      return System.nanoTime();
    }
  }

  @Test
  void eachForbiddenCallIsReportedAndTheExemptClassIsNot() {
    JavaClasses classes = new ClassFileImporter().importClasses(Bad.class, Exempt.class);
    List<String> details =
        noWallClock(Exempt.class.getName()).evaluate(classes).getFailureReport().getDetails();
    String all = String.join("\n", details);
    assertEquals(9, details.size(), all);
    assertTrue(all.contains("System::nanoTime") || all.contains("nanoTime()"), all);
    assertTrue(details.stream().noneMatch(d -> d.contains("Exempt")), all);
    assertTrue(details.stream().noneMatch(d -> d.contains("allowed()")), all);
  }
}
