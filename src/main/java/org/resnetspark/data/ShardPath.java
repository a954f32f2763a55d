package org.resnetspark.data;

/**
 * A shard file, or a range of its rows written as {@code <file>#rows=<from>-<to>}: a URI fragment,
 * so DL4J and Hadoop take the string as a path to the file.
 */
record ShardPath(String file, int from, int to) {
  private static final String ROWS = "#rows=";

  static ShardPath parse(String path) {
    int at = path.indexOf(ROWS);
    if (at < 0) {
      return new ShardPath(path, 0, -1);
    }
    String[] range = path.substring(at + ROWS.length()).split("-");
    return new ShardPath(
        path.substring(0, at), Integer.parseInt(range[0]), Integer.parseInt(range[1]));
  }

  @Override
  public String toString() {
    return to < 0 ? file : file + ROWS + from + "-" + to;
  }
}
