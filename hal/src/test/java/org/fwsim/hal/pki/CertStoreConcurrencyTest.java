package org.fwsim.hal.pki;

import static org.fwsim.hal.testing.TestCertificates.NOW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.PrivateKey;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.fwsim.hal.testing.TestCertificates;
import org.fwsim.hal.testing.TestCertificates.Issued;
import org.fwsim.hal.testing.TestExecutor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Readers on other threads never see a certificate with the wrong key, and racing writers lose
 * nothing.
 */
class CertStoreConcurrencyTest {

  private static final int PAIRS = 50;
  private static final int REPLACES_PER_WRITER = 1_500;

  @RegisterExtension final TestExecutor pool = new TestExecutor(4);
  private final ExecutorService threads = pool.executor();

  @Test
  void readersNeverSeeACertificateWithAnotherKey() throws Exception {
    Issued root = TestCertificates.rootCa("Root CA");
    List<Issued> pairs = new ArrayList<>();
    // The expected public key of every private key, fixed before any thread starts.
    Map<PrivateKey, byte[]> publicKeyOf = new IdentityHashMap<>();
    for (int i = 0; i < PAIRS; i++) {
      Issued issued = TestCertificates.leaf("device-" + i, root);
      pairs.add(issued);
      publicKeyOf.put(issued.privateKey(), issued.keyPair().getPublic().getEncoded());
    }
    CertStore store = new CertStore(InstantSource.fixed(NOW));
    Issued first = pairs.get(0);
    store.putLocal(
        LocalCertificate.of(
            "scep-cert", List.of(first.certificate()), first.privateKey(), CertSource.USER, NOW));

    CountDownLatch start = new CountDownLatch(1);
    AtomicBoolean writing = new AtomicBoolean(true);
    AtomicLong reads = new AtomicLong();
    AtomicLong mismatches = new AtomicLong();
    List<Future<?>> writers = new ArrayList<>();
    for (int w = 0; w < 2; w++) {
      int offset = w * 7;
      writers.add(
          threads.submit(
              () -> {
                start.await();
                for (int i = 0; i < REPLACES_PER_WRITER; i++) {
                  Issued next = pairs.get((i + offset) % PAIRS);
                  store.replaceLocal(
                      "scep-cert",
                      List.of(next.certificate(), root.certificate()),
                      next.privateKey());
                }
                return null;
              }));
    }
    List<Future<?>> readers = new ArrayList<>();
    for (int r = 0; r < 2; r++) {
      readers.add(
          threads.submit(
              () -> {
                start.await();
                while (writing.get()) {
                  LocalCertificate seen = store.snapshot().findLocal("scep-cert").orElseThrow();
                  byte[] certificateKey = seen.certificate().getPublicKey().getEncoded();
                  if (!Arrays.equals(certificateKey, publicKeyOf.get(seen.privateKey()))) {
                    mismatches.incrementAndGet();
                  }
                  reads.incrementAndGet();
                }
                return null;
              }));
    }

    start.countDown();
    try {
      for (Future<?> writer : writers) {
        writer.get(60, TimeUnit.SECONDS);
      }
    } finally {
      writing.set(false); // readers stop even if a writer failed
    }
    for (Future<?> reader : readers) {
      reader.get(10, TimeUnit.SECONDS);
    }

    assertEquals(0, mismatches.get(), "snapshots with a certificate and a foreign key");
    assertTrue(reads.get() > 0, "readers ran");
  }

  @Test
  void racingWritersLoseNoUpdate() throws Exception {
    Issued root = TestCertificates.rootCa("Root CA");
    CertStore store = new CertStore(InstantSource.fixed(NOW));
    int perWriter = 400;
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> writers = new ArrayList<>();
    for (String prefix : List.of("a", "b")) {
      writers.add(
          threads.submit(
              () -> {
                start.await();
                for (int i = 0; i < perWriter; i++) {
                  store.putCa(CaCertificate.trusted(prefix + i, root.certificate()));
                  if (i % 2 == 1) {
                    store.removeCa(prefix + (i - 1));
                  }
                }
                return null;
              }));
    }
    start.countDown();
    for (Future<?> writer : writers) {
      writer.get(60, TimeUnit.SECONDS);
    }

    Map<String, CaCertificate> cas = store.snapshot().caCertificates();
    assertEquals(perWriter, cas.size(), "each writer keeps its odd-numbered entries");
    for (int i = 1; i < perWriter; i += 2) {
      assertTrue(cas.containsKey("a" + i) && cas.containsKey("b" + i), "entry " + i);
    }
  }
}
