package org.resnetspark.train;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.spark.api.worker.NetBroadcastTuple;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What a round broadcasts (the network's configuration, parameters and updater state), serialized
 * with its arrays as raw bytes ({@link PackedArrays}); an executor reads back DL4J's own tuple.
 */
final class PackedBroadcast extends NetBroadcastTuple {
  private static final long serialVersionUID = 1L;

  PackedBroadcast(ComputationGraphConfiguration configuration, INDArray params, INDArray state) {
    super(configuration, params, state);
  }

  private Object writeReplace() {
    return new Form(getGraphConfiguration(), getParameters(), getUpdaterState());
  }

  /** The serial form. */
  private static final class Form implements Serializable {
    private static final long serialVersionUID = 1L;
    private final ComputationGraphConfiguration configuration;
    private transient INDArray params;
    private transient INDArray state;

    Form(ComputationGraphConfiguration configuration, INDArray params, INDArray state) {
      this.configuration = configuration;
      this.params = params;
      this.state = state;
    }

    private void writeObject(ObjectOutputStream out) throws IOException {
      out.defaultWriteObject();
      PackedArrays.write(out, params);
      PackedArrays.write(out, state);
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
      in.defaultReadObject();
      params = PackedArrays.read(in);
      state = PackedArrays.read(in);
    }

    private Object readResolve() {
      return new NetBroadcastTuple(configuration, params, state);
    }
  }
}
