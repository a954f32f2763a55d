package org.resnetspark.bench;

import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * The entry point of the processes {@link LoopbackCluster} starts: runs a Spark master or worker
 * and exits as soon as the process that started it is gone. {@link LoopbackCluster#close} stops
 * them when the benchmark ends; this covers the benchmark's JVM dying without closing it (killed,
 * or a native crash), which would otherwise leave the master, the workers and their executors
 * running. A worker that exits stops its executors.
 *
 * <p>Arguments: the parent's process id, the main class, its arguments.
 */
public final class ParentWatch {
  private static final long POLL_MS = 1000;

  private ParentWatch() {}

  public static void main(String[] args) throws Exception {
    long parent = Long.parseLong(args[0]);
    Thread watch =
        new Thread(
            () -> {
              while (ProcessHandle.of(parent).map(ProcessHandle::isAlive).orElse(false)) {
                try {
                  Thread.sleep(POLL_MS);
                } catch (InterruptedException e) {
                  return;
                }
              }
              System.err.println("process " + parent + " that started this one is gone: exiting");
              System.exit(1);
            },
            "parent-watch");
    watch.setDaemon(true);
    watch.start();
    Method main = Class.forName(args[1]).getMethod("main", String[].class);
    main.invoke(null, (Object) Arrays.copyOfRange(args, 2, args.length));
  }
}
