package org.fwsim.testbench.bench;

import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One RSA-2048 renewal through the firmware's and the CA's SCEP message code, no IO ({@link
 * CodecRenewal}): what the message layer costs beyond the crypto bound. Its time moves with a
 * shared machine's load; run it with {@code -prof gc}, whose bytes allocated per renewal ({@code
 * gc.alloc.rate.norm}) do not, to compare the work of two versions.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class CodecRenewalBenchmark {

  private CodecRenewal renewal;

  @Setup
  public void setUp() {
    BoundKeys keys = BoundKeys.generate(CryptoBound.ClientKey.RSA_2048);
    renewal =
        new CodecRenewal(
            CodecRenewal.Setup.create(keys, CryptoBound.ReplyEnvelope.KEY_TRANS, Instant.now()));
  }

  @Benchmark
  public long renewal() throws Exception {
    return renewal.renewOnce();
  }
}
