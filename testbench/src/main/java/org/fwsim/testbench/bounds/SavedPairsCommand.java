package org.fwsim.testbench.bounds;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.fwsim.firmware.cert.PemCodec;
import org.fwsim.firmware.cli.ConfigFiles;
import org.fwsim.firmware.cli.ConfigTree;
import org.fwsim.firmware.config.CertificateLocalConfig;
import org.fwsim.firmware.config.VdomConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Reads saved configurations (a fleet's {@code devices/*.conf}, a console's file) as a restart
 * would, and checks that every local certificate is paired with its own private key: the key signs,
 * the certificate's public key verifies. With {@code --valid-at}, each must also be valid then.
 * What a crash test runs after each kill.
 */
@Command(
    name = "check-pairs",
    mixinStandardHelpOptions = true,
    description =
        "Checks that every local certificate in saved configurations is paired with its own"
            + " private key (and, with --valid-at, valid then). Exit 1 when one is not paired,"
            + " 2 when all are paired but one is not valid then.")
public final class SavedPairsCommand implements Callable<Integer> {

  private static final String NOT_VALID = " not valid at ";

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "PATH", description = "Configuration files or dirs.")
  List<Path> paths;

  @Option(
      names = "--valid-at",
      paramLabel = "INSTANT",
      description =
          "Also require each certificate to be valid at this time (e.g. 2027-11-20T00:00:00Z).")
  Instant validAt;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    int certificates = 0;
    List<String> bad = new ArrayList<>();
    for (Path file : files()) {
      ConfigTree tree = new ConfigTree();
      try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        ConfigFiles.load(tree, r);
      } catch (IOException | RuntimeException e) {
        bad.add(file + ": cannot be loaded: " + e.getMessage());
        continue;
      }
      for (VdomConfig vdom : tree.view().vdoms().values()) {
        for (CertificateLocalConfig lc : vdom.localCertificates()) {
          if (lc.certificatePem().isEmpty() || lc.privateKeyPem().isEmpty()) {
            continue;
          }
          certificates++;
          String where = file.getFileName() + " " + vdom.name() + "/" + lc.name();
          String problem = problem(lc, where);
          out.println(where + ": " + (problem == null ? "paired" : problem));
          if (problem != null) {
            bad.add(where + ": " + problem);
          }
        }
      }
    }
    long invalid = bad.stream().filter(b -> b.contains(NOT_VALID)).count();
    out.printf(
        "certificates %d, paired %d, valid%s %d%n",
        certificates,
        certificates - (bad.size() - invalid),
        validAt == null ? "" : " at " + validAt,
        certificates - bad.size());
    bad.forEach(b -> out.println("NOT OK " + b));
    out.flush();
    // 1: a certificate without its own key (or unreadable); 2: all paired, some not yet valid.
    return bad.size() > invalid ? 1 : invalid > 0 ? 2 : 0;
  }

  /** Why the entry's certificate and key are not a valid pair, or null when they are. */
  private String problem(CertificateLocalConfig lc, String where) {
    try {
      X509Certificate cert = PemCodec.parseCertificates(lc.certificatePem(), where).get(0);
      char[] password = lc.password().map(s -> s.reveal().toCharArray()).orElse(new char[0]);
      PrivateKey key = PemCodec.decryptKey(lc.privateKeyPem(), password, where);
      String algorithm = key.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
      byte[] probe = where.getBytes(StandardCharsets.UTF_8);
      Signature s = Signature.getInstance(algorithm);
      s.initSign(key);
      s.update(probe);
      byte[] signature = s.sign();
      Signature v = Signature.getInstance(algorithm);
      v.initVerify(cert.getPublicKey());
      v.update(probe);
      if (!v.verify(signature)) {
        return "serial " + cert.getSerialNumber().toString(16) + " with another certificate's key";
      }
      if (validAt != null
          && (validAt.isBefore(cert.getNotBefore().toInstant())
              || validAt.isAfter(cert.getNotAfter().toInstant()))) {
        return "serial "
            + cert.getSerialNumber().toString(16)
            + NOT_VALID
            + validAt
            + " (notAfter "
            + cert.getNotAfter().toInstant()
            + ")";
      }
      return null;
    } catch (GeneralSecurityException | RuntimeException e) {
      return "unreadable: " + e;
    }
  }

  private List<Path> files() throws IOException {
    List<Path> files = new ArrayList<>();
    for (Path p : paths) {
      if (Files.isDirectory(p)) {
        try (Stream<Path> s = Files.list(p)) {
          s.filter(f -> f.toString().endsWith(".conf")).sorted().forEach(files::add);
        }
      } else {
        files.add(p);
      }
    }
    return files;
  }
}
