package org.resnetspark.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.zip.CRC32;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.api.Binary;
import org.apache.spark.api.java.function.Function2;
import scala.Tuple2;

/**
 * Runs on the executors: writes one shard per partition to {@code
 * <out>/<split>/part-NNNNN.parquet}, taking its SHA-256 and length from the bytes as they go out. A
 * half-written shard of a failed task is rewritten by the retry; no manifest names a shard before
 * every shard is written.
 */
final class ShardWriter
    implements Function2<
        Integer, Iterator<Tuple2<Long, DecodedExample>>, Iterator<Manifest.ShardEntry>> {
  private final HadoopConf conf;
  private final String out;
  private final String split;
  private final int shardSize;

  ShardWriter(HadoopConf conf, String out, String split, int shardSize) {
    this.conf = conf;
    this.out = out;
    this.split = split;
    this.shardSize = shardSize;
  }

  @Override
  public Iterator<Manifest.ShardEntry> call(
      Integer shard, Iterator<Tuple2<Long, DecodedExample>> rows) throws Exception {
    String relative = split + "/" + ShardSchema.fileName(shard);
    Path target = new Path(out, relative);
    // Parquet's writer sets its schema in the configuration it is given: a copy, not the task's.
    Configuration hadoop = new Configuration(conf.get());
    DigestingOutputFile file = new DigestingOutputFile(target.getFileSystem(hadoop), target);
    int count = write(file, hadoop, shard, rows);
    Manifest.ShardEntry entry =
        new Manifest.ShardEntry(relative, count, file.length(), file.sha256());
    return List.of(entry).iterator();
  }

  private int write(
      DigestingOutputFile file,
      Configuration hadoop,
      int shard,
      Iterator<Tuple2<Long, DecodedExample>> rows)
      throws IOException {
    SimpleGroupFactory groups = new SimpleGroupFactory(ShardSchema.SCHEMA);
    int count = 0;
    try (ParquetWriter<Group> writer =
        ExampleParquetWriter.builder(file)
            .withConf(hadoop)
            .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
            .withType(ShardSchema.SCHEMA)
            .withCompressionCodec(CompressionCodecName.SNAPPY)
            .build()) {
      while (rows.hasNext()) {
        Tuple2<Long, DecodedExample> row = rows.next();
        DecodedExample example = row._2();
        CRC32 crc = new CRC32();
        crc.update(example.image());
        writer.write(
            groups
                .newGroup()
                .append(ShardSchema.KEY, example.key())
                .append(ShardSchema.LABEL, example.label())
                .append(ShardSchema.ROW, (int) (row._1() - (long) shard * shardSize))
                .append(ShardSchema.ENCODING, example.encoding().name())
                .append(ShardSchema.HEIGHT, example.height())
                .append(ShardSchema.WIDTH, example.width())
                .append(ShardSchema.CHANNELS, example.channels())
                .append(ShardSchema.IMAGE, Binary.fromConstantByteArray(example.image()))
                .append(ShardSchema.CRC32, crc.getValue()));
        count++;
      }
    }
    return count;
  }

  /** The hex SHA-256 of a local file, as the manifest records it for each shard. */
  static String sha256(java.nio.file.Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[1 << 16];
      for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
        digest.update(buffer, 0, n);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
