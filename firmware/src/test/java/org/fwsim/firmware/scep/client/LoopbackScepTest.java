package org.fwsim.firmware.scep.client;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.concurrent.TimeUnit;
import org.fwsim.hal.testing.TestCertificates;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/**
 * The rig the client-transaction tests share: one event loop and one RSA CA key for the class, a
 * fresh appliance and loopback CA per test ({@link #setUp}).
 */
abstract class LoopbackScepTest {

  static final String CA_SUBJECT = "C=NL, ST=NH, L=Amsterdam, O=Fortinet, OU=AS, CN=sceptest";
  static EventLoopGroup group;
  static KeyPair caKey;
  static X509Certificate caCert;

  TestScepResponder ca;
  ScepClientFixture appliance;

  @BeforeAll
  static void startLoops() {
    group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    caKey = TestCertificates.rsaKeyPair();
    caCert = TestCertificates.scepCa(CA_SUBJECT, caKey);
  }

  @AfterAll
  static void stopLoops() throws InterruptedException {
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
  }

  void setUp(ScepPolicy policy) throws Exception {
    appliance = new ScepClientFixture(group, policy);
    ca = new TestScepResponder(group, caKey, caCert, appliance.clock);
  }

  @AfterEach
  void closeCa() {
    if (ca != null) {
      ca.close();
    }
  }
}
