package org.fwsim.firmware.cert;

import java.net.InetSocketAddress;
import java.security.KeyPair;
import org.fwsim.firmware.scep.client.TestScepResponder;
import org.fwsim.hal.Hypervisor;
import org.fwsim.hal.testing.TestCertificates;
import org.fwsim.hal.testing.TestHypervisors;

/**
 * A 0-worker, fast-forward hypervisor with a test SCEP CA ({@code CN=FAC}) on loopback, reached at
 * the simulated address 10.5.149.111:80, for tests that drive whole appliances through their CLI.
 */
record CaLab(Hypervisor hv, TestScepResponder ca) implements AutoCloseable {

  static CaLab start() throws Exception {
    Hypervisor hv =
        TestHypervisors.builder(TestCertificates.NOW).nio(true).keyPoolCapacity(4).build();
    KeyPair caKey = TestCertificates.rsaKeyPair();
    TestScepResponder ca =
        new TestScepResponder(
            hv.transports().group(), caKey, TestCertificates.scepCa("CN=FAC", caKey), hv.clock());
    hv.underlay()
        .map(
            new InetSocketAddress("10.5.149.111", 80),
            new InetSocketAddress("127.0.0.1", ca.port()));
    return new CaLab(hv, ca);
  }

  @Override
  public void close() {
    ca.close();
    hv.close();
  }
}
