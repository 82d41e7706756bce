package org.fwsim.firmware.cert;

import java.net.InetSocketAddress;
import java.security.KeyPair;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import org.fwsim.firmware.Firmware;
import org.fwsim.firmware.FirmwareCommands;
import org.fwsim.firmware.scep.client.TestScepResponder;
import org.fwsim.hal.Hypervisor;
import org.fwsim.hal.testing.HypervisorDriver;
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

  /** A lab-default appliance named {@code host}, booted. */
  Firmware boot(String host) throws Exception {
    return HypervisorDriver.of(hv)
        .await(
            Firmware.boot(
                hv,
                hv.newAppliance("FGVM01TM2600000" + host.charAt(host.length() - 1), host),
                Firmware.labDefault(host),
                FirmwareCommands.newRegistry()));
  }

  /** {@code task} run on the appliance's mailbox; its result. */
  <T> T on(Firmware fw, Callable<T> task) throws Exception {
    return HypervisorDriver.of(hv).await(fw.appliance().call(task));
  }

  /**
   * Runs the appliance until {@code done}, jumping virtual time to the next timer whenever nothing
   * is in flight (forticron's deadlines); fails with {@code failure} after 30 s.
   */
  void driveUntil(Firmware fw, BooleanSupplier done, String failure) {
    HypervisorDriver.of(hv)
        .advancingTime(() -> !fw.busy())
        .doWorkUntil(done, Duration.ofSeconds(30), () -> failure);
    hv.runUntilIdle();
  }

  @Override
  public void close() {
    ca.close();
    hv.close();
  }
}
