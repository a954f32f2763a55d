package org.resnetspark.data;

import java.io.IOException;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * The local file system under the scheme {@code flaky:}, failing like a busy remote store: opening
 * a file whose name contains {@code flaky} fails with an IOException the first time, and one whose
 * name contains {@code broken} always. Registered with {@code fs.flaky.impl}.
 */
public class FlakyFileSystem extends RawLocalFileSystem {
  static final String SCHEME = "flaky";

  /** The files that have failed once (their paths). */
  static final Set<String> FAILED_ONCE = ConcurrentHashMap.newKeySet();

  @Override
  public URI getUri() {
    return URI.create(SCHEME + ":///");
  }

  @Override
  public String getScheme() {
    return SCHEME;
  }

  // The local statuses read permissions through java.io.File, which wants a file: URI.
  @Override
  public FileStatus[] listStatus(Path f) throws IOException {
    FileStatus[] statuses = super.listStatus(f);
    for (int i = 0; i < statuses.length; i++) {
      statuses[i] = plain(statuses[i]);
    }
    return statuses;
  }

  @Override
  public FileStatus getFileStatus(Path f) throws IOException {
    return plain(super.getFileStatus(f));
  }

  private static FileStatus plain(FileStatus s) {
    return new FileStatus(
        s.getLen(),
        s.isDirectory(),
        1,
        s.getBlockSize(),
        s.getModificationTime(),
        0,
        FsPermission.getDefault(),
        "owner",
        "group",
        s.getPath());
  }

  @Override
  public FSDataInputStream open(Path f, int bufferSize) throws IOException {
    String name = f.getName();
    if (name.contains("broken")) {
      throw new IOException("Connection reset while reading " + f);
    }
    if (name.contains("flaky") && FAILED_ONCE.add(f.toUri().getPath())) {
      throw new IOException("Connection reset while reading " + f + " (first attempt)");
    }
    return super.open(f, bufferSize);
  }
}
