package org.resnetspark.config;

import java.io.Serializable;
import java.util.Map;

/** Where Spark runs when the job is not started by spark-submit, and extra Spark properties. */
public record SparkSettings(String master, String appName, Map<String, String> conf)
    implements Serializable {
  public SparkSettings {
    conf = Map.copyOf(conf);
  }
}
