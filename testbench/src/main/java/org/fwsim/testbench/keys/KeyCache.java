package org.fwsim.testbench.keys;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fwsim.hal.io.SafeFiles;
import org.fwsim.hal.pki.KeyType;

/**
 * Key pairs kept between storm runs, so that a second run does not wait minutes for the keys the
 * first one made. The store is a directory (normally {@code ~/.cache/fwsim/keys}, mode 0700) of
 * {@link KeyBatch} files (0600), one subdirectory per key type, bounded by a size limit: older
 * batches no run holds are removed to make room for new ones.
 *
 * <p>Two runs at once never get the same key: a run takes whole batches and writes their names into
 * its lease, a file it keeps locked while it lives; other runs skip what live leases name, and a
 * lease whose lock they can take belongs to a run that ended without cleaning up (it is then
 * removed). Every change of the store's contents happens under {@code store.lock}, and each batch
 * appears by an atomic move of a complete file, so a reader never sees half a batch.
 *
 * <p>Some CAs refuse a public key they have certified before. A run against an external CA passes
 * its identity (the SHA-256 of its CA certificate); the batches it takes are then recorded under
 * {@code used/} for that identity before any key leaves, and later runs against the same CA skip
 * them unless told to reuse them.
 *
 * <p>Files that are not batches, or batches that are truncated or altered, are skipped with a
 * warning (a damaged batch of the store's own naming is removed).
 */
public final class KeyCache implements AutoCloseable {

  /** Keys per batch file: the unit runs take and CAs are recorded against. */
  static final int BATCH_KEYS = 100;

  /** {@code b<time>-<random>-n<keys>.keys}: names sort by age and say how many keys they hold. */
  private static final Pattern BATCH_NAME =
      Pattern.compile("b[0-9a-f]{16}-[0-9a-f]{8}-n([1-9][0-9]{0,4})\\.keys");

  private static final Pattern CA_IDENTITY = Pattern.compile("[0-9a-f]{64}");
  private static final String LEASES = "leases";
  private static final String USED = "used";
  private static final Set<PosixFilePermission> OWNER_RW =
      PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> OWNER_RWX =
      PosixFilePermissions.fromString("rwx------");
  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * One lock per store directory within this JVM: a {@link FileLock} is held per process, so two
   * stores open in one process (tests, a second storm) must take turns here first.
   */
  private static final Map<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

  /** Leases of this process: their locks cannot be probed from here without releasing them. */
  private static final Set<Path> OWN_LEASES = ConcurrentHashMap.newKeySet();

  private final Path root;
  private final long limitBytes;
  private final Consumer<String> warnings;
  private final Path leaseFile;
  private final FileChannel leaseChannel;
  private final FileLock leaseLock;
  private final Set<String> leased = new LinkedHashSet<>();
  private boolean closed;

  private KeyCache(Path root, long limitBytes, Consumer<String> warnings, Runnable leaseFileMade)
      throws IOException {
    this.root = root;
    this.limitBytes = limitBytes;
    this.warnings = warnings;
    privateDirectory(root.getParent());
    privateDirectory(root);
    privateDirectory(root.resolve(LEASES));
    privateDirectory(root.resolve(USED));
    String id = ProcessHandle.current().pid() + "-" + hex(4);
    this.leaseFile = root.resolve(LEASES).resolve(id + ".lease");
    // Made and locked under the store's lock: a run listing the leases between the file's creation
    // and its lock would take it for a dead run's and delete it, and the batches this run then
    // leased would be handed to another run too.
    FileLock[] lock = new FileLock[1];
    withStoreLock(
        root,
        () -> {
          FileChannel channel =
              FileChannel.open(
                  leaseFile,
                  Set.of(
                      StandardOpenOption.CREATE_NEW,
                      StandardOpenOption.WRITE,
                      LinkOption.NOFOLLOW_LINKS),
                  ownerOnly(leaseFile, OWNER_RW));
          try {
            leaseFileMade.run();
            lock[0] = channel.lock();
          } catch (IOException | RuntimeException e) {
            channel.close();
            Files.deleteIfExists(leaseFile);
            throw e;
          }
          OWN_LEASES.add(leaseFile);
        });
    this.leaseLock = lock[0];
    this.leaseChannel = (FileChannel) leaseLock.acquiredBy();
  }

  /**
   * The store's directory: {@code $XDG_CACHE_HOME/fwsim/keys} when that variable names an absolute
   * path, else {@code <home>/.cache/fwsim/keys} (the XDG base directory rule).
   */
  public static Path defaultDirectory(Map<String, String> environment, String userHome) {
    String xdg = environment.get("XDG_CACHE_HOME");
    Path cache =
        xdg != null && !xdg.isEmpty() && Path.of(xdg).isAbsolute()
            ? Path.of(xdg)
            : Path.of(userHome, ".cache");
    return cache.resolve("fwsim").resolve("keys");
  }

