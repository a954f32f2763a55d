package org.resnetspark.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileTest {
  private static final byte[] SMALL = filled(100_000, (byte) 'a');
  private static final byte[] LARGE = filled(300_000, (byte) 'b');

  @TempDir Path dir;

  @Test
  void aReaderOnLocalDiskSeesTheOldOrTheNewFileNeverMissingOrHalf() throws Exception {
    FileSystem fs = FileSystem.getLocal(new Configuration());
    org.apache.hadoop.fs.Path file =
        new org.apache.hadoop.fs.Path(dir.toUri().toString(), "x.json");
    assertReadersSeeWholeFiles(fs, file);
  }

  @Test
  void aReaderOnHdfsSeesTheOldOrTheNewFileNeverMissingOrHalf() throws Exception {
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, dir.resolve("hdfs").toString());
    MiniDFSCluster cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
    try {
      cluster.waitActive();
      assertReadersSeeWholeFiles(
          cluster.getFileSystem(), new org.apache.hadoop.fs.Path("/pipeline/generation.json"));
    } finally {
      cluster.shutdown();
    }
  }

  @Test
  void replaceLeavesNoTemporaryFileBehind() throws Exception {
    FileSystem fs = FileSystem.getLocal(new Configuration());
    org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(dir.toUri().toString(), "y.txt");
    AtomicFile.replaceText(fs.getConf(), file, "one");
    AtomicFile.replaceText(fs.getConf(), file, "two");
    assertThat(read(fs, file)).isEqualTo("two".getBytes());
    assertThat(Arrays.stream(fs.listStatus(file.getParent())).map(s -> s.getPath().getName()))
        .filteredOn(name -> !name.endsWith(".crc"))
        .containsExactly("y.txt");
  }

  /** One thread replaces the file over and over while another reads it as fast as it can. */
  private static void assertReadersSeeWholeFiles(FileSystem fs, org.apache.hadoop.fs.Path file)
      throws Exception {
    AtomicFile.replace(fs, file, out -> out.write(SMALL));
    AtomicBoolean writing = new AtomicBoolean(true);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<Integer> reader =
          pool.submit(
              () -> {
                int reads = 0;
                while (writing.get() || reads < 10) {
                  byte[] seen = read(fs, file);
                  assertThat(Arrays.equals(seen, SMALL) || Arrays.equals(seen, LARGE))
                      .as("read %d: %d bytes, a whole old or new file", reads, seen.length)
                      .isTrue();
                  reads++;
                }
                return reads;
              });
      Future<?> writer =
          pool.submit(
              () -> {
                try {
                  for (int i = 0; i < 60; i++) {
                    byte[] next = i % 2 == 0 ? LARGE : SMALL;
                    AtomicFile.replace(fs, file, out -> out.write(next));
                  }
                } finally {
                  writing.set(false);
                }
                return null;
              });
      writer.get();
      assertThat(reader.get()).isGreaterThanOrEqualTo(10);
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * The file's bytes. On HDFS a stream opened before a replacement finds the old blocks gone when
   * it reads them ("Blocklist for ... has changed!"): the reader opens the file again, and must
   * then see a whole file. That is a failed read, not a missing or half file.
   */
  private static byte[] read(FileSystem fs, org.apache.hadoop.fs.Path file) throws IOException {
    for (int attempt = 1; ; attempt++) {
      try (InputStream in = fs.open(file)) {
        return in.readAllBytes();
      } catch (IOException e) {
        if (attempt == 5 || !String.valueOf(e.getMessage()).contains("has changed")) {
          throw e;
        }
      }
    }
  }

  private static byte[] filled(int size, byte value) {
    byte[] bytes = new byte[size];
    Arrays.fill(bytes, value);
    return bytes;
  }
}
