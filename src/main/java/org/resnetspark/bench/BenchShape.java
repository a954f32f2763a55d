package org.resnetspark.bench;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.resnetspark.config.ConfigException;

/** A benchmark input, NCHW without the batch: written {@code HxWxC} as in {@code 32x32x3}. */
public record BenchShape(int height, int width, int channels) {

  private static final Pattern FORMAT = Pattern.compile("(\\d{1,5})x(\\d{1,5})x(\\d{1,4})");

  public BenchShape {
    if (height < 1 || width < 1 || channels < 1) {
      throw new ConfigException(
          "Invalid input: %sx%sx%s (expected positive HxWxC, e.g. 32x32x3)",
          height, width, channels);
    }
  }

  public static BenchShape parse(String text) {
    Matcher m = FORMAT.matcher(text == null ? "" : text.trim());
    if (!m.matches()) {
      throw new ConfigException(
          "Invalid input: %s (expected HxWxC with positive integers, e.g. 32x32x3 or 224x224x3)",
          text);
    }
    return new BenchShape(
        Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
  }

  public String label() {
    return height + "x" + width + "x" + channels;
  }
}
