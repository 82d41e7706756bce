package org.fwsim.firmware.est;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.bouncycastle.crypto.agreement.srp.SRP6StandardGroups;
import org.bouncycastle.crypto.agreement.srp.SRP6VerifierGenerator;
import org.bouncycastle.crypto.digests.SHA1Digest;
import org.bouncycastle.tls.SRPTlsServer;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsFatalAlertReceived;
import org.bouncycastle.tls.TlsSRPLoginParameters;
import org.bouncycastle.tls.crypto.TlsSRPConfig;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCryptoProvider;
import org.junit.jupiter.api.Test;

/**
 * The Netty edge of BouncyCastle's TLS on bytes: a TLS-SRP client and server in two {@link
 * EmbeddedChannel}s, their records carried by the test, with no socket and no thread.
 */
class BcTlsHandlerTest {

  private static final byte[] SALT = new byte[16];
  private static final BigInteger VERIFIER = verifier("s3cret");

  @Test
  void anSrpHandshakeCarriesDataWrittenBeforeItEnds() {
    BcTlsHandler clientTls =
        BcTlsHandler.client(new EstSrpClient("est", "s3cret", "10.0.0.1", null));
    BcTlsHandler serverTls = BcTlsHandler.server(server());
    EmbeddedChannel client = new EmbeddedChannel(clientTls);
    EmbeddedChannel server = new EmbeddedChannel(serverTls);
    client.writeOutbound(Unpooled.copiedBuffer("GET /", StandardCharsets.US_ASCII));
    shuttle(client, server);

    assertTrue(clientTls.established() && serverTls.established());
    assertEquals("GET /", text(server.readInbound()));
    server.writeOutbound(Unpooled.copiedBuffer("200", StandardCharsets.US_ASCII));
    shuttle(client, server);
    assertEquals("200", text(client.readInbound()));
    client.finishAndReleaseAll();
    server.finishAndReleaseAll();
  }

  @Test
  void aWrongPasswordEndsInTheServersAlertAndNothingIsDelivered() {
    BcTlsHandler clientTls =
        BcTlsHandler.client(new EstSrpClient("est", "wrong", "10.0.0.1", null));
    EmbeddedChannel client = new EmbeddedChannel(clientTls);
    EmbeddedChannel server = new EmbeddedChannel(BcTlsHandler.server(server()));
    client.writeOutbound(Unpooled.copiedBuffer("GET /", StandardCharsets.US_ASCII));

    // The server cannot read the client's Finished: it raises an alert, which the client receives.
    assertThrows(TlsFatalAlert.class, () -> shuttle(client, server));
    assertThrows(TlsFatalAlertReceived.class, () -> shuttle(client, server));
    assertFalse(clientTls.established());
    assertNull(server.readInbound());
    client.finishAndReleaseAll();
    server.finishAndReleaseAll();
  }

  /** Carries records both ways until neither side has anything to send. */
  private static void shuttle(EmbeddedChannel client, EmbeddedChannel server) {
    boolean moved = true;
    while (moved) {
      moved = move(client, server) | move(server, client);
    }
    client.checkException();
    server.checkException();
  }

  private static boolean move(EmbeddedChannel from, EmbeddedChannel to) {
    boolean any = false;
    ByteBuf b;
    while ((b = from.readOutbound()) != null) {
      any = true;
      to.writeInbound(b);
    }
    return any;
  }

  private static String text(ByteBuf b) {
    try {
      return b.toString(StandardCharsets.US_ASCII);
    } finally {
      b.release();
    }
  }

  private static SRPTlsServer server() {
    return new SRPTlsServer(
        new JcaTlsCryptoProvider().create(new SecureRandom()),
        identity -> {
          TlsSRPConfig config = new TlsSRPConfig();
          config.setExplicitNG(
              new BigInteger[] {
                SRP6StandardGroups.rfc5054_2048.getN(), SRP6StandardGroups.rfc5054_2048.getG()
              });
          return new TlsSRPLoginParameters(identity, config, VERIFIER, SALT);
        });
  }

  private static BigInteger verifier(String password) {
    SRP6VerifierGenerator g = new SRP6VerifierGenerator();
    g.init(SRP6StandardGroups.rfc5054_2048, new SHA1Digest());
    return g.generateVerifier(
        SALT, "est".getBytes(StandardCharsets.UTF_8), password.getBytes(StandardCharsets.UTF_8));
  }
}
