package org.resnetspark.config;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Where a bottleneck block that halves the resolution puts its stride of 2. The paper strides the
 * first 1x1 convolution; torchvision moved it to the 3x3 ("ResNet v1.5"), which costs more
 * multiply-adds and is slightly more accurate. Basic blocks always stride their first 3x3.
 */
public enum StridePlacement {
  V1("v1"),
  V1_5("v1.5");

  private final String label;

  StridePlacement(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  public static StridePlacement parse(String text) {
    for (StridePlacement p : values()) {
      if (p.label.equalsIgnoreCase(text) || p.name().equalsIgnoreCase(text)) {
        return p;
      }
    }
    throw new ConfigException(
        "Invalid stride placement: %s (expected one of %s)",
        text,
        Arrays.stream(values()).map(StridePlacement::label).collect(Collectors.joining(", ")));
  }
}
