package org.resnetspark.model;

import java.util.Map;

/**
 * Exact trainable parameter counts of every named variant at its default options (1000 classes for
 * ImageNet, 10 for CIFAR, option A on CIFAR basic blocks).
 */
final class PublishedCounts {

  private PublishedCounts() {}

  static final Map<String, Long> PARAMS =
      Map.ofEntries(
          // torchvision num_params.
          Map.entry("resnet18", 11_689_512L),
          Map.entry("resnet34", 21_797_672L),
          Map.entry("resnet50", 25_557_032L),
          Map.entry("resnet101", 44_549_160L),
          Map.entry("resnet152", 60_192_808L),
          // Bottleneck [3, 24, 36, 3]: ResNet-101 plus 20 and 13 more blocks in stages 2 and 3,
          // 20 * (512*128 + 9*128*128 + 128*512 + 2*(128+128+512))
          // + 13 * (1024*256 + 9*256*256 + 256*1024 + 2*(256+256+1024)).
          Map.entry("resnet200", 64_673_832L),
          // The standard CIFAR implementation with option A (He et al. 2015, Table 6 rounds).
          Map.entry("resnet20", 269_722L),
          Map.entry("resnet32", 464_154L),
          Map.entry("resnet44", 658_586L),
          Map.entry("resnet56", 853_018L),
          Map.entry("resnet110", 1_727_962L),
          Map.entry("resnet1202", 19_421_274L),
          // Plain ImageNet nets: the ResNet minus its three projections with their BN,
          // (64*128 + 2*128) + (128*256 + 2*256) + (256*512 + 2*512) = 173,824.
          Map.entry("plain18", 11_689_512L - 173_824L),
          Map.entry("plain34", 21_797_672L - 173_824L),
          // Option A has no parameters, so plain CIFAR nets count the same as their ResNets.
          Map.entry("plain20", 269_722L),
          Map.entry("plain32", 464_154L),
          Map.entry("plain44", 658_586L),
          Map.entry("plain56", 853_018L),
          // He et al. 2016 (rounded there to 1.7M, 1.7M, 10.2M; the 1001-layer figure matches
          // counting the convolutions alone, 10.19M).
          Map.entry("preact-resnet110", 1_727_962L),
          Map.entry("preact-resnet164", 1_703_258L),
          Map.entry("preact-resnet1001", 10_327_706L),
          // Post-activation counts without the projection BNs, 2 * (128+256+512) for basic and
          // 2 * (256+512+1024+2048) for bottleneck blocks; the BNs moved before each convolution
          // and the final BN balance out.
          Map.entry("preact-resnet18", 11_689_512L - 1_792L),
          Map.entry("preact-resnet34", 21_797_672L - 1_792L),
          Map.entry("preact-resnet50", 25_557_032L - 7_680L),
          Map.entry("preact-resnet101", 44_549_160L - 7_680L),
          Map.entry("preact-resnet152", 60_192_808L - 7_680L),
          Map.entry("preact-resnet200", 64_673_832L - 7_680L));
}
