package org.resnetspark.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which keys are secret, and that the saved configuration never holds their values. */
class SecretsTest {
  @Test
  void secretLookingKeysAreSecretAndTheirSourcesAreNot() {
    assertThat(Secrets.isSecretKey("storage.catalog.password")).isTrue();
    assertThat(Secrets.isSecretKey("spark.conf.\"spark.hadoop.fs.s3a.secret.key\"")).isTrue();
    assertThat(Secrets.isSecretKey("spark.conf.\"spark.hadoop.fs.s3a.access.key\"")).isTrue();
    assertThat(Secrets.isSecretKey("spark.conf.\"spark.hadoop.fs.azure.sas.token\"")).isTrue();
    assertThat(Secrets.isSecretKey("spark.conf.\"spark.hadoop.google.cloud.auth.Credentials\""))
        .isTrue();
    assertThat(Secrets.isSecretKey("spark.conf.\"spark.ssl.keyPassword\"")).isTrue();
    assertThat(Secrets.isSecretKey("storage.catalog.password-env")).isFalse();
    assertThat(Secrets.isSecretKey("storage.catalog.password-file")).isFalse();
    assertThat(Secrets.isSecretKey("storage.catalog.user")).isFalse();
    assertThat(Secrets.isSecretKey("spark.conf.\"spark.executor.memory\"")).isFalse();
  }

  @Test
  void theSavedConfigurationHoldsNoSecretButTheSettingsDo() {
    ResolvedConfig resolved =
        ConfigLoader.loadWithJson(
            null,
            List.of(
                "storage.catalog.password=pw-4711",
                "spark.conf.\"spark.hadoop.fs.s3a.secret.key\"=s3-4712"));
    assertThat(resolved.json())
        .doesNotContain("pw-4711")
        .doesNotContain("s3-4712")
        .contains("\"password\" : \"(redacted)\"")
        .contains("\"spark.hadoop.fs.s3a.secret.key\" : \"(redacted)\"");
    assertThat(resolved.settings().storage().catalog().password()).isEqualTo("pw-4711");
    assertThat(resolved.settings().spark().conf())
        .containsEntry("spark.hadoop.fs.s3a.secret.key", "s3-4712");
  }

  @Test
  void anEmptySecretIsNotRedacted() {
    assertThat(ConfigLoader.loadWithJson(null, List.of()).json())
        .contains("\"password\" : \"\"")
        .doesNotContain("(redacted)");
  }

  @Test
  void theCatalogPasswordComesFromAFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("catalog-password");
    Files.writeString(file, "from-file-4713\n");
    ResolvedConfig resolved =
        ConfigLoader.loadWithJson(null, List.of("storage.catalog.password-file=" + file));
    assertThat(resolved.settings().storage().catalog().password()).isEqualTo("from-file-4713");
    assertThat(resolved.json()).doesNotContain("from-file-4713").contains(file.toString());
  }

  @Test
  void anUnsetPasswordVariableIsAnErrorNamingTheKey() {
    assertThatThrownBy(
            () ->
                ConfigLoader.load(
                    null, List.of("storage.catalog.password-env=RESNET_NO_SUCH_VARIABLE_4714")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "Invalid storage.catalog.password-env: 'RESNET_NO_SUCH_VARIABLE_4714' (expected the"
                + " name of an environment variable that is set");
  }

  @Test
  void thePasswordGivenTwiceIsAnError() {
    assertThatThrownBy(
            () ->
                ConfigLoader.load(
                    null,
                    List.of("storage.catalog.password=a", "storage.catalog.password-env=HOME")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "The catalog password is given twice (storage.catalog.password,"
                + " storage.catalog.password-env)");
  }
}
