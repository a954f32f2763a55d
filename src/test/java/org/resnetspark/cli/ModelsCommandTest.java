package org.resnetspark.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.resnetspark.config.ConfigException;
import org.resnetspark.model.Variant;
import org.resnetspark.model.Variants;
import picocli.CommandLine;

class ModelsCommandTest {

  /** Runs the command as the main class does, returning its standard output. */
  private static String run(String... args) {
    StringWriter out = new StringWriter();
    CommandLine cli = new CommandLine(new ModelsCommand());
    cli.setOut(new PrintWriter(out));
    assertThat(cli.execute(args)).isZero();
    return out.toString();
  }

  /** Calls the command directly so that a bad value reaches the test as its exception. */
  private static void call(String... args) {
    ModelsCommand command = new ModelsCommand();
    CommandLine cli = new CommandLine(command);
    cli.setOut(new PrintWriter(new StringWriter()));
    cli.parseArgs(args);
    command.call();
  }

  @Test
  void csvListsEveryNamedVariantWithThePublishedCounts() {
    List<String> lines = run("--format", "csv").lines().toList();

    assertThat(lines.get(0))
        .isEqualTo("name,family,depth,input,classes,shortcut,stride,trainableParams,multiplyAdds");
    assertThat(lines.subList(1, lines.size()))
        .hasSize(Variants.named().size())
        .contains(
            "resnet18,imagenet,18,224x224x3,1000,B,v1,11689512,1814073344",
            "resnet34,imagenet,34,224x224x3,1000,B,v1,21797672,3663761408",
            "resnet50,imagenet,50,224x224x3,1000,B,v1,25557032,3857973248",
            "resnet101,imagenet,101,224x224x3,1000,B,v1,44549160,7570194432",
            "resnet152,imagenet,152,224x224x3,1000,B,v1,60192808,11282415616",
            "resnet20,cifar,20,32x32x3,10,A,v1,269722,40551040",
            "resnet1202,cifar,1202,32x32x3,10,A,v1,19421274,2829238912",
            "plain20,cifar,20,32x32x3,10,none,v1,269722,40551040");
    assertThat(lines.stream().skip(1).map(l -> l.split(",")[0]))
        .containsExactlyElementsOf(Variants.named().stream().map(Variant::name).toList());
  }

  /**
   * ResNet-8 by hand: parameters (3*16*9 + 32) + (2*16*16*9 + 64) + (16*32*9 + 32*32*9 + 128) +
   * (32*64*9 + 64*64*9 + 256) + (64*10 + 10) = 75,290; multiply-adds 442,368 (stem) + 4,718,592 +
   * 3,538,944 + 3,538,944 (stages at 32, 16, 8 pixels a side) + 640 = 12,239,488.
   */
  @Test
  void jsonIsAnArrayOfObjectsWithNameParamsAndMultiplyAdds() {
    String json = run("resnet8", "resnet56", "--format", "json");

    assertThat(json.strip()).startsWith("[").endsWith("]");
    assertThat(json)
        .contains(
            "{\"name\": \"resnet8\", \"family\": \"cifar\", \"depth\": 8, \"input\": \"32x32x3\","
                + " \"classes\": 10, \"shortcut\": \"A\", \"stride\": \"v1\","
                + " \"trainableParams\": 75290, \"multiplyAdds\": 12239488},")
        .contains("\"name\": \"resnet56\"")
        .contains("\"trainableParams\": 853018");
  }

  @Test
  void tableHasAHeaderAndOneRowPerVariant() {
    List<String> lines = run("resnet50", "preact-resnet164").lines().toList();

    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).contains("NAME", "PARAMS", "MULT-ADDS");
    assertThat(lines.get(1)).startsWith("resnet50").contains("25,557,032", "3,857,973,248");
    assertThat(lines.get(2)).startsWith("preact-resnet164").contains("1,703,258");
  }

  @Test
  void optionsChangeClassesInputShortcutAndStride() {
    String csv =
        run(
            "resnet20",
            "resnet50",
            "--classes",
            "100",
            "--input",
            "64x64x1",
            "--shortcut",
            "B",
            "--stride",
            "v1.5",
            "--format",
            "csv");

    assertThat(csv)
        .contains("resnet20,cifar,20,64x64x1,100,B,v1.5,")
        .contains("resnet50,imagenet,50,64x64x1,100,B,v1.5,");
  }

  @Test
  void smallInputsWorkForCifarNetworks() {
    assertThat(run("resnet20", "--input", "28x28x1", "--format", "csv"))
        .contains("resnet20,cifar,20,28x28x1,10,A,v1,269434,");
  }

  @Test
  void badValuesNameWhatIsAllowed() {
    assertThatThrownBy(() -> call("--format", "xml"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("Invalid --format: xml (expected one of table, csv, json)");
    assertThatThrownBy(() -> call("resnet21"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("Invalid depth: 21");
    assertThatThrownBy(() -> call("alexnet"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("Invalid model: alexnet");
    assertThatThrownBy(() -> call("--input", "224x224"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("Invalid input: 224x224 (expected HxWxC, e.g. 224x224x3 or 28x28x1)");
    assertThatThrownBy(() -> call("resnet18", "--input", "28x28x1"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("at least 32");
    assertThatThrownBy(() -> call("--shortcut", "C"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("Invalid shortcut: C (expected one of A, B)");
    assertThatThrownBy(() -> call("--stride", "v2"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("Invalid stride placement: v2");
  }

  @Test
  void helpNamesTheOptions() {
    String help = run("--help");

    assertThat(help).contains("--format", "--classes", "--input", "--shortcut", "--stride");
    assertThat(Arrays.asList(help.split("\\s+"))).contains("models");
  }
}
