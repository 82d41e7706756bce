package org.fwsim.hal.io;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Every file fwsim writes goes through here, so that none of them can be redirected or read by
 * someone else on the machine: a new file is written to a temporary sibling created exclusively
 * under an unpredictable name (a symlink or file planted in the directory is never opened), forced
 * to disk and renamed over the target, which replaces the directory entry (a symlink there is
 * replaced, not followed); a crash leaves the old file or the new one, never part of one.
 *
 * <p>Where the file system has POSIX permissions, {@link Access#PRIVATE} files are created {@code
 * 0600} and private directories {@code 0700}: configurations and CA depots hold private keys.
 */
public final class SafeFiles {

  /** Who may read a file fwsim writes. */
  public enum Access {
    /** The owner alone ({@code 0600}): configurations, backups, keys, depots, fleet saves. */
    PRIVATE("rw-------"),
    /** Anyone ({@code 0644}): reports meant to be shared. */
    SHARED("rw-r--r--");

    private final Set<PosixFilePermission> permissions;

    Access(String permissions) {
      this.permissions = PosixFilePermissions.fromString(permissions);
    }
  }

  private static final Set<PosixFilePermission> PRIVATE_DIRECTORY =
      PosixFilePermissions.fromString("rwx------");

  private SafeFiles() {}

  /** Replaces {@code file} with {@code text} in UTF-8 (see the class comment). */
  public static void write(Path file, String text, Access access) throws IOException {
    write(file, text.getBytes(StandardCharsets.UTF_8), access);
  }

  /** Replaces {@code file} with {@code bytes} (see the class comment). */
  public static void write(Path file, byte[] bytes, Access access) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Path tmp = createTemp(dir, file.getFileName().toString(), access);
    boolean moved = false;
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
      moved = true;
    } finally {
      if (!moved) {
        Files.deleteIfExists(tmp);
      }
    }
    syncDirectory(dir);
  }

  /**
   * Appends {@code text} in UTF-8 to {@code file} (an index), creating it with {@code access} when
   * missing; a symlink at {@code file} is refused rather than followed.
   */
  public static void append(Path file, String text, Access access) throws IOException {
    try (Writer w = appender(file, access)) {
      w.write(text);
    }
  }

  /**
   * A buffered UTF-8 writer appending to {@code file} (a log kept open), created with {@code
   * access} when missing; a symlink at {@code file} is refused rather than followed.
   */
  public static Writer appender(Path file, Access access) throws IOException {
    Set<OpenOption> options =
        Set.of(
            StandardOpenOption.CREATE,
            StandardOpenOption.APPEND,
            StandardOpenOption.WRITE,
            LinkOption.NOFOLLOW_LINKS);
    FileChannel ch = FileChannel.open(file, options, attributes(file, access.permissions));
    return new BufferedWriter(
        new OutputStreamWriter(Channels.newOutputStream(ch), StandardCharsets.UTF_8));
  }

  /**
   * Creates {@code dir} and its missing parents; the directories it creates are {@code 0700} where
   * permissions exist (existing ones are left as they are: they may be shared on purpose).
   */
  public static Path createPrivateDirectories(Path dir) throws IOException {
    Path abs = dir.toAbsolutePath();
    if (Files.isDirectory(abs)) {
      return dir;
    }
    Path parent = abs.getParent();
    if (parent != null) {
      createPrivateDirectories(parent);
    }
    try {
      Files.createDirectory(abs, attributes(parent == null ? abs : parent, PRIVATE_DIRECTORY));
    } catch (FileAlreadyExistsException e) {
      if (!Files.isDirectory(abs)) {
        throw e;
      }
    }
    return dir;
  }

  /** Whether {@code path}'s file system knows POSIX permissions (not so on Windows). */
  public static boolean posix(Path path) {
    return path.toAbsolutePath().getFileSystem().supportedFileAttributeViews().contains("posix");
  }

  private static Path createTemp(Path dir, String name, Access access) throws IOException {
    // Files.createTempFile opens with CREATE_NEW (O_EXCL: an existing file or link at the name
    // fails rather than being followed) under a name drawn from a SecureRandom.
    return Files.createTempFile(dir, "." + name + ".", ".tmp", attributes(dir, access.permissions));
  }

  private static FileAttribute<?>[] attributes(Path near, Set<PosixFilePermission> permissions) {
    return posix(near)
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions)}
        : new FileAttribute<?>[0];
  }

  private static void syncDirectory(Path dir) {
    // The rename itself is durable only once the directory entry is on disk.
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException e) {
      // Some platforms cannot open a directory for sync; the file content is already durable.
    }
  }
}
