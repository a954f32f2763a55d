package org.resnetspark.model;

/**
 * The one place vertex names are made: {@code stem.conv}, {@code stage3.block2.conv2}, {@code
 * stage2.block1.shortcut.conv}, {@code head.fc}. Stages and blocks count from 1.
 */
final class Names {
  static final String INPUT = "input";

  private final String prefix;

  private Names(String prefix) {
    this.prefix = prefix;
  }

  static Names stem() {
    return new Names("stem.");
  }

  static Names head() {
    return new Names("head.");
  }

  static Names block(int stage, int block) {
    return new Names("stage" + (stage + 1) + ".block" + (block + 1) + ".");
  }

  /** Names of the parts of a shortcut, e.g. {@code stage2.block1.shortcut.conv}. */
  Names shortcut() {
    return new Names(prefix + "shortcut.");
  }

  /** Names of a pre-activation shared by both paths of a block. */
  Names preactivation() {
    return new Names(prefix + "preact.");
  }

  String conv(int i) {
    return prefix + "conv" + i;
  }

  String bn(int i) {
    return prefix + "bn" + i;
  }

  String relu(int i) {
    return prefix + "relu" + i;
  }

  String conv() {
    return prefix + "conv";
  }

  String bn() {
    return prefix + "bn";
  }

  String relu() {
    return prefix + "relu";
  }

  String add() {
    return prefix + "add";
  }

  String pool() {
    return prefix + "pool";
  }

  String subsample() {
    return prefix + "subsample";
  }

  String zeros() {
    return prefix + "zeros";
  }

  String pad() {
    return prefix + "pad";
  }

  String fc() {
    return prefix + "fc";
  }
}
