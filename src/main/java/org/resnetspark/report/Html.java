package org.resnetspark.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;

/** Small helpers for well-formed (XHTML) markup: escaping, numbers, table rows. */
final class Html {
  private final StringBuilder out = new StringBuilder();

  Html raw(String markup) {
    out.append(markup);
    return this;
  }

  Html text(String text) {
    out.append(escape(text));
    return this;
  }

  Html element(String tag, String text) {
    return raw("<" + tag + ">").text(text).raw("</" + tag + ">\n");
  }

  /** A table: {@code <table class="..." data-run="...">} with a header row and one row each. */
  Html table(String cssClass, String runId, List<String> header, List<List<Object>> rows) {
    raw("<table class=\"" + cssClass + "\"");
    if (runId != null) {
      raw(" data-run=\"").text(runId).raw("\"");
    }
    raw(">\n<tr>");
    header.forEach(h -> raw("<th>").text(h).raw("</th>"));
    raw("</tr>\n");
    for (List<Object> row : rows) {
      raw("<tr>");
      for (Object v : row) {
        raw(v instanceof Number ? "<td class=\"num\">" : "<td>").text(format(v)).raw("</td>");
      }
      raw("</tr>\n");
    }
    return raw("</table>\n");
  }

  /** Numbers to six significant digits, plain notation; NULL as an empty cell. */
  static String format(Object v) {
    if (v == null) {
      return "";
    }
    if (v instanceof Double d) {
      if (!Double.isFinite(d)) {
        return d.toString();
      }
      return new BigDecimal(d).round(new MathContext(6)).stripTrailingZeros().toPlainString();
    }
    return v.toString();
  }

  static String escape(String text) {
    if (text == null) {
      return "";
    }
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }

  @Override
  public String toString() {
    return out.toString();
  }
}
