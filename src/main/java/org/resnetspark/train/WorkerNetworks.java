package org.resnetspark.train;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The training networks of this JVM that no task is using: what a worker built in one averaging
 * round, kept for the next round's task on the same executor ({@link ReusedNetworkWorker}). A
 * network is taken by one task at a time and given back when the task ends. Networks of another
 * configuration than the one given back last are closed, and {@link #release} closes them all
 * (evaluation calls it, so a training network does not sit beside the one it evaluates).
 */
public final class WorkerNetworks {
  private static final List<Held> IDLE = new ArrayList<>();
  private static long reused;

  private WorkerNetworks() {}

  /** A network, the updater state array it trains with (null without one), and its key. */
  record Held(String key, ComputationGraph net, INDArray updaterState) {}

  /** An idle network built for {@code key}, now the caller's, or null if there is none. */
  static synchronized Held take(String key) {
    for (Iterator<Held> it = IDLE.iterator(); it.hasNext(); ) {
      Held held = it.next();
      if (held.key().equals(key)) {
        it.remove();
        reused++;
        return held;
      }
    }
    return null;
  }

  /** Gives {@code held} back for a later round; closes idle networks of other configurations. */
  static synchronized void giveBack(Held held) {
    for (Iterator<Held> it = IDLE.iterator(); it.hasNext(); ) {
      Held other = it.next();
      if (!other.key().equals(held.key())) {
        it.remove();
        free(other);
      }
    }
    IDLE.add(held);
  }

  /** Closes every idle network of this JVM; the next round builds its networks anew. */
  public static synchronized void release() {
    IDLE.forEach(WorkerNetworks::free);
    IDLE.clear();
  }

  /**
   * Frees a network's parameters, gradients and updater state now rather than at some later garbage
   * collection. Not {@code ComputationGraph.close}: it also destroys the calling thread's
   * workspaces and asks for a full garbage collection.
   */
  private static void free(Held held) {
    for (INDArray array :
        new INDArray[] {
          held.net().params(), held.net().getGradientsViewArray(), held.updaterState()
        }) {
      if (array != null && array.closeable()) {
        array.close();
      }
    }
  }

  /** The number of idle networks (for tests). */
  static synchronized int idle() {
    return IDLE.size();
  }

  /** How many times a task of this JVM took a network kept from an earlier one (for tests). */
  static synchronized long reused() {
    return reused;
  }
}
