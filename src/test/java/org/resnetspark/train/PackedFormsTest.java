package org.resnetspark.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.api.worker.NetBroadcastTuple;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingResult;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Nesterovs;

/**
 * The raw-byte serial forms of a round's broadcast and of its workers' summed results: what is read
 * back equals, bit for bit, what was written, for every array kind a network holds.
 */
class PackedFormsTest {

  @Test
  void arraysComeBackBitForBit() throws Exception {
    Nd4j.getRandom().setSeed(7);
    INDArray floats = Nd4j.rand(DataType.FLOAT, 3, 1_000_001);
    INDArray doubles = Nd4j.rand(DataType.DOUBLE, 2, 5, 7);
    INDArray row = Nd4j.rand(DataType.FLOAT, 1, 17);
    INDArray empty = Nd4j.create(DataType.FLOAT, 0);
    INDArray view = floats.get(NDArrayIndex.point(1), NDArrayIndex.interval(10, 20));
    INDArray fortran = Nd4j.rand(DataType.FLOAT, 'f', 4, 6);

    INDArray[] written = {floats, doubles, row, empty, view, fortran, null};
    INDArray[] read = roundTrip(written);

    for (int i = 0; i < written.length; i++) {
      if (written[i] == null) {
        assertThat(read[i]).isNull();
        continue;
      }
      assertThat(read[i].dataType()).isEqualTo(written[i].dataType());
      assertThat(read[i].shape()).isEqualTo(written[i].shape());
      assertThat(read[i].equals(written[i])).as("array %d", i).isTrue();
    }
    assertThat(read[0].getFloat(2, 1_000_000)).isEqualTo(floats.getFloat(2, 1_000_000));
  }

  @Test
  void broadcastIsReadBackAsDl4jsTuple() throws Exception {
    ComputationGraph net = TrainFixtures.tinyConvNet(8, 8, 1, new Nesterovs(0.1, 0.9), 1e-4, true);
    NetBroadcastTuple sent =
        new PackedBroadcast(
            net.getConfiguration(), net.params(), net.getUpdater().getStateViewArray());

    Object got = deserialize(serialize(sent));

    assertThat(got).isExactlyInstanceOf(NetBroadcastTuple.class);
    NetBroadcastTuple tuple = (NetBroadcastTuple) got;
    assertThat(tuple.getGraphConfiguration().toJson()).isEqualTo(net.getConfiguration().toJson());
    assertThat(tuple.getParameters().equals(net.params())).isTrue();
    assertThat(tuple.getUpdaterState().equals(net.getUpdater().getStateViewArray())).isTrue();
    assertThat(tuple.getCounter().get()).isZero();
  }

  @Test
  void summedResultsTravelAndAverage() throws Exception {
    INDArray p1 = Nd4j.createFromArray(1f, 2f, 3f);
    INDArray p2 = Nd4j.createFromArray(3f, 6f, 9f);
    INDArray s1 = Nd4j.createFromArray(0.5f, 1f);
    INDArray s2 = Nd4j.createFromArray(1.5f, 3f);
    RoundSum one = RoundSum.add(null, result(p1, s1, 0.25));
    RoundSum other = RoundSum.add(null, result(p2, s2, 0.75));
    // A worker that had no data reports no parameters and changes nothing.
    RoundSum idle = RoundSum.add(null, result(null, null, 0));

    RoundSum sum =
        RoundSum.merge(
            (RoundSum) deserialize(serialize(RoundSum.merge(one, idle))),
            (RoundSum) deserialize(serialize(other)));

    assertThat(sum.meanParams().toFloatVector()).containsExactly(2f, 4f, 6f);
    assertThat(sum.meanUpdaterState().toFloatVector()).containsExactly(1f, 2f);
    assertThat(sum.meanScore()).isEqualTo(0.5);
  }

  private static ParameterAveragingTrainingResult result(INDArray p, INDArray s, double score) {
    return new ParameterAveragingTrainingResult(p, s, score, null, null, null, null);
  }

  private static INDArray[] roundTrip(INDArray[] arrays) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      for (INDArray a : arrays) {
        PackedArrays.write(out, a);
      }
    }
    INDArray[] read = new INDArray[arrays.length];
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      for (int i = 0; i < read.length; i++) {
        read[i] = PackedArrays.read(in);
      }
    }
    return read;
  }

  private static byte[] serialize(Object o) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(o);
    }
    return bytes.toByteArray();
  }

  private static Object deserialize(byte[] bytes) throws IOException, ClassNotFoundException {
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
      return in.readObject();
    }
  }
}
