package org.resnetspark.data;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkEnv;
import scala.Tuple2;

/** A Hadoop configuration that travels to executors, and the one an executor has. */
final class HadoopConf implements Serializable {
  private transient Configuration conf;

  HadoopConf(Configuration conf) {
    this.conf = conf;
  }

  Configuration get() {
    return conf;
  }

  /**
   * On an executor: the Hadoop defaults plus the session's {@code spark.hadoop.*} settings (as
   * Spark builds it); outside Spark: the Hadoop defaults.
   */
  static Configuration current() {
    Configuration conf = new Configuration();
    SparkEnv env = SparkEnv.get();
    if (env != null) {
      for (Tuple2<String, String> entry : env.conf().getAll()) {
        if (entry._1().startsWith("spark.hadoop.")) {
          conf.set(entry._1().substring("spark.hadoop.".length()), entry._2());
        }
      }
    }
    return conf;
  }

  private void writeObject(ObjectOutputStream out) throws IOException {
    out.defaultWriteObject();
    conf.write(out);
  }

  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    in.defaultReadObject();
    conf = new Configuration(false);
    conf.readFields(in);
  }
}
