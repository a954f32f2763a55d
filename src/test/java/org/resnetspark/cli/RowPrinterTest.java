package org.resnetspark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RowPrinterTest {
  private final List<String> header = List.of("run_id", "top1");
  private final List<List<Object>> rows =
      List.of(List.of("a", 0.5), Arrays.asList("b,c", (Object) null));

  @Test
  void tableIsAligned() {
    assertThat(print(ResultFormat.TABLE))
        .isEqualTo("run_id  top1\n------  ----\na        0.5\nb,c     NULL\n(2 rows)\n");
  }

  @Test
  void csvQuotesCommas() {
    assertThat(print(ResultFormat.CSV)).isEqualTo("run_id,top1\na,0.5\n\"b,c\",\n");
  }

  @Test
  void jsonKeepsNumbersAndNulls() {
    assertThat(print(ResultFormat.JSON).replaceAll("\\s", ""))
        .isEqualTo("[{\"run_id\":\"a\",\"top1\":0.5},{\"run_id\":\"b,c\",\"top1\":null}]");
  }

  private String print(ResultFormat format) {
    StringWriter s = new StringWriter();
    RowPrinter.print(new PrintWriter(s), format, header, rows);
    return s.toString().replace(System.lineSeparator(), "\n");
  }
}
