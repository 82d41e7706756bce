package org.fwsim.testbench.report;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmCompilationMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Optional;
import org.fwsim.testbench.probe.ThreadCpuMetrics;

/**
 * The meter registries of one run. Hand {@link #registry()} to the hypervisor, the CA and the phase
 * recorders: it is a composite, so every meter lands both in a plain in-memory registry (which the
 * report reads; it comes first, so snapshots are taken from it) and, with {@code --prometheus}, in
 * the Prometheus registry the endpoint scrapes.
 */
public final class RunMeters implements AutoCloseable {

  private final CompositeMeterRegistry composite = new CompositeMeterRegistry();
  private final PrometheusMeterRegistry prometheus;
  private final JvmGcMetrics gc;

  private RunMeters(boolean withPrometheus) {
    composite.add(new SimpleMeterRegistry());
    prometheus = withPrometheus ? new PrometheusMeterRegistry(PrometheusConfig.DEFAULT) : null;
    if (prometheus != null) {
      composite.add(prometheus);
      // What an operator scraping a shard wants beside the run's own meters: the JVM's memory,
      // GC, threads and JIT, the process's CPU, and that CPU by kind of thread. Bounded tags only.
      new ClassLoaderMetrics().bindTo(prometheus);
      new JvmMemoryMetrics().bindTo(prometheus);
      gc = new JvmGcMetrics();
      gc.bindTo(prometheus);
      new JvmThreadMetrics().bindTo(prometheus);
      new JvmCompilationMetrics().bindTo(prometheus);
      new ProcessorMetrics().bindTo(prometheus);
      new ThreadCpuMetrics().bindTo(prometheus);
    } else {
      gc = null;
    }
  }

  /** Registries for a run; {@code withPrometheus} when {@code --prometheus PORT} was given. */
  public static RunMeters create(boolean withPrometheus) {
    return new RunMeters(withPrometheus);
  }

  /** The registry every part of the run registers its meters on. */
  public MeterRegistry registry() {
    return composite;
  }

  /** The Prometheus registry to serve, when there is one. */
  public Optional<PrometheusMeterRegistry> prometheus() {
    return Optional.ofNullable(prometheus);
  }

  @Override
  public void close() {
    if (gc != null) {
      gc.close(); // it listens to the JVM's GC notifications until closed
    }
    composite.close();
  }
}
