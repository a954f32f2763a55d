package org.resnetspark.tables;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.resnetspark.config.CatalogSettings;
import org.resnetspark.config.ConfigLoader;

/** The README's spark-sql lines are exactly the properties the jobs give their sessions. */
class IcebergCatalogReadmeTest {
  private static final Pattern CONF = Pattern.compile("--conf (\\S+?)=(\\S+)");

  @Test
  void sqliteLinesMatchTheJobs() throws Exception {
    CatalogSettings demo =
        new CatalogSettings(
            "lake", "jdbc:sqlite:$PWD/work/demo/catalog.db", "", "", "$PWD/work/demo/warehouse");
    String block = sparkSqlBlock("sqlite-jdbc");
    assertThat(confs(block)).containsExactlyEntriesOf(IcebergCatalog.sparkProperties(demo));
    assertThat(block)
        .contains("iceberg-spark-runtime-3.5_2.12:" + pomProperty("iceberg.version"))
        .contains("org.xerial:sqlite-jdbc:" + pomProperty("sqlite.version"));
  }

  @Test
  void postgresqlLinesMatchTheShippedConfiguration() throws Exception {
    CatalogSettings shipped =
        ConfigLoader.load(Path.of("conf/catalog-postgresql.conf"), List.of()).storage().catalog();
    CatalogSettings withPassword =
        new CatalogSettings(
            shipped.name(),
            shipped.uri(),
            shipped.user(),
            "\"$RESNET_CATALOG_PASSWORD\"",
            shipped.warehouse());
    String block = sparkSqlBlock("org.postgresql:postgresql");
    assertThat(confs(block)).containsExactlyEntriesOf(IcebergCatalog.sparkProperties(withPassword));
    assertThat(block)
        .contains("iceberg-spark-runtime-3.5_2.12:" + pomProperty("iceberg.version"))
        .contains("org.postgresql:postgresql:" + pomProperty("postgresql.version"));
  }

  private static String sparkSqlBlock(String containing) throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    Matcher blocks = Pattern.compile("```sh\n(spark-sql .*?)```", Pattern.DOTALL).matcher(readme);
    while (blocks.find()) {
      if (blocks.group(1).contains(containing)) {
        return blocks.group(1);
      }
    }
    throw new AssertionError("No spark-sql block with " + containing + " in README.md");
  }

  private static Map<String, String> confs(String block) {
    Map<String, String> confs = new LinkedHashMap<>();
    Matcher m = CONF.matcher(block);
    while (m.find()) {
      confs.put(m.group(1), m.group(2));
    }
    return confs;
  }

  private static String pomProperty(String name) throws Exception {
    Matcher m =
        Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</")
            .matcher(Files.readString(Path.of("pom.xml")));
    assertThat(m.find()).as(name + " in pom.xml").isTrue();
    return m.group(1);
  }
}
