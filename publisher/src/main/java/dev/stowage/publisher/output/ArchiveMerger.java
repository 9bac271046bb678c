package dev.stowage.publisher.output;

import dev.stowage.error.BadInputException;
import dev.stowage.error.FailureText;
import dev.stowage.json.Json;
import dev.stowage.publisher.archive.DockerArchiveManifest;
import dev.stowage.publisher.archive.DockerArchiveReader;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Merges {@code docker load} archives into one, as nixpkgs' {@code dockerTools.mergeImages} does:
 * every file of every input once (a name in several inputs must have the same bytes in each, so
 * shared layers are written once), {@code manifest.json} listing every image in input order, and
 * a {@code repositories} object merged per repository and tag when an input has one. Entries are
 * sorted by name with {@link DeterministicTar}'s fixed metadata, so the same inputs give the same
 * bytes. The output is plain tar, written to a temp file and renamed into place.
 */
public final class ArchiveMerger {

    /** What was merged: the images (in manifest order) and how many files were shared between inputs. */
    public record Merged(List<DockerArchiveManifest> images, int files, int shared) {}

    public Merged merge(Path out, List<Path> inputs) throws IOException {
        if (inputs.isEmpty()) throw new BadInputException("inputs", "name at least one docker archive to merge");
        Path dir = out.toAbsolutePath().getParent();
        if (Files.isDirectory(out)) throw new BadInputException(out.toString(), "is a directory; name the merged archive file to write");
        try {
            Files.createDirectories(dir);
        } catch (FileSystemException e) {
            throw new BadInputException(out.toString(), "cannot be written: " + FailureText.line(e), e);
        }
        List<DockerArchiveReader> opened = new ArrayList<>();
        try {
            for (Path in : inputs) opened.add(DockerArchiveReader.open(in, dir));
            return write(out, opened);
        } finally {
            for (DockerArchiveReader in : opened) in.close();
        }
    }

    private Merged write(Path out, List<DockerArchiveReader> inputs) throws IOException {
        Map<String, DockerArchiveReader> owner = new TreeMap<>();
        int shared = 0;
        for (DockerArchiveReader in : inputs) {
            for (String name : in.contentNames()) {
                DockerArchiveReader first = owner.putIfAbsent(name, in);
                if (first != null) {
                    requireSame(name, first, in);
                    shared++;
                }
            }
        }
        List<DockerArchiveManifest> images = images(inputs);
        Map<String, Map<String, String>> repositories = repositories(inputs);
        Path tmp = AtomicFiles.siblingTemp(out, ".part");
        try {
            try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16);
                    DeterministicTar tar = new DeterministicTar(os)) {
                TreeSet<String> names = new TreeSet<>(owner.keySet());
                names.add(DockerArchiveReader.MANIFEST);
                if (!repositories.isEmpty()) names.add(DockerArchiveReader.REPOSITORIES);
                names.addAll(directories(owner.keySet()));
                for (String name : names) {
                    if (name.endsWith("/")) {
                        tar.directory(name);
                    } else if (name.equals(DockerArchiveReader.MANIFEST)) {
                        tar.file(name, Json.canonicalBytes(images));
                    } else if (name.equals(DockerArchiveReader.REPOSITORIES)) {
                        tar.file(name, Json.canonicalBytes(repositories));
                    } else {
                        DockerArchiveReader in = owner.get(name);
                        if (in.linkTarget(name) != null) {
                            tar.symlink(name, in.linkTarget(name));
                            continue;
                        }
                        try (InputStream body = in.open(name)) {
                            tar.file(name, in.size(name), body);
                        }
                    }
                }
            }
            AtomicFiles.moveInto(tmp, out);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return new Merged(images, owner.size(), shared);
    }

    private static void requireSame(String name, DockerArchiveReader first, DockerArchiveReader other) throws IOException {
        String a = first.identity(name);
        String b = other.identity(name);
        if (!a.equals(b)) {
            throw new BadInputException(other.source().toString(), name + " differs from the entry of that name in " + first.source()
                    + " (" + b + " vs " + a + ")");
        }
    }

    /** Every input's images in order; one name:tag may be loaded from one image only. */
    private static List<DockerArchiveManifest> images(List<DockerArchiveReader> inputs) {
        List<DockerArchiveManifest> out = new ArrayList<>();
        Map<String, Path> tagged = new HashMap<>();
        for (DockerArchiveReader in : inputs) {
            for (DockerArchiveManifest m : in.images()) {
                List<String> tags = m.repoTags() == null ? List.of() : m.repoTags();
                for (String tag : tags) {
                    Path earlier = tagged.putIfAbsent(tag, in.source());
                    if (earlier != null) throw in.bad("its image " + tag + " is also in " + earlier);
                }
                out.add(new DockerArchiveManifest(DockerArchiveReader.normal(m.config()), tags,
                        m.layers().stream().map(DockerArchiveReader::normal).toList()));
            }
        }
        return out;
    }

    private static Map<String, Map<String, String>> repositories(List<DockerArchiveReader> inputs) {
        Map<String, Map<String, String>> out = new TreeMap<>();
        for (DockerArchiveReader in : inputs) {
            in.repositories().forEach((repo, tags) -> out.computeIfAbsent(repo, r -> new TreeMap<>()).putAll(tags));
        }
        return out;
    }

    /** The parent directories of {@code files}, each ending in {@code /}. */
    private static List<String> directories(Iterable<String> files) {
        Map<String, Boolean> dirs = new LinkedHashMap<>();
        for (String f : files) {
            for (int i = f.indexOf('/'); i > 0; i = f.indexOf('/', i + 1)) dirs.put(f.substring(0, i + 1), true);
        }
        return new ArrayList<>(dirs.keySet());
    }
}