  /**
   * Opens (creating it if need be) the store at {@code directory}, at most {@code limitBytes} of
   * batches, and takes a lease for this run; {@link #close()} gives the lease back.
   *
   * @param warnings where skipped files and removed batches are reported, one line each
   */
  public static KeyCache open(Path directory, long limitBytes, Consumer<String> warnings)
      throws IOException {
    return open(directory, limitBytes, warnings, () -> {});
  }

  /**
   * {@link #open(Path, long, Consumer)}, running {@code leaseFileMade} between the lease file's
   * creation and its lock: where another run listing the leases must not get in (a test's seam).
   */
  static KeyCache open(
      Path directory, long limitBytes, Consumer<String> warnings, Runnable leaseFileMade)
      throws IOException {
    if (limitBytes < 0) {
      throw new IllegalArgumentException("key store limit must be 0 or more, got " + limitBytes);
    }
    return new KeyCache(
        directory.toAbsolutePath().normalize(), limitBytes, warnings, leaseFileMade);
  }

  /**
   * The store's name for a key type, as {@code --key} spells it: {@code rsa2048}, {@code ec256}.
   */
  public static String label(KeyType type) {
    return KeyBatch.label(type);
  }

  public Path directory() {
    return root;
  }

  public long limitBytes() {
    return limitBytes;
  }

  /** What a run took from the store: the keys, and how many batches were skipped as damaged. */
  public record Taken(List<KeyPair> keys, int batches, int skipped) {
    public Taken {
      keys = List.copyOf(keys);
    }
  }

  /** How much the store holds: keys by type label, and bytes of batches in all. */
  public record Contents(Map<String, Long> keysByType, long bytes) {
    public long keys() {
      return keysByType.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  /**
   * Takes up to {@code wanted} keys of {@code type} (whole batches, so up to one batch more) that
   * no live run holds and, when {@code caIdentity} is given and {@code reuse} is false, that were
   * never taken for that CA. The batches stay this run's until {@link #close()}; with a {@code
   * caIdentity} they are recorded as that CA's before this returns.
   *
   * @param caIdentity the lower-case hex SHA-256 of the external CA's certificate, or null for a CA
   *     that has never seen any key (the embedded one, new every run)
   */
  public Taken take(KeyType type, int wanted, String caIdentity, boolean reuse) throws IOException {
    requireIdentity(caIdentity);
    List<Path> chosen = new ArrayList<>();
    withStoreLock(
        () -> {
          Set<String> busy = liveLeases();
          Set<String> usedByCa =
              caIdentity == null || reuse ? Set.of() : readLines(ledger(caIdentity));
          int keys = 0;
          for (Path batch : batches(type)) {
            if (keys >= wanted) {
              break;
            }
            String name = relative(batch);
            if (busy.contains(name) || usedByCa.contains(name)) {
              continue;
            }
            chosen.add(batch);
            keys += keysIn(batch);
          }
          List<String> names = chosen.stream().map(this::relative).toList();
          lease(names);
          if (caIdentity != null) {
            record(caIdentity, names);
          }
          for (Path batch : chosen) {
            touch(batch); // the least recently taken go first when the store is full
          }
        });
    List<KeyPair> keys = new ArrayList<>();
    int skipped = 0;
    for (Path batch : chosen) {
      List<KeyPair> read = read(type, batch);
      if (read == null) {
        skipped++;
      } else {
        keys.addAll(read);
      }
    }
    return new Taken(keys.size() > wanted ? keys.subList(0, wanted) : keys, chosen.size(), skipped);
  }

  /**
   * Keeps {@code keys} for later runs, in batches, as far as the limit allows after removing the
   * least recently taken batches no live run holds. The new batches are this run's until {@link
   * #close()}, and recorded for {@code caIdentity} when given (this run sends them there).
   *
   * @return how many of the keys were kept
   */
  public int put(KeyType type, List<KeyPair> keys, String caIdentity) throws IOException {
    requireIdentity(caIdentity);
    if (keys.isEmpty() || limitBytes == 0) {
      return 0;
    }
    List<byte[]> files = new ArrayList<>();
    for (int i = 0; i < keys.size(); i += BATCH_KEYS) {
      files.add(KeyBatch.encode(type, keys.subList(i, Math.min(keys.size(), i + BATCH_KEYS))));
    }
    Path dir = root.resolve(KeyBatch.label(type));
    privateDirectory(dir);
    int[] kept = new int[1];
    withStoreLock(
        () -> {
          long needed = files.stream().mapToLong(f -> f.length).sum();
          long room = makeRoom(Math.min(needed, limitBytes));
          List<String> names = new ArrayList<>();
          for (int i = 0; i < files.size() && files.get(i).length <= room; i++) {
            byte[] file = files.get(i);
            int n = Math.min(BATCH_KEYS, keys.size() - i * BATCH_KEYS);
            Path target = dir.resolve(newBatchName(n));
            SafeFiles.write(target, file, SafeFiles.Access.PRIVATE); // whole, or not at all
            names.add(relative(target));
            room -= file.length;
            kept[0] += n;
          }
          lease(names);
          if (caIdentity != null) {
            record(caIdentity, names);
          }
        });
    return kept[0];
  }

  /** What the store holds now, by key type, counted from the batch files' names and sizes. */
  public Contents contents() throws IOException {
    Map<String, Long> byType = new TreeMap<>();
    long bytes = 0;
    for (Path batch : allBatches()) {
      String type = batch.getParent().getFileName().toString();
      byType.merge(type, (long) keysIn(batch), Long::sum);
      bytes += sizeOf(batch);
    }
    return new Contents(byType, bytes);
  }

  /** Gives this run's batches back to the store (other runs may take them from now on). */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      withStoreLock(() -> Files.deleteIfExists(leaseFile));
    } finally {
      OWN_LEASES.remove(leaseFile);
      leaseLock.release();
      leaseChannel.close();
    }
  }

