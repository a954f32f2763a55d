package org.resnetspark.model;

import java.util.HashMap;
import java.util.Map;

/**
 * Counts trainable parameters and multiply-adds layer by layer, tracking each layer's output shape.
 * Multiply-adds are those of the convolutions and the classifier, as He et al. 2015 count them in
 * Table 1; BN, ReLU, pooling and sums are left out.
 */
final class CountingSink implements LayerSink {

  private record Shape(long channels, long height, long width) {}

  private final Map<String, Shape> shapes = new HashMap<>();
  private long params;
  private long multiplyAdds;

  CountingSink(ModelOptions options) {
    shapes.put(Names.INPUT, new Shape(options.channels(), options.height(), options.width()));
  }

  long trainableParams() {
    return params;
  }

  long multiplyAdds() {
    return multiplyAdds;
  }

  @Override
  public String conv(String name, String input, int kernel, int stride, int channels) {
    Shape in = shapes.get(input);
    Shape out =
        new Shape(
            channels, outSize(in.height(), kernel, stride), outSize(in.width(), kernel, stride));
    long weights = in.channels() * channels * kernel * kernel;
    params += weights;
    multiplyAdds += weights * out.height() * out.width();
    return put(name, out);
  }

  /**
   * Output size of a kernel with padding {@code kernel / 2}, rounding down as DL4J and torch do.
   */
  private static long outSize(long size, int kernel, int stride) {
    return (size + 2 * (kernel / 2) - kernel) / stride + 1;
  }

  @Override
  public String batchNorm(String name, String input, double gamma) {
    params +=
        2 * shapes.get(input).channels(); // gamma and beta; running statistics are not trained
    return put(name, shapes.get(input));
  }

  @Override
  public String relu(String name, String input) {
    return put(name, shapes.get(input));
  }

  @Override
  public String add(String name, String left, String right) {
    if (!shapes.get(left).equals(shapes.get(right))) {
      throw new IllegalStateException(
          "Cannot add "
              + left
              + " "
              + shapes.get(left)
              + " and "
              + right
              + " "
              + shapes.get(right));
    }
    return put(name, shapes.get(left));
  }

  @Override
  public String maxPool(String name, String input) {
    Shape in = shapes.get(input);
    return put(
        name, new Shape(in.channels(), outSize(in.height(), 3, 2), outSize(in.width(), 3, 2)));
  }

  @Override
  public String zeroPadShortcut(Names names, String input, int stride, int channels) {
    Shape in = shapes.get(input);
    return put(
        names.pad(),
        new Shape(channels, outSize(in.height(), 1, stride), outSize(in.width(), 1, stride)));
  }

  @Override
  public String globalAveragePool(String name, String input) {
    return put(name, new Shape(shapes.get(input).channels(), 1, 1));
  }

  @Override
  public String classifier(String name, String input, int classes) {
    long features = shapes.get(input).channels();
    params += features * classes + classes;
    multiplyAdds += features * classes;
    return put(name, new Shape(classes, 1, 1));
  }

  private String put(String name, Shape shape) {
    if (shapes.putIfAbsent(name, shape) != null) {
      throw new IllegalStateException("Duplicate layer name " + name);
    }
    return name;
  }
}
