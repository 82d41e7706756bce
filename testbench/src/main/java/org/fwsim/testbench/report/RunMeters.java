package org.fwsim.testbench.report;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Optional;

/**
 * The meter registries of one run. Hand {@link #registry()} to the hypervisor, the CA and the
 * phase recorders: it is a composite, so every meter lands both in a plain in-memory registry
 * (which the report reads; it comes first, so snapshots are taken from it) and, with
 * {@code --prometheus}, in the Prometheus registry the endpoint scrapes.
 */
public final class RunMeters implements AutoCloseable {

  private final CompositeMeterRegistry composite = new CompositeMeterRegistry();
  private final PrometheusMeterRegistry prometheus;

  private RunMeters(boolean withPrometheus) {
    composite.add(new SimpleMeterRegistry());
    prometheus = withPrometheus ? new PrometheusMeterRegistry(PrometheusConfig.DEFAULT) : null;
    if (prometheus != null) {
      composite.add(prometheus);
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
    composite.close();
  }
}
