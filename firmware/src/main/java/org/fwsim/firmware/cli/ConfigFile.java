package org.fwsim.firmware.cli;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fwsim.hal.io.SafeFiles;

/**
 * A configuration file an appliance boots from and saves back to, loaded so that a damaged file
 * never costs what it held. A file that is not text (not UTF-8, or with a NUL byte) or holds no
 * configuration is refused whole, naming the file and the line. A file with refused lines (a
 * removed quote, a truncation) boots with them reported, and then: its original is kept beside it
 * ({@code FILE.bak}, or {@code FILE.bak.N} if that exists) before the first save, and it is never
 * saved over while a PEM block it held (a private key, a certificate) is missing from what would be
 * written: the loader could not read it, so a save would destroy the only copy.
 *
 * <p>Used on the appliance's mailbox once booted (saves run after each commit).
 */
public final class ConfigFile {

  /** A PEM block as it appears in a saved value, possibly cut short by the end of the file. */
  private static final Pattern PEM_BEGIN = Pattern.compile("-----BEGIN ([A-Z0-9 ]{1,40})-----");

  private final Path path;
  private final ConfigTree tree;
  private final List<String> refused;
  private final byte[] original;
  private final Map<String, String> lost;
  private boolean backedUp;

  private ConfigFile(
      Path path, ConfigTree tree, List<String> refused, byte[] original, Map<String, String> lost) {
    this.path = path;
    this.tree = tree;
    this.refused = List.copyOf(refused);
    this.original = original;
    this.lost = lost;
  }

  /** A file to save to that was not loaded (created from a default): nothing to guard. */
  public static ConfigFile of(Path path) {
    return new ConfigFile(Objects.requireNonNull(path, "path"), null, List.of(), null, Map.of());
  }

  /**
   * Reads and loads {@code path} into a new tree.
   *
   * @throws IOException when it cannot be read, is not text or holds no configuration; the message
   *     names the file (and the line)
   */
  public static ConfigFile load(Path path) throws IOException {
    return load(path, Files.readAllBytes(path));
  }

  /** Loads {@code bytes} as read from {@code path}, which only names the file (the fuzz tests). */
  static ConfigFile load(Path path, byte[] bytes) throws IOException {
    String text = text(path, bytes);
    ConfigTree tree = new ConfigTree();
    List<String> refused = List.of();
    try {
      ConfigFiles.load(tree, new StringReader(text));
    } catch (ConfigFiles.ConfigLoadException e) {
      refused = e.errors();
    }
    if (refused.isEmpty()) {
      // Every line was taken: the tree holds all the file did, and the file needs no guard.
      return new ConfigFile(path, tree, refused, null, Map.of());
    }
    Map<String, String> lost = pemBlocks(text);
    pemBlocks(ConfigFiles.fullConfiguration(tree)).keySet().forEach(lost::remove);
    return new ConfigFile(path, tree, refused, bytes, lost);
  }

  /**
   * The text of a configuration file, refused whole when it is not UTF-8 text or holds nothing.
   *
   * @throws IOException naming the file, the line and what is wrong
   */
  public static String read(Path path) throws IOException {
    return text(path, Files.readAllBytes(path));
  }

  public Path path() {
    return path;
  }

  /** The loaded configuration (null for {@link #of}). */
  public ConfigTree tree() {
    return tree;
  }

  /** The refused lines, {@code line N: text: error}, in file order. */
  public List<String> refused() {
    return refused;
  }

  /** What the user must know beyond the refused lines: the backup, keys that were not loaded. */
  public List<String> warnings() {
    if (refused.isEmpty()) {
      return List.of();
    }
    List<String> w = new ArrayList<>();
    w.add("the original is kept as " + backupName() + " before the first save");
    if (!lost.isEmpty()) {
      w.add(
          describe(lost.values())
              + " in "
              + path
              + " could not be loaded: it will not be saved over while they are missing;"
              + " fix the file and start again, or save elsewhere with"
              + " 'execute backup config file <path>'");
    }
    return w;
  }

