package org.resnetspark.data;

import java.io.Serializable;

/**
 * One source image: a file, or one entry of an IDX file ({@code idxIndex >= 0}).
 *
 * @param key a stable name for the example: the path, or {@code <idx file>#<index>}
 * @param sizeBytes the file's size, or -1 where unknown
 */
public record SourceItem(
    String split, int label, String key, String path, int idxIndex, long sizeBytes)
    implements Serializable {

  static SourceItem file(String split, int label, String path, long sizeBytes) {
    return new SourceItem(split, label, path, path, -1, sizeBytes);
  }

  static SourceItem idx(String split, int label, String imagesPath, int index) {
    return new SourceItem(split, label, imagesPath + "#" + index, imagesPath, index, -1);
  }

  SourceItem withLabel(int newLabel) {
    return new SourceItem(split, newLabel, key, path, idxIndex, sizeBytes);
  }

  /** Orders items so that the entries of one IDX file come in file order. */
  String sortKey() {
    return isIdx() ? String.format("%s#%010d", path, idxIndex) : key;
  }

  boolean isIdx() {
    return idxIndex >= 0;
  }
}
