package org.resnetspark.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Prints a header and rows as an aligned table, CSV or a JSON array of objects. */
final class RowPrinter {
  private RowPrinter() {}

  static void print(
      PrintWriter out, ResultFormat format, List<String> header, List<List<Object>> rows) {
    switch (format) {
      case CSV -> {
        out.println(header.stream().map(RowPrinter::csv).collect(Collectors.joining(",")));
        rows.forEach(
            r -> out.println(r.stream().map(RowPrinter::csv).collect(Collectors.joining(","))));
      }
      case JSON -> out.println(json(header, rows));
      default -> table(out, header, rows);
    }
    out.flush();
  }

  private static void table(PrintWriter out, List<String> header, List<List<Object>> rows) {
    int[] width = new int[header.size()];
    for (int i = 0; i < width.length; i++) {
      width[i] = header.get(i).length();
      for (List<Object> r : rows) {
        width[i] = Math.max(width[i], text(r.get(i)).length());
      }
    }
    out.println(line(header.stream().map(h -> (Object) h).toList(), width));
    StringBuilder rule = new StringBuilder();
    for (int w : width) {
      rule.append(rule.length() == 0 ? "" : "  ").append("-".repeat(w));
    }
    out.println(rule);
    rows.forEach(r -> out.println(line(r, width)));
    out.println("(" + rows.size() + (rows.size() == 1 ? " row)" : " rows)"));
  }

  private static String line(List<Object> cells, int[] width) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      Object v = cells.get(i);
      String t = text(v);
      String padded =
          v instanceof Number
              ? " ".repeat(width[i] - t.length()) + t
              : t + " ".repeat(width[i] - t.length());
      b.append(i == 0 ? "" : "  ").append(padded);
    }
    return b.toString().stripTrailing();
  }

  private static String text(Object v) {
    return v == null ? "NULL" : String.valueOf(v);
  }

  private static String csv(Object v) {
    if (v == null) {
      return "";
    }
    String s = String.valueOf(v);
    return s.matches(".*[\",\\n].*") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
  }

  private static String json(List<String> header, List<List<Object>> rows) {
    List<Map<String, Object>> objects = new ArrayList<>();
    for (List<Object> r : rows) {
      Map<String, Object> o = new LinkedHashMap<>();
      for (int i = 0; i < header.size(); i++) {
        Object v = r.get(i);
        o.put(
            header.get(i), v instanceof Number || v instanceof Boolean || v == null ? v : text(v));
      }
      objects.add(o);
    }
    try {
      return new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(objects);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