  /**
   * Saves {@code tree} to this file (private, crash-safe, never through a planted link): after a
   * damaged load, first keeps the original beside it, and refuses to write when a PEM block the
   * file held would be lost.
   */
  public void save(ConfigTree tree) throws IOException {
    String text = ConfigFiles.fullConfiguration(tree);
    if (original != null && !backedUp) {
      SafeFiles.write(backupName(), original, SafeFiles.Access.PRIVATE);
      backedUp = true;
    }
    if (!lost.isEmpty()) {
      Map<String, String> missing = new LinkedHashMap<>(lost);
      pemBlocks(text).keySet().forEach(missing::remove);
      if (!missing.isEmpty()) {
        throw new IOException(
            "not saved: it would lose "
                + describe(missing.values())
                + " that the file held but that could not be loaded (see the refused lines at"
                + " start); the original is in "
                + backupName());
      }
    }
    SafeFiles.write(path, text, SafeFiles.Access.PRIVATE);
  }

  /** {@code FILE.bak}, or the first {@code FILE.bak.N} free: an earlier backup is never lost. */
  private Path backupName() {
    Path bak = path.resolveSibling(path.getFileName() + ".bak");
    for (int n = 1; Files.exists(bak) && !backedUp; n++) {
      bak = path.resolveSibling(path.getFileName() + ".bak." + n);
    }
    return bak;
  }

  private static String text(Path path, byte[] bytes) throws IOException {
    if (bytes.length == 0) {
      throw new IOException(
          path
              + " is empty (0 bytes): refusing to boot from it, as a save would replace it with a"
              + " factory default; delete it to start from the factory default");
    }
    CharsetDecoder utf8 =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length);
    CoderResult r = utf8.decode(in, out, true);
    if (r.isError()) {
      int at = in.position();
      throw notText(
          path, bytes, at, String.format("byte 0x%02X is not UTF-8 text", bytes[at] & 0xff));
    }
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == 0) {
        throw notText(path, bytes, i, "a NUL byte is not text");
      }
    }
    String text = out.flip().toString();
    if (text.isBlank()) {
      throw new IOException(
          path
              + " holds no configuration (blank lines only): refusing to boot from it; delete it"
              + " to start from the factory default");
    }
    return text;
  }

  private static IOException notText(Path path, byte[] bytes, int at, String what) {
    int line = 1;
    for (int i = 0; i < at; i++) {
      if (bytes[i] == '\n') {
        line++;
      }
    }
    return new IOException(
        path + " line " + line + ": " + what + ": is this a configuration file?");
  }

  /**
   * The PEM blocks of a configuration text, by their base64 body (whitespace and quoting removed),
   * each with its kind; a block the text ends inside counts with what it has.
   */
  static Map<String, String> pemBlocks(String text) {
    Map<String, String> blocks = new LinkedHashMap<>();
    Matcher m = PEM_BEGIN.matcher(text);
    int from = 0;
    while (from < text.length() && m.find(from)) {
      String label = m.group(1);
      int end = text.indexOf("-----END " + label + "-----", m.end());
      int stop = end < 0 ? text.length() : end;
      String body = text.substring(m.end(), stop).replaceAll("[\\s\"'\\\\]", "");
      blocks.put(label + ":" + body, label);
      from = end < 0 ? text.length() : end + label.length() + 14;
    }
    return blocks;
  }

  private static String describe(java.util.Collection<String> labels) {
    int keys = 0;
    int certificates = 0;
    int other = 0;
    for (String l : labels) {
      if (l.contains("PRIVATE KEY")) {
        keys++;
      } else if (l.contains("CERTIFICATE") && !l.contains("REQUEST")) {
        certificates++;
      } else {
        other++;
      }
    }
    List<String> parts = new ArrayList<>();
    if (keys > 0) {
      parts.add(keys + (keys == 1 ? " private key" : " private keys"));
    }
    if (certificates > 0) {
      parts.add(certificates + (certificates == 1 ? " certificate" : " certificates"));
    }
    if (other > 0) {
      parts.add(other + " other PEM block" + (other == 1 ? "" : "s"));
    }
    return String.join(" and ", parts);
  }
}
