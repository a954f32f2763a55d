package org.resnetspark.cli;

public final class Main {
  public static void main(String[] args) {}
}