  // ---- under the store lock ----

  /** Work on the store's files, run while this process holds {@code store.lock}. */
  private interface StoreWork {
    void run() throws IOException;
  }

  private void withStoreLock(StoreWork work) throws IOException {
    withStoreLock(root, work);
  }

  private static void withStoreLock(Path root, StoreWork work) throws IOException {
    ReentrantLock local = IN_PROCESS.computeIfAbsent(root, r -> new ReentrantLock());
    local.lock();
    try (FileChannel channel =
            FileChannel.open(
                root.resolve("store.lock"),
                Set.of(
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
                ownerOnly(root.resolve("store.lock"), OWNER_RW));
        FileLock lock = channel.lock()) {
      work.run();
    } finally {
      local.unlock();
    }
  }

  /** The batch names every live run holds; leases of runs that are gone are removed. */
  private Set<String> liveLeases() throws IOException {
    Set<String> busy = new HashSet<>(leased);
    for (Path lease : list(root.resolve(LEASES))) {
      if (lease.equals(leaseFile) || !lease.getFileName().toString().endsWith(".lease")) {
        continue;
      }
      if (OWN_LEASES.contains(lease) || held(lease)) {
        busy.addAll(readLines(lease));
      } else {
        Files.deleteIfExists(lease); // its run ended without closing the store
      }
    }
    return busy;
  }

  /** Whether another process holds the lock of this lease. */
  private static boolean held(Path lease) throws IOException {
    try (FileChannel channel = FileChannel.open(lease, StandardOpenOption.WRITE)) {
      FileLock probe = channel.tryLock();
      if (probe == null) {
        return true;
      }
      probe.release();
      return false;
    } catch (OverlappingFileLockException e) {
      return true;
    } catch (NoSuchFileException e) {
      return false;
    }
  }

  private void lease(List<String> names) throws IOException {
    if (names.isEmpty()) {
      return;
    }
    leased.addAll(names);
    byte[] text = (String.join("\n", leased) + "\n").getBytes(StandardCharsets.UTF_8);
    leaseChannel.truncate(0);
    ByteBuffer buffer = ByteBuffer.wrap(text);
    long at = 0;
    while (buffer.hasRemaining()) {
      at += leaseChannel.write(buffer, at);
    }
    leaseChannel.force(false);
  }

  /** Adds batch names to the CA's record ({@link SafeFiles}: the whole file or the old one). */
  private void record(String caIdentity, List<String> names) throws IOException {
    if (names.isEmpty()) {
      return;
    }
    Path ledger = ledger(caIdentity);
    Set<String> all = new LinkedHashSet<>(readLines(ledger));
    all.addAll(names);
    all.removeIf(name -> !Files.exists(root.resolve(name))); // batches removed since
    SafeFiles.write(ledger, String.join("\n", all) + "\n", SafeFiles.Access.PRIVATE);
  }

  /**
   * Removes the least recently taken batches that no live run holds until {@code wanted} more bytes
   * fit under the limit; returns the bytes that fit now.
   */
  private long makeRoom(long wanted) throws IOException {
    List<Path> all = allBatches();
    long used = 0;
    for (Path batch : all) {
      used += sizeOf(batch);
    }
    if (used + wanted > limitBytes) {
      Set<String> busy = liveLeases();
      all.sort(Comparator.comparing(KeyCache::modified));
      for (Path batch : all) {
        if (used + wanted <= limitBytes) {
          break;
        }
        if (!busy.contains(relative(batch))) {
          used -= sizeOf(batch);
          Files.deleteIfExists(batch);
        }
      }
    }
    return Math.max(0, limitBytes - used);
  }

  // ---- reading ----

  /** The keys of one batch, or null (with a warning) when it cannot be read. */
  private List<KeyPair> read(KeyType type, Path batch) {
    try {
      return KeyBatch.decode(type, Files.readAllBytes(batch));
    } catch (KeyBatch.BadBatchException e) {
      warnings.accept(
          "key store: skipped " + batch + ": " + e.getMessage() + "; the file is removed");
      try {
        Files.deleteIfExists(batch);
      } catch (IOException ignored) {
        // a file we cannot remove is skipped again next time, with the same warning
      }
    } catch (IOException e) {
      warnings.accept("key store: skipped " + batch + ": " + e);
    }
    return null;
  }

  /** The batch files of a type, oldest name first; foreign files are reported and left alone. */
  private List<Path> batches(KeyType type) throws IOException {
    Path dir = root.resolve(KeyBatch.label(type));
    List<Path> found = new ArrayList<>();
    for (Path p : list(dir)) {
      String name = p.getFileName().toString();
      if (BATCH_NAME.matcher(name).matches() && Files.isRegularFile(p)) {
        found.add(p);
      } else if (!name.startsWith(".")) {
        warnings.accept("key store: skipped " + p + ": not a key batch of this store");
      }
    }
    found.sort(Comparator.comparing(Path::toString));
    return found;
  }

  private List<Path> allBatches() throws IOException {
    List<Path> all = new ArrayList<>();
    for (Path dir : list(root)) {
      if (Files.isDirectory(dir)
          && !dir.getFileName().toString().equals(LEASES)
          && !dir.getFileName().toString().equals(USED)) {
        for (Path p : list(dir)) {
          if (BATCH_NAME.matcher(p.getFileName().toString()).matches()) {
            all.add(p);
          }
        }
      }
    }
    return all;
  }

  private static List<Path> list(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<Path> all = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      entries.forEach(all::add);
    }
    return all;
  }

