package org.resnetspark.eval;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A network sent to the executors once per job: its configuration and parameters as two Spark
 * broadcasts, which each executor fetches once however many tasks it runs; a task rebuilds the
 * network from them and runs it in inference mode. Only this small handle travels with the tasks.
 */
public final class BroadcastNetwork implements Serializable {
  private final Broadcast<String> configuration;
  private final Broadcast<byte[]> parameters;

  private BroadcastNetwork(Broadcast<String> configuration, Broadcast<byte[]> parameters) {
    this.configuration = configuration;
    this.parameters = parameters;
  }

  /** Broadcasts {@code net}'s configuration and current parameters; {@link #destroy()} after. */
  public static BroadcastNetwork of(JavaSparkContext sc, ComputationGraph net) {
    return new BroadcastNetwork(
        sc.broadcast(net.getConfiguration().toJson()), sc.broadcast(bytes(net)));
  }

  /** On an executor: the network with the broadcast parameters. */
  public ComputationGraph rebuild() {
    ComputationGraph net =
        new ComputationGraph(ComputationGraphConfiguration.fromJson(configuration.value()));
    INDArray params = Nd4j.read(new DataInputStream(new ByteArrayInputStream(parameters.value())));
    net.init(params, false);
    return net;
  }

  /**
   * The outputs (class probabilities) for a batch, in inference mode: batch norm uses its running
   * statistics, and DL4J frees each layer's activations once the layers that read them have run, so
   * memory stays that of the widest layers, not of the depth.
   */
  public static INDArray infer(ComputationGraph net, INDArray features) {
    return net.outputSingle(false, features);
  }

  /** Removes the broadcasts from the executors and the driver. */
  public void destroy() {
    configuration.destroy();
    parameters.destroy();
  }

  private static byte[] bytes(ComputationGraph net) {
    try (ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(buffer)) {
      Nd4j.write(net.params(), out);
      out.flush();
      return buffer.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
