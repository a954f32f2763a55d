package org.resnetspark.data;

import java.io.InputStream;
import org.nd4j.common.loader.Source;

/**
 * A Source that gives only its path, as DL4J's lazy remote source does until it is opened: the
 * shard loader reads the path through Hadoop itself, so the benchmarks and tests that call a loader
 * directly hand it one of these.
 */
public record PathSource(String getPath) implements Source {
  @Override
  public InputStream getInputStream() {
    throw new UnsupportedOperationException("the shard loader reads through Hadoop");
  }
}
