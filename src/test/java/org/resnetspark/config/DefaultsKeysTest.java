package org.resnetspark.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every key of {@code defaults.conf} is read and validated by the settings reader: given a value of
 * the wrong kind, loading fails with a configuration error that names the key. A key nobody reads
 * would load without complaint.
 */
class DefaultsKeysTest {
  @Test
  void everyDefaultKeyIsReadAndAWrongValueIsRefusedByName() {
    List<String> keys = new ArrayList<>();
    for (Map.Entry<String, ConfigValue> e :
        ConfigFactory.parseResources("org/resnetspark/config/defaults.conf").entrySet()) {
      // spark.conf.* is passed to Spark as given; Spark validates it.
      if (!e.getKey().startsWith("spark.conf.")) {
        keys.add(e.getKey());
      }
    }
    assertThat(keys).hasSizeGreaterThan(40).contains("train.seed", "retrain.metric");

    List<String> notRefused = new ArrayList<>();
    for (String key : keys) {
      // A list of lists is neither a string, a number, a boolean nor a list of numbers.
      String override = key + "=[[1]]";
      try {
        ConfigLoader.load(null, List.of(override));
        notRefused.add(key);
      } catch (ConfigException e) {
        assertThat(e.getMessage()).as(override).contains(key);
      }
    }
    assertThat(notRefused).as("keys loaded with a wrong value, so never read").isEmpty();
  }
}
