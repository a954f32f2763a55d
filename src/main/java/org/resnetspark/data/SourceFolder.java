package org.resnetspark.data;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.resnetspark.config.ConfigException;

/** The top of a source tree as the driver sees it: a few directory listings, no file contents. */
final class SourceFolder {
  final FileSystem fs;
  final Path root;
  final String uri;

  private SourceFolder(FileSystem fs, Path root, String uri) {
    this.fs = fs;
    this.root = root;
    this.uri = uri;
  }

  /** Opens the source root; a missing or empty source is a ConfigException. */
  static SourceFolder open(String uri, Configuration conf) throws IOException {
    Path root = new Path(uri);
    FileSystem fs = root.getFileSystem(conf);
    SourceFolder folder = new SourceFolder(fs, fs.makeQualified(root), uri);
    if (!fs.exists(root)) {
      throw new ConfigException(
          "Invalid --source: %s does not exist (expected a folder holding an image collection)",
          uri);
    }
    if (!fs.getFileStatus(root).isDirectory() || folder.entries(root).isEmpty()) {
      throw new ConfigException(
          "Invalid --source: %s is empty or not a folder (expected a folder holding an image"
              + " collection)",
          uri);
    }
    return folder;
  }

  /** Visible entries of a folder, sorted by name; empty when the folder does not exist. */
  List<FileStatus> entries(Path dir) throws IOException {
    try {
      List<FileStatus> visible = new ArrayList<>();
      FileStatus[] all = fs.listStatus(dir);
      Arrays.sort(all, (a, b) -> a.getPath().getName().compareTo(b.getPath().getName()));
      for (FileStatus status : all) {
        if (ListingTask.isVisible(status.getPath().getName())) {
          visible.add(status);
        }
      }
      return visible;
    } catch (FileNotFoundException e) {
      return List.of();
    }
  }

  List<String> subfolderNames(Path dir) throws IOException {
    return entries(dir).stream()
        .filter(FileStatus::isDirectory)
        .map(s -> s.getPath().getName())
        .toList();
  }

  boolean isFolder(Path path) throws IOException {
    return fs.exists(path) && fs.getFileStatus(path).isDirectory();
  }

  /** A short description of what is at the root, for error messages. */
  String describe() throws IOException {
    List<String> names = new ArrayList<>();
    for (FileStatus status : entries(root)) {
      names.add(status.getPath().getName() + (status.isDirectory() ? "/" : ""));
      if (names.size() == 10) {
        names.add("...");
        break;
      }
    }
    return names.toString();
  }
}
