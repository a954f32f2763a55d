package org.resnetspark.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class HtmlReportTest {
  @Test
  void numbersHaveSixSignificantDigitsInPlainNotation() {
    assertThat(Html.format(0.123456789)).isEqualTo("0.123457");
    assertThat(Html.format(0.00005)).isEqualTo("0.00005");
    assertThat(Html.format(1234.5)).isEqualTo("1234.5");
    assertThat(Html.format(2.0)).isEqualTo("2");
    assertThat(Html.format(7L)).isEqualTo("7");
    assertThat(Html.format(Double.NaN)).isEqualTo("NaN");
    assertThat(Html.format(null)).isEmpty();
  }

  @Test
  void textIsEscaped() {
    String table =
        new Html().table("t", "a\"b", List.of("<x>"), List.of(List.of("1 & 2"))).toString();
    assertThat(table)
        .contains("data-run=\"a&quot;b\"")
        .contains("<th>&lt;x&gt;</th>")
        .contains("<td>1 &amp; 2</td>");
  }

  @Test
  void theConfigurationIsOneDottedKeyARow() {
    assertThat(
            HtmlReport.configRows(
                "{\"train\":{\"epochs\":2,\"schedule\":{\"type\":\"step\"}},\"tags\":[1,2]}"))
        .containsExactly(
            List.of("train.epochs", "2"),
            List.of("train.schedule.type", "step"),
            List.of("tags", "[1,2]"));
    assertThat(HtmlReport.configRows("not json")).containsExactly(List.of("config", "not json"));
    assertThat(HtmlReport.configRows(null)).isEmpty();
  }

  @Test
  void secretsOfARunRecordedBeforeRedactionAreNotShown() {
    String config =
        "{\"storage\":{\"catalog\":{\"password\":\"pw-4715\",\"user\":\"resnet\"}},"
            + "\"spark\":{\"conf\":{\"spark.hadoop.fs.s3a.secret.key\":\"s3-4716\"}}}";
    assertThat(HtmlReport.configRows(config))
        .containsExactly(
            List.of("storage.catalog.password", "(redacted)"),
            List.of("storage.catalog.user", "resnet"),
            List.of("spark.conf.spark.hadoop.fs.s3a.secret.key", "(redacted)"));
  }
}
