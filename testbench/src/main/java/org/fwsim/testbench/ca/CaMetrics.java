package org.fwsim.testbench.ca;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The CA's Micrometer meters. Labels are bounded: operation (GetCACaps, GetCACert, PKIOperation,
 * other), messageType (the SCEP message names, none, unknown) and result (SUCCESS, PENDING,
 * FAILURE_badRequest ..., OK, HTTP_nnn); never a device, address or transaction.
 */
final class CaMetrics {

  static final String REQUESTS = "fwsim.ca.requests";
  static final String PROCESSING = "fwsim.ca.pkioperation.processing";
  static final String QUEUE = "fwsim.ca.queue.depth";

  private final MeterRegistry registry;
  private final ConcurrentHashMap<String, Counter> counters = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Timer> timers = new ConcurrentHashMap<>();

  CaMetrics(MeterRegistry registry, Supplier<Number> queueDepth) {
    this.registry = registry;
    // strongReference: Micrometer holds a gauge's object weakly, and nothing else holds this
    // supplier, so without it the gauge reads NaN after the next garbage collection.
    Gauge.builder(QUEUE, queueDepth, s -> s.get().doubleValue())
        .description("PKIOperations waiting for a CA worker")
        .strongReference(true)
        .register(registry);
  }

  void request(String operation, String messageType, String result) {
    String key = operation + '|' + messageType + '|' + result;
    counters
        .computeIfAbsent(
            key,
            k ->
                Counter.builder(REQUESTS)
                    .description("requests the SCEP CA answered")
                    .tag("operation", operation)
                    .tag("messageType", messageType)
                    .tag("result", result.replace(' ', '_'))
                    .register(registry))
        .increment();
  }

  void processing(String messageType, Duration d) {
    timers
        .computeIfAbsent(
            messageType,
            k ->
                Timer.builder(PROCESSING)
                    .description(
                        "time a worker spent decoding, deciding and encoding one pkiMessage")
                    .tag("messageType", messageType)
                    .register(registry))
        .record(d);
  }
}
