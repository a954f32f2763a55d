package org.resnetspark.config;

import java.io.Serializable;

/** The storage root of all outputs and the Iceberg catalog of the result tables. */
public record StorageSettings(String workDir, CatalogSettings catalog) implements Serializable {

  /** A location below the work directory. */
  public String resolve(String child) {
    return workDir.endsWith("/") ? workDir + child : workDir + "/" + child;
  }

  public String runsDir() {
    return resolve("runs");
  }
}
