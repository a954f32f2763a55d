package org.resnetspark.data;

import java.io.IOException;

/**
 * Reads a source file, trying again with a doubling pause when the file system fails with an I/O
 * error: a flaky DataNode or object store must not turn a good image into a rejected one. A file
 * that still cannot be read fails the task (Spark retries it, then the job fails naming the file);
 * only bytes that do not decode make a rejection.
 */
final class RetryingRead {
  static final int ATTEMPTS = 4;
  static final long FIRST_PAUSE_MS = 200;

  /** One read of the whole file. */
  interface Read {
    byte[] run() throws IOException;
  }

  private RetryingRead() {}

  static byte[] read(String path, Read read) throws IOException {
    long pause = FIRST_PAUSE_MS;
    for (int attempt = 1; ; attempt++) {
      try {
        return read.run();
      } catch (IOException e) {
        if (attempt == ATTEMPTS) {
          throw new IOException(
              "Cannot read " + path + " (" + ATTEMPTS + " attempts): " + e.getMessage(), e);
        }
      }
      try {
        Thread.sleep(pause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("Interrupted while retrying to read " + path, e);
      }
      pause *= 2;
    }
  }
}
