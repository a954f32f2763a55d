package org.resnetspark.model;

/**
 * What {@link Topology} emits, one layer at a time. Each method adds a layer named {@code name}
 * that reads the named input(s) and returns the name later layers read it by. One implementation
 * builds the DL4J graph, another counts parameters and multiply-adds, so both always describe the
 * same network.
 */
interface LayerSink {

  /** A square convolution without bias (a BN follows), padding {@code kernel / 2}. */
  String conv(String name, String input, int kernel, int stride, int channels);

  String batchNorm(String name, String input, double gamma);

  String relu(String name, String input);

  /**
   * A batch norm named {@code bn} followed by a ReLU named {@code relu}. A sink may build the two
   * as one layer, named {@code bn} so that its parameters keep the batch norm's names; either way
   * the returned name reads the rectified values.
   */
  default String batchNormRelu(String bn, String relu, String input, double gamma) {
    return relu(relu, batchNorm(bn, input, gamma));
  }

  /**
   * The sum of a residual block's branch ({@code left}) and shortcut ({@code right}). {@code left}
   * is read by nothing else, so a sink may write the sum into it.
   */
  String add(String name, String left, String right);

  /**
   * {@link #add} followed by a ReLU named {@code relu}. A sink may build the two as one vertex,
   * named {@code add}; either way the returned name reads the rectified sum.
   */
  default String addRelu(String add, String relu, String left, String right) {
    return relu(relu, add(add, left, right));
  }

  /** The 3x3 stride-2 max pool of the ImageNet stem, padding 1. */
  String maxPool(String name, String input);

  /**
   * Shortcut option A: every {@code stride}-th pixel of the input, its channels followed by zero
   * channels up to {@code channels}. Names of its parts come from {@code names}.
   */
  String zeroPadShortcut(Names names, String input, int stride, int channels);

  String globalAveragePool(String name, String input);

  /** The fully connected layer with softmax and multi-class cross-entropy. */
  String classifier(String name, String input, int classes);
}
