package org.resnetspark.data;

import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

/**
 * The Parquet schema of a shard: one row per example, in shuffled order. {@code row} is the
 * position within the shard (so a reader can take a range), {@code image} the encoded bytes and
 * {@code crc32} their checksum.
 */
final class ShardSchema {
  static final String KEY = "key";
  static final String LABEL = "label";
  static final String ROW = "row";
  static final String ENCODING = "encoding";
  static final String HEIGHT = "height";
  static final String WIDTH = "width";
  static final String CHANNELS = "channels";
  static final String IMAGE = "image";
  static final String CRC32 = "crc32";

  static final MessageType SCHEMA =
      MessageTypeParser.parseMessageType(
          """
          message example {
            required binary key (STRING);
            required int32 label;
            required int32 row;
            required binary encoding (STRING);
            required int32 height;
            required int32 width;
            required int32 channels;
            required binary image;
            required int64 crc32;
          }
          """);

  private ShardSchema() {}

  /** {@code part-00012.parquet}: Spark and other engines read a split folder as one table. */
  static String fileName(int shard) {
    return String.format("part-%05d.parquet", shard);
  }
}
