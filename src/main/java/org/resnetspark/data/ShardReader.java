package org.resnetspark.data;

import static org.apache.parquet.filter2.predicate.FilterApi.and;
import static org.apache.parquet.filter2.predicate.FilterApi.gtEq;
import static org.apache.parquet.filter2.predicate.FilterApi.intColumn;
import static org.apache.parquet.filter2.predicate.FilterApi.lt;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.filter2.compat.FilterCompat;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.resnetspark.config.Encoding;

/**
 * Reads the rows of one shard, or of a range of its rows (Parquet's column index then skips the
 * pages outside the range), checking each image's CRC-32.
 */
final class ShardReader {
  private ShardReader() {}

  /** Rows {@code from} (inclusive) to {@code to} (exclusive); {@code to < 0} reads all rows. */
  static List<StoredExample> read(String file, int from, int to, Configuration conf)
      throws IOException {
    Path path = new Path(file);
    ParquetReader.Builder<Group> builder = ParquetReader.builder(new GroupReadSupport(), path);
    builder.withConf(conf);
    if (to >= 0) {
      builder.withFilter(
          FilterCompat.get(
              and(gtEq(intColumn(ShardSchema.ROW), from), lt(intColumn(ShardSchema.ROW), to))));
    }
    List<StoredExample> rows = new ArrayList<>();
    try (ParquetReader<Group> reader = builder.build()) {
      for (Group group = reader.read(); group != null; group = reader.read()) {
        rows.add(toExample(group, file));
      }
    }
    return rows;
  }

  private static StoredExample toExample(Group group, String file) throws IOException {
    byte[] image = group.getBinary(ShardSchema.IMAGE, 0).getBytes();
    CRC32 crc = new CRC32();
    crc.update(image);
    int row = group.getInteger(ShardSchema.ROW, 0);
    if (crc.getValue() != group.getLong(ShardSchema.CRC32, 0)) {
      throw new IOException("Checksum mismatch in " + file + " row " + row);
    }
    return new StoredExample(
        group.getString(ShardSchema.KEY, 0),
        group.getInteger(ShardSchema.LABEL, 0),
        row,
        Encoding.valueOf(group.getString(ShardSchema.ENCODING, 0)),
        group.getInteger(ShardSchema.HEIGHT, 0),
        group.getInteger(ShardSchema.WIDTH, 0),
        group.getInteger(ShardSchema.CHANNELS, 0),
        image);
  }
}
