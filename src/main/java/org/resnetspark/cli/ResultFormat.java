package org.resnetspark.cli;

/** How a command prints rows. */
enum ResultFormat {
  TABLE,
  CSV,
  JSON
}
