package org.fwsim.firmware.cert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.fwsim.firmware.Firmware;
import org.fwsim.firmware.FirmwareCommands;
import org.fwsim.firmware.cli.CliSession;
import org.fwsim.firmware.scep.transport.MicromdmScepServer;
import org.fwsim.hal.Appliance;
import org.fwsim.hal.Hypervisor;
import org.fwsim.hal.clock.SimClock;
import org.fwsim.hal.pki.LocalCertificate;
import org.fwsim.hal.testing.HypervisorDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code execute vpn certificate local generate} against the real micromdm {@code scepserver},
 * reached at a simulated address through the hypervisor's underlay, as a console user would.
 * Skipped when the binary is missing (failed instead when env {@code CI} is set).
 */
class FirmwareGenerateMicromdmTest {

  @TempDir Path workDir;

  @Test
  void generateEnrollsFromMicromdmScepserver() throws Exception {
    MicromdmScepServer.require();
    try (MicromdmScepServer ca = MicromdmScepServer.builder().challenge("secret").start(workDir);
        // micromdm stamps certificates with the host's time: the appliance must be inside their
        // validity.
        Hypervisor hv =
            Hypervisor.builder(SimClock.fastForward(Instant.now().plusSeconds(60)))
                .nio(true)
                .workers(0)
                .keygenThreads(1)
                .keyPoolCapacity(2)
                .build()) {
      hv.underlay()
          .map(
              new InetSocketAddress("10.5.149.200", 80),
              new InetSocketAddress("127.0.0.1", ca.port()));
      Appliance a = hv.newAppliance("FGVM01TM26000009", "FGT-MDM");
      Firmware fw =
          await(
              hv,
              Firmware.boot(hv, a, Firmware.labDefault("FGT-MDM"), FirmwareCommands.newRegistry()));
      StringBuilder console = new StringBuilder();
      fw.setConsoleSink(line -> console.append(line).append('\n'));
      CliSession cli = await(hv, a.call(fw::newSession));
      await(
          hv,
          a.call(
              () ->
                  cli.execute(
                      "execute vpn certificate local generate rsa MDM 2048 fgt-mdm US CA"
                          + " Sunnyvale fwsim interop \"\" null http://10.5.149.200/scep secret")));
      await(hv, fw.whenIdle());

      assertTrue(
          console.toString().startsWith("Certificate MDM: enrolled, serial "),
          () -> console + "\n" + ca.output());
      LocalCertificate cert = a.globalCerts().snapshot().findLocal("MDM").orElseThrow();
      assertEquals("RSA", cert.certificate().getPublicKey().getAlgorithm());
      String caPem = Files.readString(ca.caCertificatePem());
      String details =
          await(hv, a.call(() -> cli.execute("get vpn certificate local details MDM")));
      assertTrue(
          details.contains(
              "Subject:     C = US, ST = CA, L = Sunnyvale, O = fwsim, OU = interop, CN = fgt-mdm\n"),
          details);
      String show = await(hv, a.call(() -> cli.execute("show vpn certificate ca")));
      assertTrue(show.contains("edit \"CA_Cert_1\""), show);
      assertTrue(caPem.contains("BEGIN CERTIFICATE"), caPem);
    }
  }

  private static <T> T await(Hypervisor hv, CompletableFuture<T> f) throws Exception {
    return HypervisorDriver.of(hv).await(f, Duration.ofSeconds(30));
  }
}
