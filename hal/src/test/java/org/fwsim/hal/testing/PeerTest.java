package org.fwsim.hal.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class PeerTest {
  @Test
  void aMissingPeerFailsTheTestNamingHowToInstallIt() {
    AssertionFailedError e =
        assertThrows(AssertionFailedError.class, () -> Peer.PKI.require(Optional.empty(), null));
    assertTrue(e.getMessage().startsWith("pki is not installed"), e.getMessage());
    assertTrue(
        e.getMessage().contains("apt-get install strongswan-pki libstrongswan-extra-plugins"),
        e.getMessage());
    assertTrue(e.getMessage().contains("-Dfwsim.peers=skip"), e.getMessage());
  }

  @Test
  void onlyTheDocumentedOptOutSkips() {
    assertThrows(AssertionFailedError.class, () -> Peer.CURL.require(Optional.empty(), "anything"));
    TestAbortedException e =
        assertThrows(TestAbortedException.class, () -> Peer.CURL.require(Optional.empty(), "skip"));
    assertTrue(e.getMessage().contains("apt-get install curl"), e.getMessage());
  }

  @Test
  void aPresentPeerIsReturned() {
    Path at = Path.of("/usr/bin/curl");
    assertEquals(at, Peer.CURL.require(Optional.of(at), null));
  }

  @Test
  void thePathIsSearchedInOrderForAnExecutableFile(@TempDir Path dir) throws Exception {
    Path a = Files.createDirectory(dir.resolve("a"));
    Path b = Files.createDirectory(dir.resolve("b"));
    Files.createFile(a.resolve("tool")); // not executable: passed over
    Path tool = Files.createFile(b.resolve("tool"));
    assertTrue(tool.toFile().setExecutable(true));
    assertEquals(Optional.of(tool), Peer.onPath("tool", a + ":" + b));
    assertEquals(Optional.empty(), Peer.onPath("tool", a.toString()));
    assertEquals(Optional.empty(), Peer.onPath("tool", null));
  }
}
