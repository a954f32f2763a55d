package org.resnetspark.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderListingTest {
  @TempDir Path dir;

  @Test
  void listsVisibleFilesOfNestedFoldersSortedWithTheirSizes() throws Exception {
    Path apple = dir.resolve("train/apple");
    TestTrees.write(apple, "b.jpg", new byte[3]);
    TestTrees.write(apple, "a.jpg", new byte[5]);
    TestTrees.write(apple, "deeper/still/c.jpg", new byte[7]);
    TestTrees.write(apple, ".hidden.jpg", new byte[1]);
    TestTrees.write(apple, "_SUCCESS", new byte[0]);
    TestTrees.write(apple, "empty/.keep", new byte[0]);

    List<SourceItem> items =
        new FolderListing("train", 2, apple.toUri().toString()).list(new Configuration());

    String root = "file:" + apple;
    assertThat(items)
        .extracting(SourceItem::key)
        .containsExactly(root + "/a.jpg", root + "/b.jpg", root + "/deeper/still/c.jpg");
    assertThat(items).extracting(SourceItem::sizeBytes).containsExactly(5L, 3L, 7L);
    assertThat(items).allSatisfy(item -> assertThat(item.label()).isEqualTo(2));
    assertThat(items).allSatisfy(item -> assertThat(item.split()).isEqualTo("train"));
  }
}
