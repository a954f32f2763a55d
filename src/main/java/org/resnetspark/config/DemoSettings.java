package org.resnetspark.config;

import java.io.Serializable;

/** How many Fashion-MNIST images per class the demo writes as its image tree. */
public record DemoSettings(int trainPerClass, int valPerClass) implements Serializable {}
