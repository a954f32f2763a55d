package org.resnetspark.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.resnetspark.config.ConfigException;
import org.resnetspark.config.Shortcut;
import org.resnetspark.config.StridePlacement;
import org.resnetspark.model.Block;
import org.resnetspark.model.ModelOptions;
import org.resnetspark.model.ModelSummary;
import org.resnetspark.model.Variant;
import org.resnetspark.model.Variants;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Lists the model variants with their trainable parameters and multiply-adds. */
@Command(
    name = "models",
    mixinStandardHelpOptions = true,
    description =
        "Lists ResNet variants with their trainable parameters (BN running statistics excluded)"
            + " and multiply-adds of one forward pass at the given input.")
public final class ModelsCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(
      arity = "0..*",
      paramLabel = "VARIANT",
      description =
          "Variants to list, e.g. resnet50, resnet8, plain20, preact-resnet1001 (default: every"
              + " named variant).")
  List<String> names = new ArrayList<>();

  @Option(
      names = "--format",
      defaultValue = "table",
      paramLabel = "table|csv|json",
      description = "table, csv or json (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(
      names = "--classes",
      paramLabel = "N",
      description = "Number of classes (default: 1000 for ImageNet, 10 for CIFAR variants).")
  Integer classes;

  @Option(
      names = "--input",
      paramLabel = "HxWxC",
      description = "Input size (default: 224x224x3 for ImageNet, 32x32x3 for CIFAR variants).")
  String input;

  @Option(
      names = "--shortcut",
      paramLabel = "A|B",
      description =
          "Shortcut where basic blocks change shape (default: A for CIFAR, B for ImageNet);"
              + " bottleneck variants always use B.")
  String shortcut;

  @Option(
      names = "--stride",
      paramLabel = "v1|v1.5",
      description = "Stride of a downsampling bottleneck on its 1x1 (v1) or 3x3 (v1.5).")
  String stride;

  @Override
  public Integer call() {
    ResultFormat chosen = parseFormat(format);
    List<ModelSummary> summaries = new ArrayList<>();
    for (Variant variant : names.isEmpty() ? Variants.named() : parseAll(names)) {
      summaries.add(ModelSummary.of(variant, optionsFor(variant)));
    }
    PrintWriter out = spec.commandLine().getOut();
    switch (chosen) {
      case TABLE -> printTable(out, summaries);
      case CSV -> printCsv(out, summaries);
      case JSON -> printJson(out, summaries);
    }
    out.flush();
    return 0;
  }

  private static List<Variant> parseAll(List<String> names) {
    return names.stream().map(Variants::parse).toList();
  }

  private static ResultFormat parseFormat(String text) {
    for (ResultFormat f : ResultFormat.values()) {
      if (f.name().equalsIgnoreCase(text)) {
        return f;
      }
    }
    throw new ConfigException("Invalid --format: %s (expected one of table, csv, json)", text);
  }

  private ModelOptions optionsFor(Variant variant) {
    ModelOptions options = ModelOptions.defaultsFor(variant);
    if (classes != null) {
      options = options.withClasses(classes);
    }
    if (input != null) {
      options = options.withInput(input);
    }
    if (shortcut != null) {
      Shortcut chosen = Shortcut.parse(shortcut);
      if (variant.block() == Block.BASIC) {
        options = options.withShortcut(chosen);
      }
    }
    if (stride != null) {
      options = options.withStride(StridePlacement.parse(stride));
    }
    return options;
  }

  /** The shortcut where shapes change, or {@code none} for plain networks. */
  private static String shortcutOf(ModelSummary s) {
    return s.variant().kind().hasShortcuts() ? s.options().shortcut().name() : "none";
  }

  private static final List<String> COLUMNS =
      List.of(
          "name",
          "family",
          "depth",
          "input",
          "classes",
          "shortcut",
          "stride",
          "trainableParams",
          "multiplyAdds");

  /** One summary's values, in the order of {@link #COLUMNS}. */
  private static List<Object> values(ModelSummary s) {
    return List.of(
        s.name(),
        s.variant().family().name().toLowerCase(Locale.ROOT),
        s.variant().depth(),
        s.options().inputLabel(),
        s.options().numClasses(),
        shortcutOf(s),
        s.options().stride().label(),
        s.trainableParams(),
        s.multiplyAdds());
  }

  private static void printTable(PrintWriter out, List<ModelSummary> summaries) {
    String row = "%-18s %-8s %5s %-11s %7s %-8s %-6s %14s %18s%n";
    out.printf(
        row,
        "NAME",
        "FAMILY",
        "DEPTH",
        "INPUT",
        "CLASSES",
        "SHORTCUT",
        "STRIDE",
        "PARAMS",
        "MULT-ADDS");
    for (ModelSummary s : summaries) {
      Object[] v = values(s).toArray();
      v[7] = String.format(Locale.ROOT, "%,d", s.trainableParams());
      v[8] = String.format(Locale.ROOT, "%,d", s.multiplyAdds());
      out.printf(Locale.ROOT, row, v);
    }
  }

  private static void printCsv(PrintWriter out, List<ModelSummary> summaries) {
    RowPrinter.print(
        out, ResultFormat.CSV, COLUMNS, summaries.stream().map(ModelsCommand::values).toList());
  }

  /** One object per line; names and labels are plain ASCII from the variant table. */
  private static void printJson(PrintWriter out, List<ModelSummary> summaries) {
    out.println("[");
    for (int i = 0; i < summaries.size(); i++) {
      List<Object> v = values(summaries.get(i));
      StringBuilder o = new StringBuilder("  {");
      for (int c = 0; c < COLUMNS.size(); c++) {
        Object value = v.get(c);
        o.append(c == 0 ? "" : ", ").append('"').append(COLUMNS.get(c)).append("\": ");
        o.append(value instanceof Number ? value : "\"" + value + "\"");
      }
      out.println(o.append(i < summaries.size() - 1 ? "}," : "}"));
    }
    out.println("]");
  }
}
