package org.resnetspark.data;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;

/**
 * A Parquet output on any Hadoop file system that takes the SHA-256 and the length of the bytes as
 * they are written, so a shard is written once and never read back for its checksum.
 */
final class DigestingOutputFile implements OutputFile {
  private final FileSystem fs;
  private final Path path;
  private final MessageDigest digest;
  private long length;

  DigestingOutputFile(FileSystem fs, Path path) {
    this.fs = fs;
    this.path = path;
    try {
      this.digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public PositionOutputStream create(long blockSizeHint) throws IOException {
    return open(false);
  }

  @Override
  public PositionOutputStream createOrOverwrite(long blockSizeHint) throws IOException {
    // A retried task rewrites its shard from the start.
    return open(true);
  }

  private PositionOutputStream open(boolean overwrite) throws IOException {
    FSDataOutputStream out = fs.create(path, overwrite);
    digest.reset();
    length = 0;
    return new PositionOutputStream() {
      @Override
      public long getPos() {
        return length;
      }

      @Override
      public void write(int b) throws IOException {
        out.write(b);
        digest.update((byte) b);
        length++;
      }

      @Override
      public void write(byte[] bytes, int offset, int count) throws IOException {
        out.write(bytes, offset, count);
        digest.update(bytes, offset, count);
        length += count;
      }

      @Override
      public void flush() throws IOException {
        out.flush();
      }

      @Override
      public void close() throws IOException {
        out.close();
      }
    };
  }

  @Override
  public boolean supportsBlockSize() {
    return false;
  }

  @Override
  public long defaultBlockSize() {
    return 0;
  }

  @Override
  public String getPath() {
    return path.toString();
  }

  /** The hex SHA-256 of the bytes written, once the writer is closed. */
  String sha256() {
    return HexFormat.of().formatHex(digest.digest());
  }

  long length() {
    return length;
  }
}
