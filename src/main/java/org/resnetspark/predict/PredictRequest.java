package org.resnetspark.predict;

import java.util.regex.Pattern;
import org.resnetspark.config.ConfigException;
import org.resnetspark.tables.IcebergCatalog;

/**
 * What {@code predict} scores and where the rows go.
 *
 * @param source the images, any Hadoop file system URI
 * @param checkpoint the checkpoint folder that scores them
 * @param topK how many of the most probable classes each row keeps
 * @param table the predictions table (the rejects always go to {@code resnet.prediction_rejects})
 */
public record PredictRequest(String source, String checkpoint, int topK, String table) {
  public static final String DEFAULT_TABLE = IcebergCatalog.NAMESPACE + ".predictions";
  public static final int DEFAULT_TOP_K = 5;
  private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z_]\\w*(\\.[A-Za-z_]\\w*)+");

  public PredictRequest {
    if (topK < 1) {
      throw new ConfigException("Invalid --top-k: %d (expected 1 or more)", topK);
    }
    if (!TABLE_NAME.matcher(table).matches()) {
      throw new ConfigException(
          "Invalid --out: %s (expected a table name with its namespace, such as %s)",
          table, DEFAULT_TABLE);
    }
  }
}
