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
   * The last configuration {@link #current()} built, and the Spark environment it was built for.
   */
  private static volatile Built built;

  private record Built(SparkEnv env, Configuration conf) {}

  /**
   * On an executor: the Hadoop defaults plus the session's {@code spark.hadoop.*} settings (as
   * Spark builds it); outside Spark: the Hadoop defaults. A copy of one built per Spark
   * environment: loading Hadoop's default resources costs tens of milliseconds, and the reader asks
   * once per shard path.
   */
  static Configuration current() {
    SparkEnv env = SparkEnv.get();
    Built last = built;
    if (last == null || last.env() != env) {
      Configuration conf = new Configuration();
      if (env != null) {
        for (Tuple2<String, String> entry : env.conf().getAll()) {
          if (entry._1().startsWith("spark.hadoop.")) {
            conf.set(entry._1().substring("spark.hadoop.".length()), entry._2());
          }
        }
      }
      conf.size(); // loads the default resources once, before the configuration is shared
      last = new Built(env, conf);
      built = last;
    }
    return new Configuration(last.conf());
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
