package org.resnetspark.files;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * Writes files on any Hadoop file system so that a reader finds either the old file or the whole
 * new one, never a missing or half-written file: the content goes to a temporary file beside the
 * target, which one rename then puts over the old one.
 */
public final class AtomicFile {
  /** What goes into the file. */
  public interface Body {
    void writeTo(OutputStream out) throws IOException;
  }

  private AtomicFile() {}

  /** Writes {@code text} (UTF-8) to {@code file}, replacing what was there. */
  public static void replaceText(Configuration conf, Path file, String text) throws IOException {
    replace(
        file.getFileSystem(conf), file, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
  }

  /** Writes {@code body} to {@code file}, replacing what was there. */
  public static void replace(FileSystem fs, Path file, Body body) throws IOException {
    if (fs instanceof LocalFileSystem local) {
      replaceLocal(local.pathToFile(file).toPath(), body);
    } else if (fs instanceof RawLocalFileSystem raw) {
      replaceLocal(raw.pathToFile(file).toPath(), body);
    } else {
      replaceByRename(fs, file, body);
    }
  }

  /**
   * On a local disk Hadoop's rename with overwrite deletes the target first, which leaves a moment
   * without the file; a move of the operating system replaces it in one step. Written without
   * Hadoop's {@code .crc} side file, whose separate rename could pair old sums with new data; a
   * stale one is removed before the move, so a reader checks old data against old sums or none.
   */
  private static void replaceLocal(java.nio.file.Path target, Body body) throws IOException {
    java.nio.file.Path parent = target.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    String name = target.getFileName().toString();
    java.nio.file.Path tmp = parent.resolve("." + name + ".tmp-" + UUID.randomUUID());
    try {
      try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW)) {
        body.writeTo(out);
      }
      Files.deleteIfExists(parent.resolve("." + name + ".crc"));
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException | RuntimeException e) {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException again) {
        e.addSuppressed(again);
      }
      throw e;
    }
  }

  private static void replaceByRename(FileSystem fs, Path file, Body body) throws IOException {
    Path tmp = new Path(file.getParent(), "." + file.getName() + ".tmp-" + UUID.randomUUID());
    try {
      createNew(fs, tmp, body);
      // One rename that replaces the old file (atomic on HDFS; FileSystem.rename refuses to
      // overwrite, and deleting first would leave a moment without the file).
      FileContext.getFileContext(fs.getUri(), fs.getConf())
          .rename(fs.makeQualified(tmp), fs.makeQualified(file), Options.Rename.OVERWRITE);
    } catch (IOException | RuntimeException e) {
      try {
        fs.delete(tmp, false);
      } catch (IOException | RuntimeException again) {
        e.addSuppressed(again);
      }
      throw e;
    }
  }

  /**
   * Creates {@code file} (it must not exist) and writes {@code body}; returns the bytes written.
   * Not with try-with-resources: a failed HDFS stream (quota exceeded, disk full) throws the very
   * same exception again from {@code close()}, which try-with-resources then tries to add to itself
   * and replaces with "Self-suppression not permitted", hiding the cause.
   */
  public static long createNew(FileSystem fs, Path file, Body body) throws IOException {
    FSDataOutputStream out = fs.create(file, false);
    long bytes;
    try {
      body.writeTo(out);
      out.flush();
      bytes = out.getPos();
    } catch (IOException | RuntimeException e) {
      try {
        out.close();
      } catch (IOException | RuntimeException again) {
        if (again != e) {
          e.addSuppressed(again);
        }
      }
      throw e;
    }
    out.close();
    return bytes;
  }
}
