package org.resnetspark.model;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Runs ND4J on one thread. The tiny tensors of these tests gain nothing from parallel kernels, and
 * on a machine whose cores are busy with other builds spinning worker threads slow every op down by
 * an order of magnitude.
 */
public final class SingleThreadedNd4j implements BeforeAllCallback {

  @Override
  public void beforeAll(ExtensionContext context) {
    Nd4j.getEnvironment().setMaxThreads(1);
    Nd4j.getEnvironment().setMaxMasterThreads(1);
    Nd4j.factory().blas().setMaxThreads(1);
  }
}
