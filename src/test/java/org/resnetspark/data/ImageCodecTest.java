package org.resnetspark.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.resnetspark.config.Encoding;

class ImageCodecTest {
  @Test
  void decodesByContentNotByName() throws Exception {
    Pixels png = ImageCodec.decode(TestImages.rgb(30, 20, 1, "png"));
    assertThat(png.height()).isEqualTo(20);
    assertThat(png.width()).isEqualTo(30);
    assertThat(png.channels()).isEqualTo(3);
  }

  @Test
  void decodesGreyJpegAsOneChannel() throws Exception {
    Pixels grey = ImageCodec.decode(TestImages.grey(17, 23, 2, "jpeg"));
    assertThat(grey.channels()).isEqualTo(1);
    assertThat(grey.height()).isEqualTo(23);
  }

  @Test
  void decodesCmykJpegToRgb() throws Exception {
    Pixels pixels = ImageCodec.decode(TestImages.cmykJpeg(32, 16));
    assertThat(pixels.channels()).isEqualTo(3);
    assertThat(pixels.width()).isEqualTo(32);
    // Red on the left, blue on the right, after the CMYK to RGB conversion.
    assertThat(pixels.get(8, 4, 0)).isGreaterThan(pixels.get(8, 4, 2) + 100);
    assertThat(pixels.get(8, 28, 2)).isGreaterThan(pixels.get(8, 28, 0) + 100);
  }

  @Test
  void rejectsBadFilesWithAReason() {
    assertThatThrownBy(() -> ImageCodec.decode(new byte[0])).hasMessage("empty file");
    assertThatThrownBy(() -> ImageCodec.decode(TestImages.truncatedJpeg(64, 64, 4)))
        .hasMessageStartingWith("truncated JPEG");
    assertThatThrownBy(() -> ImageCodec.decode("hello, not an image".getBytes()))
        .hasMessageStartingWith("not an image");
    byte[] png = TestImages.rgb(64, 64, 5, "png");
    byte[] cut = java.util.Arrays.copyOf(png, png.length / 2);
    assertThatThrownBy(() -> ImageCodec.decode(cut)).isInstanceOf(RejectedImageException.class);
  }

  @Test
  void storedEncodingsRoundTrip() throws Exception {
    Pixels pixels = ImageCodec.decode(TestImages.rgb(12, 10, 6, "png"));
    for (Encoding encoding : new Encoding[] {Encoding.RAW, Encoding.PNG}) {
      byte[] stored = ImageCodec.encode(pixels, encoding, 90);
      assertThat(ImageCodec.decodeStored(stored, encoding, 10, 12, 3).data())
          .isEqualTo(pixels.data());
    }
    byte[] jpeg = ImageCodec.encode(pixels, Encoding.JPEG, 95);
    assertThat(ImageCodec.decodeStored(jpeg, Encoding.JPEG, 10, 12, 3).width()).isEqualTo(12);
  }
}