  private static Set<String> readLines(Path file) throws IOException {
    try {
      Set<String> lines = new LinkedHashSet<>();
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        if (!line.isBlank()) {
          lines.add(line.strip());
        }
      }
      return lines;
    } catch (NoSuchFileException e) {
      return Set.of();
    }
  }

  // ---- names and files ----

  private Path ledger(String caIdentity) {
    return root.resolve(USED).resolve(caIdentity + ".txt");
  }

  private String relative(Path batch) {
    return root.relativize(batch).toString();
  }

  private static String newBatchName(int keys) {
    return String.format(
        Locale.ROOT, "b%016x-%s-n%d.keys", System.currentTimeMillis(), hex(4), keys);
  }

  /** The keys a batch holds by its name (the file itself is checked when it is read). */
  private static int keysIn(Path batch) {
    Matcher m = BATCH_NAME.matcher(batch.getFileName().toString());
    return m.matches() ? Integer.parseInt(m.group(1)) : 0;
  }

  private static String hex(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  private static void requireIdentity(String caIdentity) {
    if (caIdentity != null && !CA_IDENTITY.matcher(caIdentity).matches()) {
      throw new IllegalArgumentException(
          "a CA identity is the hex SHA-256 of its certificate, not '" + caIdentity + "'");
    }
  }

  private static long sizeOf(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return 0; // removed meanwhile
    }
  }

  private static FileTime modified(Path file) {
    try {
      return Files.getLastModifiedTime(file);
    } catch (IOException e) {
      return FileTime.fromMillis(0);
    }
  }

  private static void touch(Path file) throws IOException {
    Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis()));
  }

  /** Creates {@code dir} (mode 0700) if missing; an existing one of ours is set to 0700. */
  private static void privateDirectory(Path dir) throws IOException {
    try {
      Files.createDirectories(dir.getParent());
      Files.createDirectory(dir, ownerOnly(dir, OWNER_RWX));
    } catch (FileAlreadyExistsException e) {
      if (!Files.isDirectory(dir)) {
        throw e;
      }
      if (isPosix(dir)) {
        Files.setPosixFilePermissions(dir, OWNER_RWX);
      }
    }
  }

  private static FileAttribute<?>[] ownerOnly(Path path, Set<PosixFilePermission> mode) {
    return isPosix(path.getParent())
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(mode)}
        : new FileAttribute<?>[0];
  }

  private static boolean isPosix(Path path) {
    return path != null && path.getFileSystem().supportedFileAttributeViews().contains("posix");
  }
}
